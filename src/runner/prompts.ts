/**
 * Scoring under several prompts (an LLM classifier's paraphrased prompts, `Classifier.promptVariants`): every text is
 * scored once under each prompt (each prompt's classifier has its own fingerprint, so the cache keeps them apart and
 * a rerun reads all of them back), and the predictions are averaged per text (util/prompt-average.ts) with each
 * prompt's score kept, so that probes, suites and data runs all see the prompt-averaged score and the probe
 * statistics can treat the prompt as a crossed factor.
 */
import type { ModelInfo } from '../result/index.js';
import type { Classifier, Prediction, ProgressCallback } from '../types.js';
import { averageOverPrompts } from '../util/prompt-average.js';
import type { ScoreCache } from './cache.js';
import { scoreTexts, type ScoreOutcome } from './score.js';

export async function scoreUnderPrompts(
  texts: Iterable<string>,
  classifier: Classifier,
  options: { cache?: ScoreCache | null; chunkSize?: number; onProgress?: ProgressCallback },
): Promise<ScoreOutcome> {
  const variants = classifier.promptVariants!;
  const outcomes: ScoreOutcome[] = [];
  for (const [k, variant] of variants.entries()) {
    const message = `prompt ${variant.id} (${k + 1} of ${variants.length})`;
    options.onProgress?.({ stage: 'score', step: 'scoring', status: 'note', message });
    outcomes.push(await scoreTexts(texts, variant.classifier, options));
  }
  const predictions = new Map<string, Prediction>();
  for (const text of outcomes[0].predictions.keys()) {
    const each = outcomes.map((o) => o.predictions.get(text)!);
    predictions.set(text, averageOverPrompts(each, classifier.labels, classifier.target));
  }
  // Counts are of texts, as for any model: a text is `scored` when some prompt asked the model (the largest count of
  // one prompt: exact when the cache holds whole runs, its usual state), `cached` otherwise.
  const scored = Math.max(...outcomes.map((o) => o.scored));
  return {
    sentences: outcomes[0].sentences, predictions, scored, cached: predictions.size - scored,
    seconds: outcomes.reduce((a, o) => a + o.seconds, 0),
  };
}

/** Share of texts whose off-label mass is above this: the summary's third number, and the report's warning. */
export const OFF_LABEL_WARN = 0.1;

/**
 * result.json's `model.off_label`: the off-label mass over the run's texts, scored now or read from the cache (which
 * keeps it; a row cached before it did carries none and is left out, so `n` counts the texts it covers).
 */
export function offLabelSummary(predictions: Map<string, Prediction>): ModelInfo['off_label'] | undefined {
  const masses = [...predictions.values()].flatMap((p) => (p.offLabel === undefined ? [] : [p.offLabel]));
  if (masses.length === 0) return undefined;
  const above = masses.filter((m) => m > OFF_LABEL_WARN).length;
  return {
    n: masses.length,
    mean: masses.reduce((a, b) => a + b, 0) / masses.length,
    max: Math.max(...masses),
    share_above_10pct: above / masses.length,
  };
}
