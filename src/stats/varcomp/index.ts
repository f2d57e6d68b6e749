/**
 * Variance decomposition of a probe's scores: how much of their variation comes from templates, fillers,
 * group x template and the rest (random effects), and how far the group means spread (fixed effects).
 * REML on score ~ 0 + group + (1|template) + (1|filler) + (1|template:group); see docs/statistics.md, section 9.
 */
export { fitVarianceComponents } from './fit.js';
export { varcompFromRecords } from './records.js';
export { varcompSummary } from './summary.js';
export type { VarcompRow, VarcompFit, VarcompOptions, ComponentName, Components } from './types.js';
