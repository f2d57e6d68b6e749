/**
 * bias-audit's library API (re-exports only). `runAudit` (src/audit.ts) runs every kind of run on one path, one
 * folder per stage (docs/architecture.md):
 *
 *   probe file ─ probe/ + expand/ ─▶ planProbe ──┐
 *   datasets ─ datasets/ ─▶ planSuites (suites/) ─┼─▶ RunPlan (runner/plan.ts) ─ runner/scoreRun (dedupe, cache) ─▶ predictions
 *   data file ─ data/readData ─▶ planData ───────┘        ▲ Classifier from engines/createClassifier: TF.js (model/,
 *                                                         │ engines/tfjs), ONNX, HTTP, or the queue (queue/ workers)
 *   predictions ─ plan.analyse (stats/, suites/, data/) ─▶ runner/assembleResult ─▶ result.json (+ records.jsonl)
 *     ─ report/ ─▶ report.html                      review/ (check, diff, export, replay) reads result.json
 */
export type { Classifier, Prediction, ProgressEvent, ProgressCallback, RunStage } from './types.js';
export * from './result-types.js';
export { AuditError, isAuditError } from './errors.js';

export { Tokenizer, loadTokenizer } from './tokenizer/index.js';
export { loadClassifier, modelFingerprint, backendStatus, type LoadOptions, type TfjsClassifier, type BackendName } from './model/index.js';
export { loadOnnxClassifier, engineStatus } from './engines/onnx/index.js';
export { HttpClassifier, type HttpOptions } from './engines/http/index.js';
export { createClassifier, chooseEngine, type ClassifierOptions, type EngineChoice, type EngineName } from './engines/index.js';

export { expandProbe } from './expand/index.js';
export { loadProbeSpec, parseProbeSpec, validateProbe, listBuiltinProbes, type LoadedProbe, type ProbeItem, type ProbeSpec } from './probe/index.js';
export {
  runAudit, runProbe, runSuites, assembleResult, type AuditRequest, type AuditOutcome, type ProbeAudit, type SuiteAudit, type DataAudit,
} from './audit.js';
export { scoreTexts, ScoreCache, writeRunDir, scoresCsv, type RunOptions, type RunPlan } from './runner/index.js';
export { planData, readData, writeDataRunDir, type DataPlanOptions, type DataRecord } from './data/index.js';

export * as stats from './stats/index.js';
export * as fairness from './stats/fairness/index.js';
export { analyzeProbe } from './stats/index.js';
export { renderReport, writeReport } from './report/index.js';
export { checkRun, diffRuns, exportRun, replayRun } from './review/index.js';
export { pullModel } from './hub/index.js';
export { evalSst2Dev } from './eval/index.js';
export * as datasets from './datasets/index.js';
