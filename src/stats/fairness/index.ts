/** Fairness metrics on labelled data and counterfactual pairs (pure; no I/O). */
export { planLabelled, labelledMetrics, generalizedMean, type LabelledInput, type LabelledValues, type SubgroupValues,
  type Rates } from './labelled.js';
export { analyzeLabelled, type LabelledAnalysis, type SubgroupEstimate, type Estimate, type AnalyzeLabelledOptions } from './analyze.js';
export { clusterResampler, bootstrapValues, columnInterval, type ClusterDesign, type Resampler, type PairedValue } from './resample.js';
export { summarizeSwaps, summarizeInteraction, simultaneousChange, pairedSwaps,
  holmAdjust, type PairedSwapRow, type PairedSwapSummary, type SwapRow, type SwapSummary,
  type SwapOptions } from './swaps.js';
export { pairedLabelled, type PairedLabelled, type PairedLabelledInput } from './paired.js';
export { factorialTables, factorialTable, FACTORIAL_MEASURES, MIN_CELL_TEXTS, type FactorialInput, type FactorialMeasure,
  type FactorialOptions } from './factorial.js';
