/**
 * The statistics stage. Reference statistics under scipy/statsmodels names (each test returns
 * [statistic, pvalue]; adjustments return adjusted p-values; intervals return [low, high]), and the probe
 * analysis `analyzeProbe`. Use as a namespace: `import * as stats from './stats/index.js'`.
 */
export { mean, std, variance, median, quantileSorted, quantiles, percentileInterval } from './descriptive.js';
export { ttest_rel, t_ci_mean, pearsonr, type TestResult } from './parametric.js';
export { wilcoxon, mannwhitneyu, kruskal, friedmanchisquare, spearmanr } from './nonparametric.js';
export { ks_2samp, kstwoSf } from './ks.js';
export { binomtest, wilson_ci } from './proportion.js';
export { holm, fdr_bh, bonferroni } from './multitest.js';
export { normalCdf, normalSf, normalPpf, tSf, tCdf, tPpf, chi2Sf, binomPmf, binomCdf } from './distributions.js';
export { mulberry32, type Rng } from './random.js';
export { analyzeProbe, type AnalyzeOptions } from './probe/analyze.js';
export type { TemplateFamily } from './probe/robustness.js';
// For the paired comparisons of `audit diff` / `check --baseline` (review/paired.ts) and the suites' sign-flip tests.
export { effectSes, headlineTemplates, spreadValues } from './probe/analyze.js';
export { Estimator, UNIT_WEIGHTS } from './probe/effects.js';
export { buildGrid } from './probe/grid.js';
export { pigeonholePaired } from './probe/resample.js';
export { drawSigns, EXACT_MAX_N, MONTE_CARLO_FLIPS, signFlipExact, signFlipMonteCarlo } from './probe/signflip.js';
