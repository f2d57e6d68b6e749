/**
 * assembleResult: the AuditResult (result.json's contract) of a scored and analysed run, built here and nowhere
 * else, for every kind of run (probe, suite, HolisticBias, data).
 */
import { RESULT_SCHEMA_VERSION, type AuditResult, type ModelInfo } from '../result-types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { Analysed, RunHeader } from './plan.js';
import { scoringCounts, scoringTimings } from './run.js';
import type { ScoreOutcome } from './score.js';

/** Seconds per stage, measured by src/audit.ts: `prepared` names the preparation's parts (expand_s, load_s, read_s + detect_s). */
export interface StageSeconds {
  prepared: Record<string, number>;
  score: number;
  analyse: number;
}

export function assembleResult(
  header: RunHeader,
  scored: { outcome: ScoreOutcome; model: ModelInfo; target: string },
  analysed: Analysed,
  seconds: StageSeconds,
): AuditResult {
  const { outcome } = scored;
  return {
    schema_version: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    created_at: new Date().toISOString(),
    model: scored.model,
    target: scored.target,
    ...header.subject,
    seed: header.seed,
    timings: { ...seconds.prepared, ...scoringTimings(outcome, seconds.score), stats_s: seconds.analyse },
    counts: scoringCounts(outcome),
    ...analysed,
  };
}
