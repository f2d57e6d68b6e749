import { bootstrapMeanCi, pairedGap, pearsonWithCi, share, shareLower, signFlipP, spearmanWithCi } from '../../src/suites/index.js';

describe('suite intervals and tests', () => {
  it('gives a Fisher z interval for Pearson r: r = 0.5 over 28 points is 0.156 to 0.736 (as scipy)', () => {
    // x and y built so that r is exactly 0.5: y = 0.5 x + √0.75 e with e orthogonal to x (both centred, same norm).
    const x = Array.from({ length: 28 }, (_, i) => (i % 2 ? 1 : -1));
    const e = Array.from({ length: 28 }, (_, i) => (i % 4 < 2 ? 1 : -1));
    const y = x.map((v, i) => 0.5 * v + Math.sqrt(0.75) * e[i]);
    const c = pearsonWithCi(x, y);
    expect(c.r).toBeCloseTo(0.5, 12);
    expect(c.ci[0]).toBeCloseTo(Math.tanh(Math.atanh(0.5) - 1.959963984540054 / 5), 12);
    // scipy.stats.pearsonr(x, y).confidence_interval() (scipy 1.17.1)
    expect(c.ci[0]).toBeCloseTo(0.15602836252908586, 12);
    expect(c.ci[1]).toBeCloseTo(0.7358184794439375, 12);
  });

  it('bootstraps the mean of a constant to a zero-width interval, and is reproducible by seed', () => {
    expect(bootstrapMeanCi([0.25, 0.25, 0.25], 1, 100)).toEqual([0.25, 0.25]);
    const xs = [0.1, 0.5, 0.2, 0.9, 0.3, 0.7];
    expect(bootstrapMeanCi(xs, 3, 500)).toEqual(bootstrapMeanCi(xs, 3, 500));
    expect(bootstrapMeanCi(xs, 3, 500)).not.toEqual(bootstrapMeanCi(xs, 4, 500));
    const [lo, hi] = bootstrapMeanCi(xs, 3, 500);
    expect(lo).toBeGreaterThanOrEqual(0.1);
    expect(hi).toBeLessThanOrEqual(0.9);
    expect(lo).toBeLessThan(0.45);
    expect(hi).toBeGreaterThan(0.45);
  });

  it('computes the sign-flip p exactly for small n: [1, 2, 3] gives 2/8', () => {
    expect(signFlipP([1, 2, 3], 1)).toBe(0.25);
  });

  it('uses 10,000 seeded flips with the +1 correction for larger n', () => {
    const d = Array.from({ length: 40 }, (_, i) => 0.01 * (i + 1));
    expect(signFlipP(d, 1)).toBeCloseTo(1 / 10001, 15);
    const noisy = Array.from({ length: 40 }, (_, i) => (i % 2 ? 1 : -1) * (i + 1));
    expect(signFlipP(noisy, 5)).toBe(signFlipP(noisy, 5));
    expect(signFlipP(noisy, 5)).toBeGreaterThan(0.5); // sum = 20 against a spread of about √(Σ d²) = 150
  });

  it('pairs a mean gap with Wilcoxon and permutation p-values', () => {
    const g = pairedGap([0.1, 0.2, -0.05, 0.3, 0.15], 2, 300);
    expect(g.n).toBe(5);
    expect(g.mean).toBeCloseTo(0.14, 12);
    expect(g.p_wilcoxon).toBeCloseTo(0.125, 12); // scipy.stats.wilcoxon([0.1, 0.2, -0.05, 0.3, 0.15]).pvalue (1.17.1)
    expect(g.p_perm).toBeCloseTo(4 / 32, 12);
  });

  it('shares: Wilson interval and exact binomial p, ties counted apart', () => {
    expect(share(7, 10, 0).p).toBeCloseTo(0.34375, 12); // scipy.stats.binomtest(7, 10).pvalue
    // Wilson score interval in closed form: (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)
    expect(share(7, 10, 0).ci[0]).toBeCloseTo(0.396775, 5);
    expect(share(7, 10, 0).ci[1]).toBeCloseTo(0.892209, 5);
    expect(shareLower([0.1, 0.5, 0.3, 0.2], [0.2, 0.5, 0.1, 0.9])).toMatchObject({ k: 2, n: 3, ties: 1 });
  });

  it('bootstraps Spearman over pairs; a perfectly monotone relation stays at 1', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const c = spearmanWithCi(x, x.map((v) => v ** 3), 9, 300);
    expect(c.r).toBeCloseTo(1, 12);
    expect(c.ci[0]).toBeCloseTo(1, 12);
    expect(c.ci[1]).toBeCloseTo(1, 12);
  });
});
