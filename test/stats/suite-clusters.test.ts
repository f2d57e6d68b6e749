/** Suites resample clusters of items (occupations, targets), not items: src/suites/intervals.ts. */
import { bootstrapMeanCi, pairedGap, signFlipP } from '../../src/suites/intervals.js';
import { gaussian, stream } from '../../src/stats/probe/streams.js';

/** 12 occupations x 20 items: each occupation has its own shift (sd 0.1), items add noise sd 0.02; no overall effect. */
function clustered(seed: number): { d: number[]; occupation: string[] } {
  const rng = stream(seed, 'clusters');
  const d: number[] = [];
  const occupation: string[] = [];
  for (let c = 0; c < 12; c++) {
    const shift = 0.1 * gaussian(rng);
    for (let i = 0; i < 20; i++) {
      d.push(shift + 0.02 * gaussian(rng));
      occupation.push(`occ${c}`);
    }
  }
  return { d, occupation };
}

describe('cluster bootstrap and cluster sign-flip for suite items', () => {
  it('covers the true mean 0 in about 95% of data sets where items cluster, while the item bootstrap does not', () => {
    let clusteredCover = 0;
    let naiveCover = 0;
    const N = 200;
    for (let s = 0; s < N; s++) {
      const { d, occupation } = clustered(s);
      const c = bootstrapMeanCi(d, s, 400, occupation);
      const n = bootstrapMeanCi(d, s, 400);
      if (c[0] <= 0 && 0 <= c[1]) clusteredCover++;
      if (n[0] <= 0 && 0 <= n[1]) naiveCover++;
    }
    // 12 clusters: the percentile interval is a little narrow (small-sample), still far from the naive one.
    expect(clusteredCover / N).toBeGreaterThanOrEqual(0.88);
    expect(naiveCover / N).toBeLessThan(0.5);
  });

  it('flips whole clusters: with 12 occupations all shifted the same way, p is exactly 2 / 2^12', () => {
    const d = Array.from({ length: 240 }, (_, i) => 0.1 + 0.001 * (i % 7));
    const occupation = d.map((_, i) => `occ${i % 12}`);
    expect(signFlipP(d, 1, occupation)).toBeCloseTo(2 / 4096, 12);
    // As independent items the same data would give p near 1e-4 (Monte Carlo floor).
    expect(signFlipP(d, 1)).toBeLessThan(2 / 4096);
  });

  it('runs Wilcoxon on cluster means and keeps the mean over all items', () => {
    const { d, occupation } = clustered(3);
    const g = pairedGap(d, 3, 200, occupation);
    expect(g.n).toBe(240);
    expect(g.mean).toBeCloseTo(d.reduce((a, b) => a + b, 0) / 240, 12);
    expect(g.p_wilcoxon).toBeGreaterThan(1e-3);
  });

  it('does not depend on the order of the items', () => {
    const { d, occupation } = clustered(5);
    const order = d.map((_, i) => i).reverse();
    const [a, b] = bootstrapMeanCi(order.map((i) => d[i]), 9, 300, order.map((i) => occupation[i]));
    const [c, e] = bootstrapMeanCi(d, 9, 300, occupation);
    expect([a, b]).toEqual([expect.closeTo(c, 12), expect.closeTo(e, 12)]);
  });
});
