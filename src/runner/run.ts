import { DEFAULT_SEED } from '../config/defaults.js';
import type { AuditResult, ModelInfo } from '../result/index.js';
import type { Classifier, ProgressCallback } from '../types.js';
import { engineOf, type ScoreCache } from './cache.js';
import { offLabelSummary, scoreUnderPrompts } from './prompts.js';
import { scoreTexts, type ScoreOutcome } from './score.js';

/** What every run passes to the scoring step. */
export interface ScoringOptions {
  cache?: ScoreCache | null;
  chunkSize?: number;
  /** Progress of every stage (src/types.ts ProgressEvent); the scoring step reports stage 'score'. */
  onProgress?: ProgressCallback;
  /** How the model was resolved: shown in every report. */
  model?: { demo?: boolean; engine?: string; engine_reason?: string; name?: string; queue?: { url: string; authenticated: boolean } };
}

export interface RunOptions extends ScoringOptions {
  /** Keep at most this many sentences (seeded sample, see expandProbe). */
  limit?: number;
  seed?: number;
  resamples?: number;
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
    ...(given.queue ? { queue: given.queue } : {}),
    ...((classifier.promptVariants?.length ?? 0) > 1 ? { prompts: classifier.promptVariants!.map((v) => v.id) } : {}),
    ...(classifier.sampling ? { sampled: sampledInfo(classifier.sampling) } : {}),
  };
}

/**
 * The scoring step of a run: every text scored (deduplicated, cached; through the classifier's remote scorer when
 * it has one; once under each prompt of an LLM classifier with several, averaged: prompts.ts), and the model's
 * identity taken while the classifier is alive (the caller may release it next).
 */
export async function scoreRun(
  texts: Iterable<string>,
  classifier: Classifier,
  options: ScoringOptions,
): Promise<{ outcome: ScoreOutcome; model: ModelInfo; target: string }> {
  const { cache, chunkSize, onProgress } = options;
  const several = (classifier.promptVariants?.length ?? 0) > 1;
  const outcome = several
    ? await scoreUnderPrompts(texts, classifier, { cache, chunkSize, onProgress })
    : await scoreTexts(texts, classifier, { cache, chunkSize, onProgress });
  const offLabel = offLabelSummary(outcome.predictions);
  const model = { ...modelInfo(classifier, options.model), ...(offLabel ? { off_label: offLabel } : {}) };
  return { outcome, model, target: classifier.target };
}

/** result.json's `model.sampled`: K, the decoding, and the largest binomial SE of one score (0.5/sqrt(K), at p = 1/2). */
export function sampledInfo(s: NonNullable<Classifier['sampling']>): NonNullable<ModelInfo['sampled']> {
  const K = s.answersPerText;
  return { answers_per_text: K, temperature: s.temperature, max_tokens: s.maxTokens, max_se: 0.5 / Math.sqrt(K) };
}

/** Scoring time (measured by the caller) and rate, as every result records them (probe, suite and data runs alike). */
export function scoringTimings(outcome: ScoreOutcome, seconds: number): { score_s: number; sentences_per_s: number } {
  return { score_s: seconds, sentences_per_s: outcome.scored > 0 ? outcome.scored / seconds : 0 };
}

/** The counts block of result.json: sentences, distinct texts, and how many were scored or came from the cache. */
export function scoringCounts(outcome: ScoreOutcome): AuditResult['counts'] {
  return { sentences: outcome.sentences, unique_texts: outcome.predictions.size, scored: outcome.scored, cached: outcome.cached };
}
