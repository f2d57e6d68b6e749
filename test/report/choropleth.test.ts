import { readFileSync } from 'node:fs';
import * as fmt from '../../src/util/format.js';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { interpolateRdBu } from 'd3';
import { classOf, CLASS_COUNT, diverging, hasMapKeys, renderChoropleth } from '../../src/report/choropleth.js';
import { worldGeometry } from '../../src/report/geo.js';
import type { GroupStat } from '../../src/result/index.js';
import { HOSTILE_IMG, makeResult } from './helpers/make-result.js';
import { makeSmallResult } from './helpers/small-fixture.js';

const stats = makeSmallResult().stats!;

/** data-key -> {tag, fill} for every interactive map element. */
function drawn(svg: string): Map<string, { tag: string; fill: string }> {
  const out = new Map<string, { tag: string; fill: string }>();
  for (const m of svg.matchAll(/<(path|circle) class="country[^"]*"[^>]*? fill="([^"]+)" tabindex="0" data-key="([^"]*)"/g)) {
    out.set(m[3]!, { tag: m[1]!, fill: m[2]! });
  }
  return out;
}

describe('world geometry (world-atlas 1:50m)', () => {
  it('has a shape for every UN member but Tuvalu, and Kosovo under XKX', () => {
    const world = worldGeometry();
    const members = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('world-countries/countries.json'), 'utf8')) as
      { ccn3: string; unMember: boolean; name: { common: string } }[]).filter((c) => c.unMember);
    expect(members.length).toBeGreaterThanOrEqual(193);
    expect(members.filter((c) => !world.shapes.has(c.ccn3)).map((c) => c.name.common)).toEqual(['Tuvalu']);
    expect(world.shapes.has('250')).toBe(true); // France
    expect(world.shapes.has('798')).toBe(false); // Tuvalu: no shape at 1:50m
    expect(world.shapes.get('XKX')?.name).toBe('Kosovo');
    expect(world.locate('798')).toEqual([178, -8]);
  });
});

describe('diverging classes', () => {
  const groups = stats.groups;
  const centre = stats.overall_mean;
  const classes = diverging(groups, centre);

  it('are nine RdBu classes, symmetric around the overall mean, spanning every group mean', () => {
    expect(classes).toHaveLength(CLASS_COUNT);
    const middle = classes[(CLASS_COUNT - 1) / 2]!;
    expect(middle.low).toBeLessThan(centre);
    expect(middle.high).toBeGreaterThan(centre);
    expect(centre - classes[0]!.low).toBeCloseTo(classes[CLASS_COUNT - 1]!.high - centre, 12);
    expect(Math.min(...groups.map((g) => g.mean))).toBeGreaterThanOrEqual(classes[0]!.low - 1e-12);
    expect(Math.max(...groups.map((g) => g.mean))).toBeLessThanOrEqual(classes[CLASS_COUNT - 1]!.high + 1e-12);
    expect(classes[0]!.colour).toBe(interpolateRdBu(0.5 / CLASS_COUNT));
  });

  it('have edges at quantiles of |effect|, so the middle class holds about a fifth of the groups, not most of them', () => {
    const at0 = diverging(groups, 0);
    const middle = at0[(CLASS_COUNT - 1) / 2]!;
    const inMiddle = groups.filter((g) => g.centred >= middle.low && g.centred < middle.high).length;
    expect(inMiddle).toBeGreaterThanOrEqual(Math.floor(groups.length * 0.15));
    expect(inMiddle).toBeLessThanOrEqual(Math.ceil(groups.length * 0.25));
    for (let i = 1; i < CLASS_COUNT; i++) expect(at0[i]!.low).toBeCloseTo(at0[i - 1]!.high, 12);
  });

  it('put the lowest mean in the first class, the highest in the last and the overall mean in the middle', () => {
    expect(classOf(classes, classes[0]!.low)).toBe(0);
    expect(classOf(classes, classes[CLASS_COUNT - 1]!.high)).toBe(CLASS_COUNT - 1);
    expect(classOf(classes, centre)).toBe((CLASS_COUNT - 1) / 2);
  });
});

