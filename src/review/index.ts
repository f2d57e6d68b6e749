/** The review stage: policy gate (check), comparison of two runs (diff), exports and replay. */
export { checkRun, rulesFor, type CheckOutcome, type CheckOptions, type RuleOutcome, type RuleKind, type RuleStatus } from './check.js';
export { checkRunDir, policyFailure, DEFAULT_POLICY, type CheckFiles, type CheckRunOptions } from './check-io.js';
export { parsePolicy, loadPolicy, type Policy, type PolicySource, type MetricRule } from './policy.js';
export { policyJsonSchema } from './policy-schema.js';
export { checkJunit } from './junit.js';
export { checkSarif, SARIF_SCHEMA } from './sarif.js';
export { checkMarkdown } from './markdown.js';
export { metricsOf, KNOWN_METRICS, METRIC_DESCRIPTIONS } from './metrics.js';
export { changeStatus, diffRuns, type ChangeStatus, type RunDiff, type GroupChange, type MetricChange, type DiffOptions } from './diff.js';
export { writeDiff, defaultDiffDir } from './diff-io.js';
export { renderDiffHtml } from './diff-html.js';
export { exportRun, biasParagraph, groupCsv, EXPORT_FORMATS, type ExportFormat } from './export.js';
export { replayRun, replaySummary, REPLAY_TOLERANCE, type ReplayResult, type ReplayMismatch, type ReplayOptions } from './replay.js';
export { loadRun } from './run-dir.js';
export { md as markdownInline, xml as xmlText } from './escape.js';
