/** The own-data stage (`audit run --data`): read, then a plan (mentions, counterfactuals; analyse; records). Re-exports only. */
export { readData, dataSubject, BUILTIN_DATA, type ReadOptions } from './read.js';
export { planData, type DataPlanOptions, type DataPlanDeps } from './plan.js';
export { writeDataRunDir, type DataRedaction } from './output.js';
export { AXES, parseAxes, type AxisName } from './axes.js';
export { winkTagger } from './tagger.js';
export type { DataTable } from './types.js';
