/**
 * A run before scoring, one shape for every kind: what to score, what result.json says the run is, and how the
 * predictions become records and statistics. A probe (probe/plan.ts), the benchmark suites and HolisticBias
 * (suites/), and the user's own data (data/plan.ts) each make one; `runAudit` (src/audit.ts) scores it, analyses it,
 * assembles the AuditResult and writes the run directory. Plans keep no clocks: audit.ts times every stage.
 */
import type { AuditResult } from '../result-types.js';
import type { Prediction, ProgressCallback } from '../types.js';

export type RunKind = 'probe' | 'suite' | 'data';

/** What a result records of its run besides the model and the scores: what it is and its seed. */
export interface RunHeader {
  seed: number;
  subject: Pick<AuditResult, 'probe' | 'suite' | 'lexicons'>;
}

/** Records and statistics, or suite summaries, or a data block. */
export type Analysed = Pick<AuditResult, 'records' | 'stats'> & Partial<Pick<AuditResult, 'suites' | 'data'>>;

export interface RunPlan<K extends RunKind = RunKind, R = unknown> {
  kind: K;
  /**
   * Every sentence to score, in record order (duplicates are scored once). Iterated more than once: an array for
   * probes and suites; a data run's originals then counterfactuals, yielded without one concatenated copy.
   */
  texts: Iterable<string>;
  header: RunHeader;
  /** Predictions -> records and their statistics (or suite summaries, or the data block); progress at stage 'analyse'. */
  analyse(predictions: Map<string, Prediction>, onProgress?: ProgressCallback): Analysed;
  /** Records too many for result.json (a data run's records.jsonl), streamed when the run directory is written. */
  records?(predictions: Map<string, Prediction>): AsyncIterable<R>;
}
