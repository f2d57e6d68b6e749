import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../../src/config/paths.js';
import { absBounds, aucInterval, delong, newcombe, sidakLevel, wilson } from '../../../src/stats/fairness/intervals.js';

/** R reference values: test/fixtures/stats/fairness-intervals.R (pROC DeLong variances, prop.test continuity-corrected Wilson). */
const ref = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test/fixtures/stats/fairness-intervals.json'), 'utf8')) as {
  auc: { x: number[]; y: number[]; auc: number; variance: number }[];
  wilson: { k: number; n: number; level: number; low: number; high: number }[];
};

/** Counts per tie block of two samples, blocks in ascending score order. */
function blocks(x: number[], y: number[]): { bx: number[]; by: number[] } {
  const values = [...new Set([...x, ...y])].sort((a, b) => a - b);
  const at = new Map(values.map((v, i) => [v, i]));
  const bx = values.map(() => 0);
  const by = values.map(() => 0);
  for (const v of x) bx[at.get(v)!]++;
  for (const v of y) by[at.get(v)!]++;
  return { bx, by };
}

describe('Wilson intervals (continuity-corrected)', () => {
  it('equal R prop.test with its continuity correction, at 95% and at a Šidák level', () => {
    for (const w of ref.wilson) {
      const [lo, hi] = wilson(w.k, w.n, w.level);
      expect(lo).toBeCloseTo(w.low, 8);
      expect(hi).toBeCloseTo(w.high, 8);
    }
  });

  it('are never zero-width for 0 of 6 or 7 of 7', () => {
    expect(wilson(0, 6)[0]).toBe(0);
    expect(wilson(0, 6)[1]).toBeGreaterThan(0.3);
    expect(wilson(7, 7)[1]).toBe(1);
    expect(wilson(7, 7)[0]).toBeLessThan(0.7);
  });
});

describe("Newcombe's hybrid score interval of a difference of rates", () => {
  // Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 11 (score with continuity correction).
  it.each([
    [56, 70, 48, 80, 0.0428, 0.3422],
    [9, 10, 3, 10, 0.1013, 0.8387],
    [5, 56, 0, 29, -0.0667, 0.2037],
    [0, 10, 0, 20, -0.2005, 0.3445],
    [10, 10, 0, 20, 0.6014, 1],
    [10, 10, 0, 10, 0.5128, 1],
  ])('%i/%i − %i/%i is %f to %f as in Newcombe 1998', (k1, n1, k2, n2, lo, hi) => {
    const [l, h] = newcombe(k1, n1, k2, n2);
    expect(l).toBeCloseTo(lo, 4);
    expect(h).toBeCloseTo(hi, 4);
  });

  it('holds its estimate and has width for a rate of 0 of 6 against a background', () => {
    const [l, h] = newcombe(0, 6, 30, 200);
    expect(l).toBeLessThan(-0.15);
    expect(h).toBeGreaterThan(0);
    expect(absBounds([l, h])).toEqual([0, Math.max(-l, h)]);
  });
});

describe('DeLong AUC intervals', () => {
  it('give the AUC and the DeLong variance of pROC, ties counted one half', () => {
    for (const c of ref.auc) {
      const { bx, by } = blocks(c.x, c.y);
      const d = delong(bx, by);
      expect(d.auc).toBeCloseTo(c.auc, 12);
      expect(d.variance).toBeCloseTo(c.variance, 12);
    }
  });

  it('stay inside [0, 1], hold the estimate and have width at a perfect separation of 20 against 20', () => {
    const d = delong([0, 0, 20], [20, 0, 0]);
    expect(d.auc).toBe(1);
    const [lo, hi] = aucInterval(d);
    expect(hi).toBe(1);
    expect(lo).toBeGreaterThan(0.8);
    expect(lo).toBeLessThan(0.99);
  });

  it('widen at a Šidák level: 10 intervals at 95% jointly are each at 99.49%', () => {
    expect(sidakLevel(0.95, 10)).toBeCloseTo(0.994884, 6);
    const d = delong(...(Object.values(blocks(ref.auc[0].x, ref.auc[0].y)) as [number[], number[]]));
    const [a, b] = aucInterval(d, 0.95);
    const [c, e] = aucInterval(d, sidakLevel(0.95, 10));
    expect(c).toBeLessThan(a);
    expect(e).toBeGreaterThan(b);
  });
});
