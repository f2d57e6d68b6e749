/**
 * `bias-audit/stats`: the reference statistics as a library, under their scipy/statsmodels names (each test returns
 * [statistic, pvalue]; adjustments return adjusted p-values; intervals return [low, high]). Checked against scipy in
 * test/stats. A promise to library users, like src/index.ts: the analysis internals stay in src/stats/index.ts.
 */
export { mean, std, variance, median, quantiles, percentileInterval } from './descriptive.js';
export { ttest_rel, t_ci_mean, pearsonr, type TestResult } from './parametric.js';
export { wilcoxon, mannwhitneyu, kruskal, friedmanchisquare, spearmanr } from './nonparametric.js';
export { ks_2samp } from './ks.js';
export { binomtest, wilson_ci } from './proportion.js';
export { holm, fdr_bh, bonferroni } from './multitest.js';
export { normalCdf, normalSf, normalPpf, tSf, tCdf, tPpf, chi2Sf, binomPmf, binomCdf } from './distributions.js';
export { mulberry32, type Rng } from './random.js';
