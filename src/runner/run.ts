import type { LoadedProbe, ProbeItem } from '../probe/index.js';
import { expandProbe, loadProbeSpec } from '../probe/index.js';
import { RESULT_SCHEMA_VERSION, type AuditResult, type ModelInfo, type ResultRecord } from '../result-types.js';
import { analyzeProbe } from '../stats/index.js';
import type { Classifier, Prediction, ProgressCallback } from '../types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import type { ScoreCache } from './cache.js';
import { scoreTexts, type RemoteScorer, type ScoreOutcome } from './score.js';

/** What every run (probe or suite) passes to the scoring step. */
export interface ScoringOptions {
  cache?: ScoreCache | null;
  chunkSize?: number;
  onProgress?: ProgressCallback;
  /** Scores arrive from elsewhere (the queue coordinator) instead of the classifier's predict. */
  remote?: RemoteScorer | null;
  /** How the model was resolved: shown in every report. */
  model?: { demo?: boolean; engine?: string; name?: string };
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

export const DEFAULT_SEED = 20240601;

/** What result.json says about the model: the classifier's identity plus how the CLI resolved it. */
export function modelInfo(classifier: Classifier, given: RunOptions['model'] = {}): ModelInfo {
  return {
    name: given.name ?? classifier.name,
    fingerprint: classifier.fingerprint,
    engine: given.engine ?? 'tfjs',
    backend: classifier.backend,
    labels: classifier.labels,
    demo: given.demo ?? false,
  };
}

/**
 * The scoring step of a run: every text scored (deduplicated, cached), the model's identity taken while the
 * classifier is alive, then `afterScoring`, which may release it.
 */
export async function scoreRun(texts: string[], classifier: Classifier, options: ScoringOptions): Promise<{ outcome: ScoreOutcome; model: ModelInfo; target: string }> {
  const outcome = await scoreTexts(texts, classifier, { cache: options.cache, chunkSize: options.chunkSize, onProgress: options.onProgress, remote: options.remote });
  const model = modelInfo(classifier, options.model);
  const target = classifier.target;
  await options.afterScoring?.();
  return { outcome, model, target };
}

/** Scoring time and rate of a run (probe or suite). */
export function scoringTimings(outcome: ScoreOutcome): { score_s: number; sentences_per_s: number } {
  return { score_s: outcome.seconds, sentences_per_s: outcome.scored > 0 ? outcome.scored / outcome.seconds : 0 };
}

/** How many sentences a run has, how many distinct texts, and how many were scored or came from the cache. */
export function scoringCounts(outcome: ScoreOutcome, sentences: number): AuditResult['counts'] {
  return { sentences, unique_texts: outcome.predictions.size, scored: outcome.scored, cached: outcome.cached };
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

/**
 * Runs one probe (loaded, or a built-in id / probe file path) against any Classifier: expand -> score (deduplicated, cached) -> records -> statistics.
 * Pure of I/O apart from the cache; writing the run directory is `writeRunDir`'s job.
 */
export async function runProbe(spec: LoadedProbe | string, classifier: Classifier, options: RunOptions = {}): Promise<AuditResult> {
  const probe = typeof spec === 'string' ? await loadProbeSpec(spec) : spec;
  const seed = options.seed ?? DEFAULT_SEED;
  const t0 = performance.now();
  const items = expandProbe(probe, { limit: options.limit, seed });
  const t1 = performance.now();
  const { outcome, model, target } = await scoreRun(items.map((i) => i.text), classifier, options);
  const records = items.map((item) => toRecord(item, outcome.predictions.get(item.text)!));
  const t2 = performance.now();
  const attribute = Array.isArray(probe.spec.attribute) ? probe.spec.attribute.join(', ') : probe.spec.attribute;
  const stats = analyzeProbe(records, { attribute, seed, resamples: options.resamples });
  const t3 = performance.now();
  return {
    schema_version: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    created_at: new Date().toISOString(),
    model,
    target,
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
    seed,
    timings: { expand_s: (t1 - t0) / 1000, ...scoringTimings(outcome), stats_s: (t3 - t2) / 1000 },
    counts: scoringCounts(outcome, records.length),
    records,
    stats,
  };
}
