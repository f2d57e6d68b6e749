import { quantiles, quantileSorted } from '../../src/stats/descriptive.js';
import { mulberry32 } from '../../src/stats/random.js';
import { drawSigns, signFlipExact, signFlipMonteCarlo } from '../../src/stats/probe/signflip.js';

describe('mulberry32', () => {
  it('repeats its stream for the same seed and differs for another', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
  });

  it('draws integers in [0, n) with roughly equal frequency', () => {
    const rng = mulberry32(1);
    const counts = new Array(5).fill(0);
    for (let i = 0; i < 50_000; i++) counts[rng.int(5)]++;
    for (const k of counts) expect(Math.abs(k - 10_000)).toBeLessThan(400);
  });
});

describe('quantiles by selection', () => {
  it('equals numpy-style linear quantiles of the sorted values, skipping NaN', () => {
    const rng = mulberry32(3);
    const values = Float64Array.from({ length: 1001 }, (_, i) => (i % 97 === 0 ? NaN : Math.round(rng.next() * 50)));
    const sorted = values.filter((v) => !Number.isNaN(v)).sort();
    const ps = [0, 0.025, 0.5, 0.975, 1];
    expect(quantiles(values, ps)).toEqual(ps.map((p) => quantileSorted(sorted, p)));
  });

  it('interpolates between neighbours as numpy does', () => {
    expect(quantiles([4, 1, 3, 2], [0.025, 0.975])).toEqual([1.075, 3.925]);
  });
});

describe('sign-flip permutation test', () => {
  it('counts the patterns at least as extreme as the observed sum: d = (1, 2, 3) gives 2 of 8', () => {
    expect(signFlipExact([1, 2, 3])).toBe(0.25);
    expect(signFlipExact([3, -2, 1])).toBe(0.75);
  });

  it('agrees with the exact p by Monte Carlo within sampling error, and adds 1 to both counts', () => {
    const d = [0.3, -0.1, 0.25, 0.4, 0.05, -0.2, 0.15, 0.1, 0.35, -0.05, 0.2, 0.12];
    const exact = signFlipExact(d);
    const mc = signFlipMonteCarlo(d, drawSigns(mulberry32(9), 10_000, d.length));
    expect(Math.abs(mc - exact)).toBeLessThan(4 * Math.sqrt((exact * (1 - exact)) / 10_000));
    // Four flips that all negate every sign: |S*| = |S| each time, so p = (4 + 1) / (4 + 1).
    expect(signFlipMonteCarlo([1, 1, 1, 1], { bytes: new Uint8Array(4), flips: 4, chunks: 1 })).toBe(1);
    // Four flips that keep two signs and negate two: S* = 0 < 4, so p = (0 + 1) / (4 + 1).
    expect(signFlipMonteCarlo([1, 1, 1, 1], { bytes: new Uint8Array(4).fill(0b0011), flips: 4, chunks: 1 })).toBe(0.2);
  });
});
