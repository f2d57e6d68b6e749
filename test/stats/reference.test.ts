import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import * as stats from '../../src/stats/index.js';

/** scipy 1.18.1 / statsmodels outputs and their inputs (see ../shared/fixtures/hf/README.md). */
interface StatsRef {
  a: number[];
  b: number[];
  groups: number[][];
  pvals: number[];
  [name: string]: unknown;
}
const ref = JSON.parse(readFileSync(join(HF_FIXTURES, 'stats_ref.json'), 'utf8')) as StatsRef;
const pair = (name: string) => ref[name] as [number, number];
const list = (name: string) => ref[name] as number[];

/** Every value must agree to a relative 1e-6. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const tolerance = 1e-6 * Math.abs(expected[i]);
    if (Math.abs(actual[i] - expected[i]) > tolerance) {
      throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]} (relative 1e-6)`);
    }
  }
}

describe('reference statistics against scipy/statsmodels (stats_ref.json)', () => {
  const { a, b, groups, pvals } = ref;

  it('has the inputs the fixture describes: 40 paired values, 4 groups of 30, 10 p-values', () => {
    expect([a.length, b.length, groups.length, groups[0].length, pvals.length]).toEqual([40, 40, 4, 30, 10]);
  });

  it('computes the mean and the ddof=1 standard deviation of a', () => {
    expectClose([stats.mean(a), stats.std(a, 1)], [ref.mean_a as number, ref.std_a_ddof1 as number]);
  });

  it('matches ttest_rel(a, b)', () => expectClose(stats.ttest_rel(a, b), pair('ttest_rel')));

  it('matches wilcoxon(a, b) with its exact null distribution (n = 40, no ties, no zeros)', () => {
    expectClose(stats.wilcoxon(a, b), pair('wilcoxon'));
  });

  it('matches two-sided mannwhitneyu(a, b) (normal approximation: both samples > 8)', () => {
    expectClose(stats.mannwhitneyu(a, b), pair('mannwhitneyu_two_sided'));
  });

  it('matches kruskal over the four groups', () => expectClose(stats.kruskal(...groups), pair('kruskal')));

  it('matches friedmanchisquare over the four groups as treatments', () => {
    expectClose(stats.friedmanchisquare(...groups), pair('friedman'));
  });

  it('matches pearsonr down to a p-value of 3e-30', () => expectClose(stats.pearsonr(a, b), pair('pearson')));

  it('matches spearmanr', () => expectClose(stats.spearmanr(a, b), pair('spearman')));

  it('matches ks_2samp with the exact distribution scipy picks for 40 vs 40', () => {
    expectClose(stats.ks_2samp(a, b), pair('ks_2samp'));
  });

  it('matches binomtest(7, 40, 0.5)', () => {
    expectClose([stats.binomtest(7, 40, 0.5)[1]], [ref.binomtest_7_of_40_p05 as number]);
  });

  it('matches the Wilson interval for 7 of 40', () => expectClose(stats.wilson_ci(7, 40), pair('wilson_ci_7_of_40')));

  it('matches the 95% t interval for the mean of a', () => expectClose(stats.t_ci_mean(a, 0.95), pair('t_ci_mean_a_95')));

  it('matches Holm, Benjamini-Hochberg and Bonferroni adjustments', () => {
    expectClose(stats.holm(pvals), list('holm'));
    expectClose(stats.fdr_bh(pvals), list('fdr_bh'));
    expectClose(stats.bonferroni(pvals), list('bonferroni'));
  });

  it('adjusts p-values given in any order by their rank, not their sort position', () => {
    const shuffled = [0.5, 0.01, 0.03];
    expect(stats.fdr_bh(shuffled)).toEqual([0.5, 0.03, 0.045]);
    expect(stats.holm(shuffled)).toEqual([0.5, 0.03, 0.06]);
  });
});
