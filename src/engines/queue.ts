/**
 * `--queue URL`: the queue as an engine. The model is identified here (checks, labels, fingerprint) but not loaded:
 * `audit worker` processes hold the weights and score the jobs (src/queue). The Classifier this returns has a
 * `remote` scorer, which the runner's scoring step uses instead of `predict`.
 */
import { resolveModel } from '../config/model.js';
import { usageError } from '../errors.js';
import { chooseEngine } from './choose.js';
import type { ClassifierOptions, CreatedClassifier, LoadedModel } from './create.js';

/** How the run reaches its queue and how long it waits (see queue/coordinator.ts). */
export interface QueueOptions {
  url: string;
  /** Texts per job. */
  chunkSize?: number;
  /** Give up when no result has arrived for this many seconds. */
  timeoutS?: number;
  /** Per-job lines (--verbose). */
  verbose?: (line: string) => void;
}

export async function connectQueue(
  queue: QueueOptions,
  options: ClassifierOptions,
  say: (line: string) => void,
): Promise<CreatedClassifier> {
  if (options.model && /^https?:\/\//i.test(options.model)) {
    throw usageError('E_QUEUE_MODEL', '--queue: an HTTP endpoint is already remote; run without --queue (workers score local model directories)');
  }
  const { QueueClassifier, modelIdentity, redactUrl } = await import('../queue/index.js');
  const resolved = resolveModel(options.model, options.cacheDir);
  // Jobs name a concrete engine: --engine auto is resolved as each worker resolves its own (chooseEngine).
  const decision = await chooseEngine(options.engine, options.backend, options.probes);
  const identity = await modelIdentity(resolved.dir, {
    target: options.target, cacheDir: options.cacheDir, batchSize: options.batchSize, engine: decision.engine,
  });
  const coordinator = new QueueClassifier({ ...identity, name: resolved.dir }, {
    url: queue.url, engine: decision.engine, chunkSize: queue.chunkSize, timeoutS: queue.timeoutS, log: say, verbose: queue.verbose,
  });
  const classifier: LoadedModel = {
    labels: coordinator.labels,
    target: coordinator.target,
    fingerprint: coordinator.fingerprint,
    name: coordinator.name,
    backend: coordinator.backend,
    remote: coordinator,
    predict: (texts) => coordinator.predict(texts),
    takeWarnings: () => coordinator.takeWarnings(),
    dispose: () => coordinator.dispose(),
  };
  say(`model: ${resolved.name} (${resolved.dir}), scored by workers on ${redactUrl(queue.url)} (${decision.engine})`);
  if (resolved.demo) say('note: this is the embedded demo model, a small stand-in trained by this project, not the model from the card.');
  return { classifier, resolved, engine: { name: decision.engine, reason: `${decision.reason}; scored by queue workers` } };
}
