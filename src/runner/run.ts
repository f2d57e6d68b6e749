import { DEFAULT_SEED } from '../config/defaults.js';
import type { LoadedProbe, ProbeItem } from '../probe/index.js';
import { expandProbe } from '../expand/index.js';
import { loadProbeSpec } from '../probe/index.js';
import type {
  AuditResult, DataBlock, DataResult, ModelInfo, ProbeResult, ProbeStats, ResultRecord, SuiteResult, SuiteSummaries,
} from '../result/index.js';
import { analyzeProbe } from '../stats/index.js';
import type { Classifier, Prediction, ProgressCallback } from '../types.js';
import { engineOf, type ScoreCache } from './cache.js';
import { scoreTexts, type RemoteScorer, type ScoreOutcome } from './score.js';

/** What every run (probe or suite) passes to the scoring step. */
export interface ScoringOptions {
  cache?: ScoreCache | null;
  chunkSize?: number;
  onProgress?: ProgressCallback;
  /** Warnings while scoring (e.g. the cache failed and the run went on without it). */
  onWarning?: (message: string) => void;
  /** Scores arrive from elsewhere (the queue coordinator) instead of the classifier's predict. */
  remote?: RemoteScorer | null;
  /** How the model was resolved: shown in every report. */
  model?: { demo?: boolean; engine?: string; engine_reason?: string; name?: string };
  /**
   * Called once every text is scored, before the statistics. The CLI disposes the classifier here, so the scoring
   * workers' memory (about 0.6 GB each at full size) is returned before statistics and the report need theirs.
   */
  afterScoring?: () => void | Promise<void>;
}

export interface RunOptions extends ScoringOptions {
  /** Keep at most this many sentences (seeded sample, see expandProbe). */
  limit?: number;
  seed?: number;
  resamples?: number;
}

/** What result.json says the run is: its kind and subject (a probe, suites, or neither for a data run). */
export type ResultSubject =
  | Pick<ProbeResult, 'kind' | 'probe' | 'suite' | 'lexicons'>
  | Pick<SuiteResult, 'kind' | 'probe' | 'suite' | 'lexicons'>
  | Pick<DataResult, 'kind' | 'probe' | 'suite' | 'lexicons'>;

/** Records and statistics, or suite summaries, or a data block. */
export interface Analysed {
  records: ResultRecord[];
  stats: ProbeStats | null;
  suites?: SuiteSummaries;
  data?: DataBlock;
}

/**
 * A run before scoring: its sentences, what result.json says it is, and how its records and statistics follow
 * from the predictions. A probe (`planProbe`) and the benchmark suites (`planSuites`) each make one; `runAudit`
 * (src/audit.ts) scores it and assembles the AuditResult.
 */
export interface RunPlan {
  /** Every sentence to score, in record order (duplicates are scored once). */
  texts: string[];
  seed: number;
  subject: ResultSubject;
  /** Seconds spent before scoring: expanding the probe or loading the datasets. */
  prepared: { expand_s: number } | { load_s: number } | { read_s: number; detect_s: number };
  /** Predictions -> records and their statistics (or suite summaries). */
  analyse(predictions: Map<string, Prediction>): Analysed;
}

export { DEFAULT_SEED };

/** What result.json says about the model: the classifier's identity plus how the CLI resolved it. */
export function modelInfo(classifier: Classifier, given: RunOptions['model'] = {}): ModelInfo {
  return {
    name: given.name ?? classifier.name,
    fingerprint: classifier.fingerprint,
    engine: given.engine ?? engineOf(classifier.backend),
    ...(given.engine_reason ? { engine_reason: given.engine_reason } : {}),
    backend: classifier.backend,
    labels: classifier.labels,
    demo: given.demo ?? false,
    ...(classifier.multiLabel === true ? { multi_label: true } : {}),
  };
}

/**
 * The scoring step of a run: every text scored (deduplicated, cached), the model's identity taken while the
 * classifier is alive, then `afterScoring`, which may release it.
 */
export async function scoreRun(
  texts: string[],
  classifier: Classifier,
  options: ScoringOptions,
): Promise<{ outcome: ScoreOutcome; model: ModelInfo; target: string }> {
  const { cache, chunkSize, onProgress, onWarning, remote } = options;
  const outcome = await scoreTexts(texts, classifier, { cache, chunkSize, onProgress, onWarning, remote });
  const model = modelInfo(classifier, options.model);
  const target = classifier.target;
  await options.afterScoring?.();
  return { outcome, model, target };
}

/** Joins each expanded probe item with its prediction into a result record. */
export function toRecord(item: ProbeItem, p: Prediction): ResultRecord {
  return {
    text: item.text,
    template: item.template,
    template_id: item.template_id,
    frame: item.frame,
    paraphrase_of: item.paraphrase_of,
    slots: item.slots,
    control: item.control,
    group: item.group,
    filler: item.filler,
    probs: p.probs,
    score: p.score,
    label: p.label,
  };
}

/** A probe (loaded, or a built-in id / probe file path) as a run: expanded (seeded sample with `limit`), analysed by analyzeProbe. */
export async function planProbe(spec: LoadedProbe | string, options: Pick<RunOptions, 'limit' | 'seed' | 'resamples'> = {}): Promise<RunPlan> {
  const probe = typeof spec === 'string' ? await loadProbeSpec(spec) : spec;
  const seed = options.seed ?? DEFAULT_SEED;
  const t0 = performance.now();
  const items = expandProbe(probe, { limit: options.limit, seed });
  const t1 = performance.now();
  const attribute = Array.isArray(probe.spec.attribute) ? probe.spec.attribute.join(', ') : probe.spec.attribute;
  return {
    texts: items.map((i) => i.text),
    seed,
    subject: {
      kind: 'probe',
      probe: {
        id: probe.spec.id,
        title: probe.spec.title,
        description: probe.spec.description,
        attribute: probe.spec.attribute,
        expectation: probe.spec.expectation,
        spec: probe.spec,
      },
      suite: null,
      lexicons: [...probe.lexicons.values()].map((l) => ({ name: l.name, version: l.version, source: l.source })),
    },
    prepared: { expand_s: (t1 - t0) / 1000 },
    analyse: (predictions) => {
      const records = items.map((item) => toRecord(item, predictions.get(item.text)!));
      return { records, stats: analyzeProbe(records, { attribute, seed, resamples: options.resamples }) };
    },
  };
}

/** Scoring time and rate, as every result records them (probe, suite and data runs alike). */
export function scoringTimings(outcome: ScoreOutcome): { score_s: number; sentences_per_s: number } {
  return { score_s: outcome.seconds, sentences_per_s: outcome.scored > 0 ? outcome.scored / outcome.seconds : 0 };
}

/** The counts block of result.json: sentences, distinct texts, and how many were scored or came from the cache. */
export function scoringCounts(outcome: ScoreOutcome, sentences: number): AuditResult['counts'] {
  return { sentences, unique_texts: outcome.predictions.size, scored: outcome.scored, cached: outcome.cached };
}
