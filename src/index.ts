/**
 * bias-audit's library API: a deliberate list (test/index.test.ts names every export, so a change is a decision).
 * The reference statistics are a subpath of their own: `import { wilcoxon } from 'bias-audit/stats'` (src/stats/public.ts).
 * `runAudit` (src/audit.ts) runs every kind of run on one path, one folder per stage (docs/architecture.md); result/
 * is the contract they share:
 *
 *   probe file ─ probe/ + expand/ ─▶ planProbe ──┐
 *   datasets ─ datasets/ ─▶ planSuites (suites/) ─┼─▶ RunPlan (runner/plan.ts) ─ runner/scoreRun (dedupe, cache) ─▶ predictions
 *   data file ─ data/readData ─▶ planData ───────┘        ▲ Classifier from engines/createClassifier: TF.js (model/,
 *                                                         │ engines/tfjs), ONNX, HTTP, or the queue (queue/ workers)
 *   predictions ─ plan.analyse (stats/, suites/, data/) ─▶ runner/assembleResult ─▶ result.json (+ records.jsonl)
 *     (result/: ProbeResult | SuiteResult | DataResult by `kind`) ─ report/ ─▶ report.html
 *                                                    └ review/ (check, diff, export, replay) read it back through result/
 */
export {
  runAudit, runProbe, runSuites,
  type AuditRequest, type AuditOutcome, type ProbeAudit, type SuiteAudit, type DataAudit,
} from './audit.js';
export type { Classifier, Prediction, ProgressEvent, ProgressCallback } from './types.js';
export { createClassifier, type ClassifierOptions, type EngineChoice, type EngineName } from './engines/index.js';
export { AuditError, isAuditError } from './errors.js';

export {
  readResult, readDataRecords, validateResult, resultJsonSchema, RESULT_SCHEMA_VERSION, METRICS, DATA_METRICS,
  type AuditResult, type ProbeResult, type SuiteResult, type DataResult, type ResultKind, type ResultBase,
  type ResultRecord, type ModelInfo, type ProbeInfo, type ProbeStats, type GroupStat, type PairStat, type TemplateStat,
  type Interval, type VarianceStat, type SuiteSummaries, type SuiteSummary, type HolisticBiasSummary, type DataBlock,
  type DataRecord, type MetricName, type DataMetricName,
} from './result/index.js';

export { loadProbeSpec, listBuiltinProbes, type LoadedProbe, type ProbeSpec } from './probe/index.js';
export { renderReport, writeReport, type RenderOptions } from './report/index.js';
export {
  checkRun, checkRunDir, loadPolicy, parsePolicy, diffRuns, writeDiff, exportRun, replayRun,
  type CheckOutcome, type CheckOptions, type Policy, type RunDiff, type DiffOptions, type ExportFormat, type ReplayResult,
} from './review/index.js';
export { pullModel } from './hub/index.js';
