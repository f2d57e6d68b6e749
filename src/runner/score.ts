import type { Classifier, Prediction, ProgressCallback } from '../types.js';
import type { CachedScore, ScoreCache } from './cache.js';

export interface ScoreOptions {
  cache?: ScoreCache | null;
  /** Texts handed to the classifier per call; the cache is written after each chunk. */
  chunkSize?: number;
  onProgress?: ProgressCallback;
  /** Score elsewhere (the queue coordinator, src/queue) instead of calling classifier.predict chunk by chunk. */
  remote?: RemoteScorer | null;
}

/**
 * A scorer outside this process: it gets every text still to score (and all texts of the run, to cut stable
 * chunks) and reports each finished chunk, in any order, exactly once.
 */
export interface RemoteScorer {
  scoreAll(todo: string[], all: string[], onChunk: (texts: string[], scores: CachedScore[]) => void): Promise<void>;
}

export interface ScoreOutcome {
  predictions: Map<string, Prediction>;
  scored: number;
  cached: number;
  seconds: number;
}

/** Rebuilds a Prediction from cached probabilities for the classifier's target label. */
export function fromCached(classifier: Classifier, cached: CachedScore): Prediction {
  const t = classifier.labels.indexOf(classifier.target);
  let best = 0;
  for (let i = 1; i < cached.probs.length; i++) if (cached.probs[i] > cached.probs[best]) best = i;
  return { label: classifier.labels[best], score: cached.probs[t], probs: cached.probs, logits: cached.logits, inputIds: [] };
}

/**
 * Scores each distinct text once: cache hits skip the model, the rest go to the classifier in chunks of similar
 * length (less padding), and every finished chunk is stored before the next starts, so an interrupted run resumes.
 */
export async function scoreTexts(texts: string[], classifier: Classifier, options: ScoreOptions = {}): Promise<ScoreOutcome> {
  const started = performance.now();
  const unique = [...new Set(texts)];
  const predictions = new Map<string, Prediction>();
  const cache = options.cache ?? null;
  if (cache) {
    for (const [text, hit] of cache.getMany(classifier.fingerprint, unique)) predictions.set(text, fromCached(classifier, hit));
  }
  const cachedCount = predictions.size;
  const todo = unique.filter((t) => !predictions.has(t)).sort((a, b) => a.length - b.length);
  options.onProgress?.({ status: 'start', total: unique.length, cached: cachedCount });

  if (options.remote) {
    let done = cachedCount;
    await options.remote.scoreAll(todo, unique, (chunk, scores) => {
      chunk.forEach((text, j) => predictions.set(text, fromCached(classifier, scores[j])));
      cache?.putMany(classifier.fingerprint, chunk.map((text, j) => ({ text, score: scores[j] })));
      done += chunk.length;
      options.onProgress?.({ status: 'progress', done, total: unique.length });
    });
  }
  const chunkSize = options.chunkSize ?? 512;
  for (let i = 0; !options.remote && i < todo.length; i += chunkSize) {
    const chunk = todo.slice(i, i + chunkSize);
    const out = await classifier.predict(chunk);
    chunk.forEach((text, j) => predictions.set(text, out[j]));
    cache?.putMany(classifier.fingerprint, chunk.map((text, j) => ({ text, score: { probs: out[j].probs, logits: out[j].logits } })));
    options.onProgress?.({ status: 'progress', done: cachedCount + i + chunk.length, total: unique.length });
  }
  const seconds = (performance.now() - started) / 1000;
  options.onProgress?.({ status: 'done', total: unique.length, scored: todo.length, cached: cachedCount, seconds });
  return { predictions, scored: todo.length, cached: cachedCount, seconds };
}