describe('renderChoropleth', () => {
  const map = renderChoropleth(stats.groups, stats.overall_mean, 'country');
  const elements = drawn(map.svg);
  const name = (iso3: string) => stats.groups.find((g) => g.attrs.iso3 === iso3)!.key;

  it('draws every fixture country once: a shape, or a circle for states too small or without a shape', () => {
    expect(elements.size).toBe(30);
    expect(map.shapes + map.circles).toBe(30);
    expect(map.missing).toEqual([]);
    expect(elements.get(name('FRA'))!.tag).toBe('path');
    expect(elements.get(name('TUV'))!.tag).toBe('circle');
    expect(elements.get(name('VAT'))!.tag).toBe('circle');
    expect(elements.get(name('XKX'))).toBeDefined();
    expect(map.noData).toBe(worldGeometry().shapes.size - 29); // Tuvalu has no shape to take
  });

  it('colours by the group effect and hatches exactly the countries whose simultaneous interval (the table\u2019s) contains 0', () => {
    for (const g of stats.groups) {
      const fill = elements.get(g.key)!.fill;
      const differs = g.sim_ci[0] > 0 || g.sim_ci[1] < 0;
      expect([g.key, fill.startsWith('url(#hatch-')]).toEqual([g.key, !differs]);
      const i = classOf(map.classes, g.centred);
      expect(fill).toBe(differs ? map.classes[i]!.colour : `url(#hatch-${i})`);
    }
    // The scale is centred at an effect of 0 (the average of all groups in the same template).
    const mid = map.classes[(map.classes.length - 1) / 2]!;
    expect(mid.low).toBeCloseTo(-mid.high, 12);
  });

  it('draws a country whose simultaneous interval excludes 0 in its solid colour, whatever Holm or its mean score\u2019s interval say', () => {
    const groups = stats.groups.map((g) => (g.attrs.iso3 === 'FRA'
      ? { ...g, significant: false, p_adj: 0.9, ci: [0, 1] as [number, number], sim_ci: [0.001, 0.2] as [number, number] } : g));
    const solid = renderChoropleth(groups, stats.overall_mean, 'country');
    const france = groups.find((g) => g.attrs.iso3 === 'FRA')!;
    expect(drawn(solid.svg).get(france.key)!.fill).toBe(solid.classes[classOf(solid.classes, france.centred)]!.colour);
  });

  it('gives each country a <title> and tooltip data with name, effect, interval, verdict, n and rank interval', () => {
    const g = stats.groups.find((x) => x.attrs.iso3 === 'FRA')!;
    const differs = g.sim_ci[0] > 0 ? 'differs: higher than the average country' : g.sim_ci[1] < 0 ? 'differs: lower than the average country'
      : 'cannot be told from the average country';
    const title = `${g.key}: effect ${fmt.signed(g.centred)} (simultaneous 95% CI ${fmt.interval(g.sim_ci)}), ${differs}; mean score ${g.mean.toFixed(3)}, n ${g.n}`;
    expect(map.svg).toContain(`<title>${title}</title>`);
    expect(map.svg).toContain(`data-key="${g.key}" data-effect="${fmt.signed(g.centred)}" data-ci="${fmt.interval(g.sim_ci)}" data-verdict="${differs}" data-mean="${g.mean.toFixed(3)}" data-n="${g.n}"`);
    expect(map.svg).toContain('<title>Canada: no data</title>');
  });

  it('lists groups it cannot place, and escapes names', () => {
    const odd: GroupStat = { ...stats.groups[0]!, key: HOSTILE_IMG, attrs: { region: 'Nowhere' } };
    const out = renderChoropleth([odd, { ...stats.groups[1]!, key: `${HOSTILE_IMG}"` }], stats.overall_mean, 'country');
    expect(out.missing).toEqual([HOSTILE_IMG]);
    expect(out.svg).not.toContain('<img');
    expect(out.svg).toContain('data-key="&lt;img src=x onerror=alert(1)&gt;&quot;"');
  });

  it('is only wanted when groups carry ISO numeric codes', () => {
    expect(hasMapKeys(stats.groups)).toBe(true);
    expect(hasMapKeys(makeResult({ groups: 5, templates: 2, withoutNumeric: true }).stats!.groups)).toBe(false);
  });
});
