/**
 * A run before scoring, one shape for every kind: what to score, what result.json says the run is, and how the
 * predictions become records and statistics. A probe (probe/plan.ts), the benchmark suites and HolisticBias
 * (suites/), and the user's own data (data/plan.ts) each make one; `runAudit` (src/audit.ts) scores it, analyses it,
 * assembles the AuditResult and writes the run directory. Plans keep no clocks: audit.ts times every stage.
 */
import type {
  DataBlock, DataResult, ProbeResult, ProbeStats, ResultKind, ResultRecord, SuiteResult, SuiteSummaries,
} from '../result/index.js';
import type { Prediction, ProgressCallback } from '../types.js';

export type RunKind = ResultKind;

/** What result.json says the run is: its kind and subject (a probe, suites, or neither for a data run). */
export type ResultSubject =
  | Pick<ProbeResult, 'kind' | 'probe' | 'suite' | 'lexicons'>
  | Pick<SuiteResult, 'kind' | 'probe' | 'suite' | 'lexicons'>
  | Pick<DataResult, 'kind' | 'probe' | 'suite' | 'lexicons'>;

/** What a result records of its run besides the model and the scores: what it is and its seed. */
export interface RunHeader<K extends RunKind = RunKind> {
  seed: number;
  subject: Extract<ResultSubject, { kind: K }>;
}

/** Records and statistics, or suite summaries, or a data block. */
export interface Analysed {
  records: ResultRecord[];
  stats: ProbeStats | null;
  suites?: SuiteSummaries;
  data?: DataBlock;
}

export interface RunPlan<K extends RunKind = RunKind, R = unknown> {
  kind: K;
  /**
   * Every sentence to score, in record order (duplicates are scored once). Iterated more than once: an array for
   * probes and suites; a data run's originals then counterfactuals, yielded without one concatenated copy.
   */
  texts: Iterable<string>;
  header: RunHeader<K>;
  /** Predictions -> records and their statistics (or suite summaries, or the data block); progress at stage 'analyse'. */
  analyse(predictions: Map<string, Prediction>, onProgress?: ProgressCallback): Analysed;
  /** Records too many for result.json (a data run's records.jsonl), streamed when the run directory is written. */
  records?(predictions: Map<string, Prediction>): AsyncIterable<R>;
}
