import { resolveModel, type ResolvedModel } from '../../config/model.js';
import { usageError } from '../../errors.js';
import type { RemoteScorer } from '../../runner/score.js';
import type { RunArgs } from '../commands/run.js';
import { info } from '../progress.js';
import type { LoadedModel } from './load-model.js';

/**
 * `audit run --queue URL`: the run becomes the coordinator. The model is identified here (checks, labels,
 * fingerprint) but not loaded: the workers hold the weights.
 */
export async function connectQueue(args: RunArgs): Promise<{ classifier: LoadedModel; resolved: ResolvedModel; remote: RemoteScorer }> {
  if (args.model && /^https?:\/\//i.test(args.model)) {
    throw usageError('E_QUEUE_MODEL', '--queue: an HTTP endpoint is already remote; run without --queue (workers score local model directories)');
  }
  const { QueueClassifier, modelIdentity, redactUrl } = await import('../../queue/index.js');
  const resolved = resolveModel(args.model, args.cache);
  const identity = await modelIdentity(resolved.dir, { target: args.target, cacheDir: args.cache, batchSize: args.batchSize });
  const log = (line: string) => info(args.quiet, line);
  const classifier = new QueueClassifier({ ...identity, name: resolved.dir }, {
    url: args.queue!,
    engine: args.engine,
    chunkSize: args.queueChunk,
    timeoutS: args.queueTimeout,
    log,
    verbose: args.verbose ? log : undefined,
  });
  info(args.quiet, `model: ${resolved.name} (${resolved.dir}), scored by workers on ${redactUrl(args.queue!)} (${args.engine})`);
  if (resolved.demo) info(args.quiet, 'note: this is the embedded demo model, a small stand-in trained by this project, not the model from the card.');
  return { classifier, resolved, remote: classifier };
}
