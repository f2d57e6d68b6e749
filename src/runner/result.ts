/**
 * assembleResult: the AuditResult (result.json's contract) of a scored and analysed run, built here and nowhere
 * else, for every kind of run (probe, suite, HolisticBias, data). It sits in runner/ because both src/audit.ts and
 * the data stage (data/run.ts) build results, and imports point down.
 */
import { RESULT_SCHEMA_VERSION, type AuditResult, type ModelInfo } from '../result-types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { scoringCounts, scoringTimings, type RunPlan } from './run.js';
import type { ScoreOutcome } from './score.js';

/** What a result records of its run besides the scores: what it is, its seed, and the time spent before scoring. */
export type ResultHeader = Pick<RunPlan, 'seed' | 'subject' | 'prepared'>;

/** Records and statistics, or suite summaries, or a data block. */
export type Analysed = Pick<AuditResult, 'records' | 'stats'> & Partial<Pick<AuditResult, 'suites' | 'data'>>;

export function assembleResult(
  run: ResultHeader,
  scored: { outcome: ScoreOutcome; model: ModelInfo; target: string },
  analysed: Analysed,
  statsSeconds: number,
  /** Sentences of the run (default: one per record; a data run keeps its records in records.jsonl). */
  sentences = analysed.records.length,
): AuditResult {
  const { outcome } = scored;
  return {
    schema_version: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    created_at: new Date().toISOString(),
    model: scored.model,
    target: scored.target,
    ...run.subject,
    seed: run.seed,
    timings: { ...run.prepared, ...scoringTimings(outcome), stats_s: statsSeconds },
    counts: scoringCounts(outcome, sentences),
    ...analysed,
  };
}
