/** Fairness metrics on labelled data and counterfactual pairs (pure; no I/O). */
export { planLabelled, labelledMetrics, generalizedMean, type LabelledInput, type LabelledValues, type SubgroupValues, type Rates } from './labelled.js';
export { analyzeLabelled, type LabelledAnalysis, type SubgroupEstimate, type Estimate, type AnalyzeLabelledOptions } from './analyze.js';
export { clusterResampler, bootstrapValues, columnInterval, type ClusterDesign, type Resampler } from './resample.js';
export { summarizeSwaps, holmAdjust, type SwapRow, type SwapSummary, type SwapOptions } from './swaps.js';
