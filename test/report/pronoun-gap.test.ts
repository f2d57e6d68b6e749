/** The report's "She − he gap" part: per-occupation gaps and the slope on the share of women, from stats.pronoun_gap. */
import { describe, expect, it } from '@jest/globals';
import { renderReport } from '../../src/report/index.js';
import type { AuditResult, PronounGapStat } from '../../src/result/index.js';
import { HOSTILE_SCRIPT } from './helpers/make-result.js';
import { makeSmallResult } from './helpers/small-fixture.js';

const NOW = new Date('2025-11-26T12:00:00Z');
const small = makeSmallResult();
const withGap = (pronoun_gap: PronounGapStat | undefined): AuditResult => ({ ...small, stats: { ...small.stats!, pronoun_gap } });

const gap: PronounGapStat = {
  slot: 'pronoun',
  rows: [
    { filler: 'nurse', gap: 0.0412, ci: [0.01, 0.072], n_families: 8, share_women: 88.9 },
    { filler: HOSTILE_SCRIPT, gap: -0.02, ci: [-0.05, 0.01], n_families: 8, share_women: null },
  ],
  share_women: { n: 60, slope: 0.0731, slope_ci: [0.021, 0.125], slope_p: 0.0064, pearson_r: 0.35, pearson_ci: [0.1, 0.55] },
};

describe('She − he gap per occupation', () => {
  it('states the slope on the share of women with its interval and lists each gap, the text escaped', () => {
    const html = renderReport(withGap(gap), { now: NOW });
    expect(html).toContain('<h3 id="pronoun-gap">');
    expect(html).toMatch(/changes by \+0\.07\d* \(95% CI [^)]*0\.02\d*[^)]*0\.12\d*, p: 0\.006\)/);
    expect(html).toContain('<td>nurse</td>');
    expect(html).toContain('88.9%');
    expect(html).not.toContain(HOSTILE_SCRIPT);
  });

  it('says plainly when the lexicon gives too few shares, and shows nothing without the field', () => {
    expect(renderReport(withGap({ ...gap, share_women: null }), { now: NOW })).toContain('too few');
    expect(renderReport(withGap(undefined), { now: NOW })).not.toContain('id="pronoun-gap"');
  });
});
