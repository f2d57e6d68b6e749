/**
 * The statistics stage. Reference statistics under scipy/statsmodels names (each test returns
 * [statistic, pvalue]; adjustments return adjusted p-values; intervals return [low, high]), and the probe
 * analysis `analyzeProbe` with the paired comparison of two probe runs `pairedProbe`. Use as a namespace:
 * `import * as stats from './stats/index.js'`.
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
// The paired comparison of two probe runs (`audit diff`, `check --baseline`; review/paired.ts aligns them).
export {
  isPairedMetric, PAIRED_METRICS, pairedProbe, type PairedChange, type PairedEstimates, type PairedMetric, type PairedOptions,
} from './probe/paired.js';
// The sign-flip test, for the suites' per-row tests.
export { drawSigns, EXACT_MAX_N, MONTE_CARLO_FLIPS, signFlipExact, signFlipMonteCarlo } from './probe/signflip.js';
// A simulated unbiased classifier on a probe's own sentences (a built-in probe's design MDE, probe/power.ts).
export { simulatedScores, type UnscoredRecord } from './simulate/probe.js';
