import { expandProbe } from '../../src/expand/index.js';
import { loadProbeSpec, type ProbeItem } from '../../src/probe/index.js';
import type { ResultRecord } from '../../src/result/index.js';
import { analyzeProbe, mulberry32 } from '../../src/stats/index.js';
import { pronounGap } from '../../src/stats/probe/pronoun-gap.js';

let items: ProbeItem[];
beforeAll(async () => {
  items = expandProbe(await loadProbeSpec('occupations_gender'));
});

/** A fake classifier: she − he = slope x (share of women − 0.5) per occupation (0 without a share), plus noise. */
function scored(slope: number, noise: number, seed: number): ResultRecord[] {
  const rng = mulberry32(seed);
  return items.map((item) => {
    const share = item.slots.occupation?.share_women;
    const she = item.slots.pronoun?.gender === 'female' ? 0.5 : -0.5;
    const planted = typeof share === 'number' ? slope * (share / 100 - 0.5) * she : 0;
    const score = Math.min(1, Math.max(0, 0.5 + planted + noise * (rng.next() - 0.5)));
    return { ...item, probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE' };
  });
}

describe('the she − he gap per occupation and its slope on the share of women (occupations_gender)', () => {
  it('recovers a planted slope of 0.2 within its 95% interval, which excludes 0', () => {
    const gap = pronounGap(scored(0.2, 0.1, 1))!;
    expect(gap.slot).toBe('pronoun');
    const rel = gap.share_women!;
    expect(rel.n).toBe(gap.rows.filter((r) => r.share_women !== null).length);
    expect(rel.n).toBeGreaterThanOrEqual(50);
    expect(rel.slope_ci[0]).toBeLessThan(0.2);
    expect(rel.slope_ci[1]).toBeGreaterThan(0.2);
    expect(rel.slope_ci[0]).toBeGreaterThan(0);
    expect(rel.pearson_r).toBeGreaterThan(0.5);
    expect(rel.slope_p).toBeLessThan(0.001);
  });

  it('gives each occupation its own gap: slope x (share − 0.5) with a share, 0 without', () => {
    const gap = pronounGap(scored(0.2, 0, 2))!;
    const withShare = gap.rows.find((r) => r.share_women !== null)!;
    expect(withShare.gap).toBeCloseTo(0.2 * (withShare.share_women! / 100 - 0.5), 10);
    const without = gap.rows.find((r) => r.share_women === null)!;
    expect(without.gap).toBeCloseTo(0, 10);
  });

  it('covers a zero slope in about 95% of null classifiers', () => {
    let covered = 0;
    const N = 80;
    for (let i = 0; i < N; i++) {
      const rel = pronounGap(scored(0, 0.2, 100 + i))!.share_women!;
      if (rel.slope_ci[0] <= 0 && 0 <= rel.slope_ci[1]) covered++;
    }
    expect(covered / N).toBeGreaterThan(0.87);
  });

  it('is in the probe analysis (result.json stats.pronoun_gap) and absent for probes without a pronoun slot', () => {
    const stats = analyzeProbe(scored(0.2, 0.1, 3), { attribute: 'occupation', seed: 1, resamples: 50 });
    expect(stats.pronoun_gap?.share_women?.slope).toBeCloseTo(pronounGap(scored(0.2, 0.1, 3))!.share_women!.slope, 12);
    const noPronoun = scored(0, 0.1, 4).map((r) => ({ ...r, slots: { occupation: r.slots.occupation } }));
    expect(pronounGap(noPronoun)).toBeNull();
  });
});
