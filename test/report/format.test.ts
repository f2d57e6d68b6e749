import { describe, expect, it } from '@jest/globals';
import * as fmt from '../../src/util/format.js';
import { escapeXml, jsonForScript } from '../../src/report/sanitize.js';
import { attributeNoun, groupSentence, plural } from '../../src/report/summary.js';
import type { GroupStat } from '../../src/result/index.js';

describe('format', () => {
  it('writes scores with three decimals and never "-0.000"', () => {
    expect(fmt.score(0.12345)).toBe('0.123');
    expect(fmt.score(-0.0001)).toBe('0.000');
    expect(fmt.score(Number.NaN)).toBe('–');
  });
  it('signs differences with a real minus sign', () => {
    expect(fmt.signed(-0.12)).toBe('\u22120.120');
    expect(fmt.signed(0.042)).toBe('+0.042');
    expect(fmt.signed(0.0001)).toBe('0.000');
  });
  it('writes p-values below 0.001 as "< 0.001"', () => {
    expect(fmt.pValue(0.0004)).toBe('< 0.001');
    expect(fmt.pValue(0.0312)).toBe('0.031');
  });
  it('writes intervals and rank intervals', () => {
    expect(fmt.interval([0.08, 0.151], 2)).toBe('0.08 to 0.15');
    expect(fmt.rankInterval([3, 17.6])).toBe('3–18');
  });
});

describe('sanitize', () => {
  it('keeps inline JSON from closing the script or breaking lines, and it still parses to the same value', () => {
    const value = { name: 'hax\u2028hax\u2029</script><script>alert(1)</script><!--' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/<|\u2028|\u2029/);
    expect(json).toBe('{"name":"hax\\u2028hax\\u2029\\u003c/script>\\u003cscript>alert(1)\\u003c/script>\\u003c!--"}');
    expect(JSON.parse(json)).toEqual(value);
  });
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('summary sentences', () => {
  const base = { n: 24, n_fillers: 1, mean: 0.4, ci: [0.35, 0.45], rank: 200, rank_ci: [180, 220], p: 0.0001, p_perm: 0.0002, p_adj: 0.01,
    p_adj_bh: 0.005, significant: true, attrs: {}, sim_ci: [-0.2, 0.2] } as const;

  it('says how much lower a group scores, with the simultaneous interval the table shows and the templates on its side', () => {
    const g: GroupStat = { ...base, ci: [0.35, 0.45], rank_ci: [180, 220], attrs: {}, key: 'Iraq', centred: -0.12,
      centred_ci: [-0.15, -0.08], sim_ci: [-0.2, -0.04], wording: null, direction_flip: null, direction: 'lower', templates_above: 2, templates_below: 22 };
    expect(groupSentence(g, 'country', 24)).toBe(
      'Scores for Iraq are lower than the average country in the same template by 0.12 (simultaneous 95% CI 0.04 to 0.20), lower on 22 of 24 templates.');
  });

  it('names a wording set that reverses the direction, and says nothing about wording otherwise', () => {
    const g: GroupStat = { ...base, ci: [0.35, 0.45], rank_ci: [180, 220], attrs: {}, key: 'France', centred: 0.05,
      centred_ci: [0.01, 0.09], sim_ci: [0.01, 0.12], direction: 'higher', templates_above: 15, templates_below: 9,
      wording: [{ n_templates: 12, mean: 0.08, ci: [0.04, 0.12] }, { n_templates: 4, mean: -0.1, ci: [-0.15, -0.05] }],
      direction_flip: true };
    expect(groupSentence(g, 'country', 24)).toBe(
      'Scores for France are higher than the average country in the same template by 0.05 (simultaneous 95% CI 0.01 to 0.12), ' +
        'higher on 15 of 24 templates; ' +
        'one paraphrase wording set shows the opposite direction.');
    expect(groupSentence({ ...g, direction_flip: false }, 'country', 24)).toMatch(/higher on 15 of 24 templates\.$/);
  });



  it('names a group after its attribute: a slot, a slot attribute, or "group" for crossed attributes', () => {
    expect([attributeNoun('country'), attributeNoun('name.ethnicity'), attributeNoun(['name.gender', 'country'])]).toEqual(['country', 'ethnicity', 'group']);
  });

  it('pluralises attribute names', () => {
    expect(['country', 'gender', 'religion', 'address'].map(plural)).toEqual(['countries', 'genders', 'religions', 'addresses']);
  });
});
