import type { CachedScore, Classifier, Prediction, ProgressCallback, ProgressStatus, RemoteScorer } from '../types.js';
import { inputError } from '../errors.js';
import { engineOf, LOCAL_SOURCE, type ScoreCache } from './cache.js';
import { cacheWarning, isCacheStorageError } from './cache-failure.js';
import { scoreProblem } from './score-check.js';

export interface ScoreOptions {
  cache?: ScoreCache | null;
  /** Texts handed to the classifier per call (at most its own `chunkSize`); the cache is written after each chunk. */
  chunkSize?: number;
  /**
   * Stage 'score', step 'scoring': start, progress per chunk, done; a 'warning' when the cache fails and scoring
   * goes on without it (see cache-failure.ts).
   */
  onProgress?: ProgressCallback;
}

export type { RemoteScorer };

export interface ScoreOutcome {
  /** Texts handed in, duplicates included: the run's sentences. */
  sentences: number;
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
  return {
    label: classifier.labels[best], score: cached.probs[t], probs: cached.probs, logits: cached.logits, inputIds: [],
    ...(cached.offLabel !== undefined ? { offLabel: cached.offLabel } : {}),
  };
}

/**
 * Scores each distinct text once: cache hits skip the model, the rest go to the classifier in chunks of similar
 * length (less padding), and every finished chunk is stored before the next starts, so an interrupted run resumes.
 * The classifier's `remote` scorer (the queue), when it has one, scores instead of `predict`.
 */
export async function scoreTexts(texts: Iterable<string>, classifier: Classifier, options: ScoreOptions = {}): Promise<ScoreOutcome> {
  const started = performance.now();
  const tell = (event: ProgressStatus) => options.onProgress?.({ stage: 'score', step: 'scoring', ...event });
  let sentences = 0;
  const distinct = new Set<string>();
  for (const text of texts) {
    sentences += 1;
    distinct.add(text);
  }
  const unique = [...distinct];
  distinct.clear();
  const predictions = new Map<string, Prediction>();
  let cache = options.cache ?? null;
  const key = { fingerprint: classifier.fingerprint, engine: engineOf(classifier.backend) };
  const giveUpCache = (what: string, e: unknown) => {
    if (!isCacheStorageError(e)) throw e;
    tell({ status: 'warning', message: cacheWarning(what, e) });
    cache = null;
  };
  if (cache) {
    try {
      for (const [text, hit] of cache.getMany(key, unique, classifier.labels.length)) predictions.set(text, fromCached(classifier, hit));
    } catch (e) {
      giveUpCache('read', e);
    }
  }
  const cachedCount = predictions.size;
  const todo = unique.filter((t) => !predictions.has(t)).sort((a, b) => a.length - b.length);
  if (classifier.planRequests) tell({ status: 'note', message: classifier.planRequests(todo.length, todo) });
  tell({ status: 'start', total: unique.length, cached: cachedCount });

  const remote = classifier.remote;
  if (remote) {
    let done = cachedCount;
    await remote.scoreAll(todo, unique, (chunk, scores, source) => {
      checkScores(classifier, chunk, scores);
      chunk.forEach((text, j) => predictions.set(text, fromCached(classifier, scores[j])));
      try {
        cache?.putMany(key, chunk.map((text, j) => ({ text, score: scores[j] })), source);
      } catch (e) {
        giveUpCache('written', e);
      }
      done += chunk.length;
      tell({ status: 'progress', done, total: unique.length });
    });
  }
  const chunkSize = Math.min(options.chunkSize ?? 512, classifier.chunkSize ?? Infinity);
  for (let i = 0; !remote && i < todo.length; i += chunkSize) {
    const chunk = todo.slice(i, i + chunkSize);
    const out = await classifier.predict(chunk);
    checkScores(classifier, chunk, out);
    chunk.forEach((text, j) => predictions.set(text, out[j]));
    try {
      cache?.putMany(key, chunk.map((text, j) => ({ text, score: cachedScore(out[j]) })), LOCAL_SOURCE);
    } catch (e) {
      giveUpCache('written', e);
    }
    tell({ status: 'progress', done: cachedCount + i + chunk.length, total: unique.length });
  }
  const seconds = (performance.now() - started) / 1000;
  tell({ status: 'done', total: unique.length, scored: todo.length, cached: cachedCount, seconds });
  return { sentences, predictions, scored: todo.length, cached: cachedCount, seconds };
}

/** What the cache keeps of a prediction: probabilities, logits and (LLM classifiers) the off-label mass. */
function cachedScore(p: Prediction): CachedScore {
  return { probs: p.probs, logits: p.logits, ...(p.offLabel !== undefined ? { offLabel: p.offLabel } : {}) };
}

/**
 * Every score of a chunk is finite and in range before anything uses or caches it: NaN or infinite weights (or an
 * endpoint sending junk) end the run with exit 2 naming the model, instead of caching `[null, null]`.
 */
function checkScores(classifier: Classifier, texts: string[], scores: CachedScore[]): void {
  for (let i = 0; i < texts.length; i++) {
    const problem = scoreProblem(scores[i], classifier.labels.length);
    if (problem) {
      throw inputError('E_MODEL_SCORES', `model ${classifier.name} (${classifier.backend}): unusable scores for ` +
        `text ${JSON.stringify(texts[i].slice(0, 80))}`
        + ` (${problem}); NaN or infinite weights? Nothing was cached`);
    }
  }
}
