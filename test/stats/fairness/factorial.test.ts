import { factorialTable, factorialTables, type FactorialInput } from '../../../src/stats/fairness/index.js';

/** Texts of given (cell, score, label) rows as a factorial input over levels A x B. */
function input(levels: [string[], string[]], rows: [number, number, number][]): FactorialInput {
  return {
    attributes: ['gender', 'nationality'], levels,
    cellOf: rows.map((r) => r[0]), scores: rows.map((r) => r[1]), labels: rows.map((r) => r[2]), threshold: 0.5,
  };
}

/** k texts scored 0.9 and n − k scored 0.1 in cell c (label 0 unless given). */
const rates = (c: number, k: number, n: number, label = 0): [number, number, number][] =>
  Array.from({ length: n }, (_, i) => [c, i < k ? 0.9 : 0.1, label]);

describe('the factorial table of own data (two axes crossed)', () => {
  it('gives a two-level main effect of the mean score with Welch\'s test (scipy ttest_ind, equal_var=False)', () => {
    const a = [0.9, 0.8, 0.7, 0.95, 0.85];
    const b = [0.2, 0.4, 0.3, 0.35, 0.1, 0.25];
    const t = input([['female'], ['American', 'Kenyan']], [...a.map((s) => [0, s, 1] as [number, number, number]),
      ...b.map((s) => [1, s, 1] as [number, number, number])]);
    const table = factorialTable(t, 'mean_score', { minTexts: 5 });
    const american = table.main.find((m) => m.b === 'American')!;
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    expect(american.estimate).toBeCloseTo((mean(a) - mean(b)) / 2, 12);
    // scipy.stats.ttest_ind(a, b, equal_var=False): statistic 9.307501028881784, p 6.82900001958761e-06
    expect(american.estimate / american.se).toBeCloseTo(9.307501028881784, 9); // a contrast and its half have one t
    expect(american.p).toBeCloseTo(6.82900001958761e-06, 12);
    expect(table.main.find((m) => m.b === 'Kenyan')!.estimate).toBeCloseTo(-american.estimate, 12);
    // One row: no interaction, and the reader is told why.
    expect(table.interactions).toEqual([]);
    expect(table.left_out).toContain('no complete 2 \u00d7 2 sub-table: no interaction can be estimated');
  });

  it('gives the 2 x 2 interaction of positive rates with the MOVER interval from Wilson limits (computed in Python)', () => {
    // Positive predictions: female x American 0/12, female x Kenyan 12/20, male x American 5/15, male x Kenyan 9/30.
    const t = input([['female', 'male'], ['American', 'Kenyan']], [...rates(0, 0, 12), ...rates(1, 12, 20), ...rates(2, 5, 15),
      ...rates(3, 9, 30)]);
    const table = factorialTable(t, 'positive_rate');
    expect(table.complete).toBe(true);
    const fa = table.interactions.find((e) => e.a === 'female' && e.b === 'American')!;
    // tetrad 0/12 − 12/20 − 5/15 + 9/30 = −0.6333; the sum-to-zero interaction of a 2 x 2 is a quarter of it.
    expect(fa.estimate).toBeCloseTo(-0.6333333333333333 / 4, 12);
    // Python (scipy.stats.norm, continuity-corrected Wilson limits, MOVER; p by brentq on the level where U = 0).
    expect(fa.ci_alone![0]).toBeCloseTo(-0.2517608043104792, 12);
    expect(fa.ci_alone![1]).toBeCloseTo(-0.039474134482700374, 12);
    expect(fa.p).toBeCloseTo(0.0066985138992536886, 9);
    expect(fa.df).toBeNull();
    // All four interactions of a 2 x 2 are one hypothesis: Holm and Šidák count it once.
    expect(table.interactions.map((e) => e.estimate.toFixed(6))).toEqual(['-0.158333', '0.158333', '0.158333', '-0.158333']);
    expect(fa.p_holm).toBeCloseTo(fa.p, 12);
    expect(fa.ci).toEqual(fa.ci_alone);
    expect(fa.differs).toBe(true);
    expect(table.tetrads).toEqual([]);
  });

  it('never gives a zero-width interval, also when every cell is 0 of n', () => {
    const t = input([['female', 'male'], ['American', 'Kenyan']], [0, 1, 2, 3].flatMap((c) => rates(c, 0, 12)));
    const table = factorialTable(t, 'positive_rate');
    for (const e of [...table.cells, ...table.main, ...table.interactions]) {
      expect(e.estimate).toBe(0);
      expect(e.ci![1] - e.ci![0]).toBeGreaterThan(0.05);
      expect(e.differs).toBe(false);
    }
  });

  it('reports tetrads over the complete 2 x 2 sub-tables when a cell is too small, and names the cell', () => {
    // 3 x 2 with male x Kenyan holding 4 texts: one complete 2 x 2 (female, other) x (American, Kenyan).
    const t = input([['female', 'male', 'other'], ['American', 'Kenyan']], [
      ...rates(0, 3, 20), ...rates(1, 8, 20), ...rates(2, 4, 20), ...rates(3, 1, 4), ...rates(4, 5, 20), ...rates(5, 6, 20),
    ]);
    const table = factorialTable(t, 'positive_rate');
    expect(table.complete).toBe(false);
    expect(table.interactions).toEqual([]);
    expect(table.tetrads.map((e) => [e.a, e.b])).toEqual([[['female', 'other'], ['American', 'Kenyan']]]);
    expect(table.tetrads[0].estimate).toBeCloseTo(3 / 20 - 8 / 20 - 5 / 20 + 6 / 20, 12);
    expect(table.left_out[0]).toBe('1 cell under the minimum of 10 texts left out: male \u00d7 Kenyan: 4 texts');
    expect(table.left_out[1]).toBe('main effects over the complete sub-table female, other \u00d7 American, Kenyan; outside it: male');
    expect(table.main.map((m) => m.a ?? m.b)).toEqual(['female', 'other', 'American', 'Kenyan']);
    // male x American is still a cell, measured against the sub-table's mean.
    expect(table.cells.map((c) => `${c.a} x ${c.b}`)).toContain('male x American');
  });

  it('leaves TPR cells under the minimum per class out, and has no TPR / FPR tables without labels', () => {
    const rows = [...rates(0, 10, 25, 1), ...rates(1, 5, 10, 1), ...rates(2, 10, 25, 1), ...rates(3, 10, 25, 1),
      ...[0, 1, 2, 3].flatMap((c) => rates(c, 2, 25, 0))];
    const t = input([['female', 'male'], ['American', 'Kenyan']], rows);
    const tpr = factorialTable(t, 'tpr', { minPerClass: 20 });
    expect(tpr.left_out[0]).toBe('1 cell under the minimum of 20 positives left out: female \u00d7 Kenyan: 10 positives');
    expect(tpr.complete).toBe(false);
    expect(tpr.tetrads).toEqual([]);
    const fpr = factorialTable(t, 'fpr', { minPerClass: 20 });
    expect(fpr.complete).toBe(true);
    expect(fpr.cells.every((c) => c.n === 25)).toBe(true);
    expect(factorialTables({ ...t, labels: null }).map((x) => x.measure)).toEqual(['mean_score', 'positive_rate']);
  });
});
