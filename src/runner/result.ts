/**
 * assembleResult: the AuditResult (result.json's contract) of a scored and analysed run, built here and nowhere
 * else, for every kind of run (probe, suite, HolisticBias, data), keyed on the kind its plan names.
 */
import { RESULT_SCHEMA_VERSION, type AuditResult, type ModelInfo } from '../result/index.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { Analysed, ResultSubject } from './plan.js';
import { scoringCounts, scoringTimings } from './run.js';
import type { ScoreOutcome } from './score.js';

/** Seconds per stage, measured by src/audit.ts: `prepared` names the preparation's parts (expand_s, load_s, read_s + detect_s). */
export interface StageSeconds {
  prepared: Record<string, number>;
  score: number;
  analyse: number;
}

export function assembleResult(
  header: { seed: number; subject: ResultSubject },
  scored: { outcome: ScoreOutcome; model: ModelInfo; target: string },
  analysed: Analysed,
  seconds: StageSeconds,
): AuditResult {
  const { outcome } = scored;
  const base = {
    schema_version: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    created_at: new Date().toISOString(),
    model: scored.model,
    target: scored.target,
    lexicons: header.subject.lexicons,
    seed: header.seed,
    timings: { ...seconds.prepared, ...scoringTimings(outcome, seconds.score), stats_s: seconds.analyse },
    counts: scoringCounts(outcome),
  };
  const subject = header.subject;
  switch (subject.kind) {
    case 'probe':
      if (!analysed.stats) throw new Error('assembleResult: a probe run without statistics');
      return { ...base, kind: 'probe', probe: subject.probe, suite: null, records: analysed.records, stats: analysed.stats };
    case 'suite':
      return { ...base, kind: 'suite', probe: null, suite: subject.suite, records: analysed.records, stats: null,
        suites: analysed.suites ?? {} };
    case 'data':
      if (!analysed.data) throw new Error('assembleResult: a data run without its data block');
      return { ...base, kind: 'data', probe: null, suite: null, records: [], stats: null, data: analysed.data };
    default: {
      const unknownKind: never = subject;
      throw new Error(`assembleResult: unknown kind ${JSON.stringify(unknownKind)}`);
    }
  }
}
