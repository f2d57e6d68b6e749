import { resolveModel, type ResolvedModel } from '../../config/model.js';
import { usageError } from '../../errors.js';
import type { RemoteScorer } from '../../runner/index.js';
import type { RunArgs } from '../commands/run.js';
import { info } from '../progress.js';
import type { LoadedModel } from '../../engines/index.js';
import { cacheArg } from './load-model.js';

export interface QueuedModel {
  classifier: LoadedModel;
  resolved: ResolvedModel;
  remote: RemoteScorer;
  modelInfo: { demo: boolean; name: string; engine: string; engine_reason: string; queue: { url: string; authenticated: boolean } };
}

/**
 * `audit run --queue URL`: the run becomes the coordinator. The model is identified here (checks, labels,
 * fingerprint) but not loaded: the workers hold the weights.
 */
export async function connectQueue(args: RunArgs): Promise<QueuedModel> {
  if (args.model && /^https?:\/\//i.test(args.model)) {
    throw usageError('E_QUEUE_MODEL', '--queue: an HTTP endpoint is already remote; run without --queue (workers score local model directories)');
  }
  const { DEFAULT_CONNECT_TIMEOUT_S, QueueClassifier, checkQueueUrl, modelIdentity, reachRedis, readQueueSecret, redactUrl } = await import('../../queue/index.js');
  checkQueueUrl(args.queue!);
  const secret = readQueueSecret({ file: args.queueSecretFile, insecure: args.insecureQueue });
  // Before anything slow: an unreachable Redis ends the run within seconds of its start.
  await reachRedis(args.queue!, DEFAULT_CONNECT_TIMEOUT_S);
  const resolved = resolveModel(args.model, cacheArg(args.cache));
  if (args.onnxFile !== undefined && args.engine !== 'onnx' && args.engine !== 'auto') {
    throw usageError('E_ONNX_FILE', `--onnx-file ${args.onnxFile}: needs --engine onnx`);
  }
  // Jobs name a concrete engine: --engine auto is resolved as each worker resolves its own (chooseEngine); a given
  // ONNX graph runs on ONNX Runtime only, and its sha256 is part of what the workers must score with.
  const { chooseEngine } = await import('../../engines/index.js');
  const decision = await chooseEngine(args.onnxFile !== undefined ? 'onnx' : args.engine, args.backend);
  const { resolveOnnxFile } = await import('../../engines/onnx/graph-file.js');
  const graphFile = args.onnxFile === undefined ? undefined : resolveOnnxFile(resolved.dir, args.onnxFile);
  const identity = await modelIdentity(resolved.dir, {
    target: args.target, cacheDir: cacheArg(args.cache), batchSize: args.batchSize, engine: decision.engine, graphFile,
  });
  const log = (line: string) => info(args.quiet, line);
  const { TOOL_VERSION } = await import('../../version.js');
  const classifier = new QueueClassifier({ ...identity, name: resolved.dir }, {
    url: args.queue!,
    engine: decision.engine,
    tool: TOOL_VERSION,
    secret,
    chunkSize: args.queueChunk,
    timeoutS: args.queueTimeout,
    log,
    verbose: args.verbose ? log : undefined,
  });
  info(args.quiet, `model: ${resolved.name} (${resolved.dir}), scored by workers on ${redactUrl(args.queue!)} (${decision.engine})`);
  if (resolved.demo) info(args.quiet, 'note: this is the embedded demo model, a small stand-in trained by this project, not the model from the card.');
  const queue = { url: redactUrl(args.queue!), authenticated: secret !== null };
  const modelInfo = { demo: resolved.demo, name: resolved.name, engine: decision.engine, engine_reason: `${decision.reason}; scored by queue workers`, queue };
  return { classifier, resolved, remote: classifier, modelInfo };
}
