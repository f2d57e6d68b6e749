/**
 * assembleResult: the AuditResult (result.json's contract) of a scored and analysed run, built here and nowhere
 * else, for every kind of run (probe, suite, HolisticBias, data). It sits in runner/ because both src/audit.ts and
 * the data stage (data/run.ts) build results, and imports point down.
 */
import { RESULT_SCHEMA_VERSION, type AuditResult, type ModelInfo } from '../result/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { scoringCounts, scoringTimings, type Analysed, type RunPlan } from './run.js';

export type { Analysed, ResultSubject } from './run.js';
import type { ScoreOutcome } from './score.js';

/** What a result records of its run besides the scores: what it is, its seed, and the time spent before scoring. */
export type ResultHeader = Pick<RunPlan, 'seed' | 'subject' | 'prepared'>;

export function assembleResult(
  run: ResultHeader,
  scored: { outcome: ScoreOutcome; model: ModelInfo; target: string },
  analysed: Analysed,
  statsSeconds: number,
  /** Sentences of the run (default: one per record; a data run keeps its records in records.jsonl). */
  sentences = analysed.records.length,
): AuditResult {
  const { outcome } = scored;
  const base = {
    schema_version: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    created_at: new Date().toISOString(),
    model: scored.model,
    target: scored.target,
    lexicons: run.subject.lexicons,
    seed: run.seed,
    timings: { ...run.prepared, ...scoringTimings(outcome), stats_s: statsSeconds },
    counts: scoringCounts(outcome, sentences),
  };
  const subject = run.subject;
  switch (subject.kind) {
    case 'probe':
      if (!analysed.stats) throw new Error('assembleResult: a probe run without statistics');
      return { ...base, kind: 'probe', probe: subject.probe, suite: null, records: analysed.records, stats: analysed.stats };
    case 'suite':
      return { ...base, kind: 'suite', probe: null, suite: subject.suite, records: analysed.records, stats: null, suites: analysed.suites ?? {} };
    case 'data':
      if (!analysed.data) throw new Error('assembleResult: a data run without its data block');
      return { ...base, kind: 'data', probe: null, suite: null, records: [], stats: null, data: analysed.data };
    default: {
      const unknownKind: never = subject;
      throw new Error(`assembleResult: unknown kind ${JSON.stringify(unknownKind)}`);
    }
  }
}
