/**
 * bias-audit's library API (re-exports only). `runAudit` (src/audit.ts) runs the whole pipeline, one module per stage:
 *
 *   probe file ─ probe/ ─▶ ProbeSpec ─ expand/ ─▶ sentences ─ runner/ (dedupe, cache) ─▶ Classifier.predict
 *     (tokenizer/ + model/ or engines/) ─▶ records ─ stats/ ─▶ result.json ─ report/ ─▶ report.html
 *                                                             └ review/ (check, diff, export, replay)
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
