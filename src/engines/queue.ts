/**
 * `--queue URL`: the queue as an engine. The model is identified here (checks, labels, fingerprint) but not loaded:
 * `audit worker` processes hold the weights and score the jobs (src/queue). The Classifier this returns has a
 * `remote` scorer, which the runner's scoring step uses instead of `predict`.
 */
import { resolveModel } from '../config/model.js';
import { usageError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { chooseEngine } from './choose.js';
import { resolveOnnxFile } from './onnx/graph-file.js';
import type { ClassifierOptions, CreatedClassifier, LoadedModel } from './create.js';

/** How the run reaches its queue and how long it waits (see queue/coordinator.ts). */
export interface QueueOptions {
  url: string;
  /** --queue-secret-file (else $AUDIT_QUEUE_SECRET): the secret answers are authenticated with. */
  secretFile?: string;
  /** --insecure-queue: accept answers without the secret (recorded in result.json and the report). */
  insecure?: boolean;
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
  const q = await import('../queue/index.js');
  q.checkQueueUrl(queue.url);
  const secret = q.readQueueSecret({ file: queue.secretFile, insecure: queue.insecure });
  // Before anything slow: an unreachable Redis ends the run within seconds of its start.
  say(`queue: connecting to Redis at ${q.redactUrl(queue.url)}`);
  await q.reachRedis(queue.url, q.DEFAULT_CONNECT_TIMEOUT_S);
  const resolved = resolveModel(options.model, options.cacheDir);
  if (options.onnxFile !== undefined && options.engine !== undefined && options.engine !== 'onnx' && options.engine !== 'auto') {
    throw usageError('E_ONNX_FILE', `--onnx-file ${options.onnxFile}: needs --engine onnx`);
  }
  // Jobs name a concrete engine: --engine auto is resolved as each worker resolves its own (chooseEngine); a given
  // ONNX graph runs on ONNX Runtime only, and its sha256 is part of what the workers must score with.
  const decision = await chooseEngine(options.onnxFile !== undefined ? 'onnx' : options.engine, options.backend, options.probes);
  const graphFile = options.onnxFile === undefined ? undefined : resolveOnnxFile(resolved.dir, options.onnxFile);
  const identity = await q.modelIdentity(resolved.dir, {
    target: options.target, cacheDir: options.cacheDir, batchSize: options.batchSize, engine: decision.engine, graphFile,
  });
  const coordinator = new q.QueueClassifier({ ...identity, name: resolved.dir }, {
    url: queue.url, engine: decision.engine, tool: TOOL_VERSION, secret,
    chunkSize: queue.chunkSize, timeoutS: queue.timeoutS, log: say, verbose: queue.verbose,
  });
  const classifier: LoadedModel = {
    labels: coordinator.labels,
    target: coordinator.target,
    fingerprint: coordinator.fingerprint,
    name: coordinator.name,
    backend: coordinator.backend,
    multiLabel: coordinator.multiLabel,
    remote: coordinator,
    predict: (texts) => coordinator.predict(texts),
    takeWarnings: () => coordinator.takeWarnings(),
    dispose: () => coordinator.dispose(),
  };
  const where = q.redactUrl(queue.url);
  say(`model: ${resolved.name} (${resolved.dir}), scored by workers on ${where} (${decision.engine})`);
  if (resolved.demo) say('note: this is the embedded demo model, a small stand-in trained by this project, not the model from the card.');
  return {
    classifier, resolved, engine: { name: decision.engine, reason: `${decision.reason}; scored by queue workers` },
    queue: { url: where, authenticated: secret !== null },
  };
}
