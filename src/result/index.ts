/**
 * result.json, the contract between the stages: its types (one per kind of run), the metric catalogue, the zod
 * schema, and the readers of a run directory (result.json and a data run's records.jsonl). Re-exports only.
 */
export type * from './types.js';
export { RESULT_SCHEMA_VERSION } from './types.js';
export type * from './suites.js';
export { intersectionSchema, type IntersectionEffect, type IntersectionTetrad, type IntersectionTable } from './intersection.js';
export { dataSchema, dataRecordSchema, type DataBlock, type DataRecord, type DataOriginal, type DataCounterfactual } from './data.js';
export {
  METRICS, METRIC_NAMES, DESCRIPTIVE, REMOVED_METRICS, DATA_METRICS, ALL_METRIC_NAMES, isMetricName, metricMeaning,
  type MetricName, type DescriptiveName, type DataMetricName, type RuleFamily, type MetricInfo,
} from './metrics.js';
export { readResult, resultPath } from './read.js';
export { SAMPLING_BIAS, sampledSentence, samplingBias } from './sampled.js';
export { readDataRecords, loadDataRecords, recordsPath } from './records.js';
export { resultSchema, validateResult, resultJsonSchema, type ResultFile } from './schema.js';
export { effectMark, shownInterval, templatesOnSide, type Mark } from './effect.js';
export {
  familySize, finiteInterval, interactionFamily, intersectionMark, maxAbsInteraction, type InteractionFamily,
} from './intersection-read.js';
export { CHECK_SCHEMA, isCheckFile, type CheckFile, type CheckCounts, type CheckStatus, type Finding } from './check.js';
