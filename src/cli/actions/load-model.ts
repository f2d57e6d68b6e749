import { resolveModel, type ResolvedModel } from '../../config/model.js';
import { inputError, isAuditError, usageError } from '../../errors.js';
import { pullModel } from '../../hub/pull.js';
import { loadClassifier } from '../../model/index.js';
import { PooledClassifier } from '../../runner/pool.js';
import { workerCount } from '../../runner/workers.js';
import type { Classifier } from '../../types.js';
import type { GlobalArgs } from '../options.js';
import { info } from '../progress.js';

export interface ModelArgs extends GlobalArgs {
  model?: string;
  modelVersion?: string;
  token?: string;
  target: string;
  cache?: string;
  batchSize: number;
  multiLabel?: boolean;
  onnxFile?: string;
  /** Seconds (--http-deadline). */
  httpDeadline?: number;
}

export type LoadedModel = Classifier & { takeWarnings(): string[] };

/**
 * Resolves --model and loads it (in worker threads when more than one worker is wanted), saying plainly which
 * model is audited and when it is the demo stand-in.
 */
export async function loadModelFromArgs(args: ModelArgs, options: { workers?: number } = {}): Promise<{ classifier: LoadedModel; resolved: ResolvedModel }> {
  if (args.model && /^https?:\/\//i.test(args.model)) return connectHttp(args);
  if (args.onnxFile !== undefined && args.engine !== 'onnx') throw usageError('E_ONNX_FILE', `--onnx-file ${args.onnxFile}: needs --engine onnx`);
  const resolved = await resolveOrPull(args);
  const { workers, warning } = workerCount(options.workers ?? args.workers);
  if (warning) process.stderr.write(`audit: warning: ${warning}\n`);
  const load = { backend: args.backend, target: args.target, cacheDir: args.cache, batchSize: args.batchSize, multiLabel: args.multiLabel };
  let classifier: LoadedModel;
  if (args.engine === 'onnx') {
    // ONNX Runtime uses both cores itself (intra-op threads): no worker pool.
    const { loadOnnxClassifier } = await import('../../engines/onnx/index.js');
    classifier = await loadOnnxClassifier(resolved.dir, { target: args.target, cacheDir: args.cache, batchSize: args.batchSize, threads: args.workers > 0 ? workers : undefined, multiLabel: args.multiLabel, onnxFile: args.onnxFile });
  } else {
    classifier = workers > 1 ? await PooledClassifier.start(resolved.dir, { ...load, workers }) : await loadClassifier(resolved.dir, load);
  }
  info(args.quiet, `model: ${resolved.name} (${resolved.dir}), backend ${classifier.backend}`);
  if (resolved.demo) {
    info(args.quiet, 'note: this is the embedded demo model, a small stand-in trained by this project, not the model from the card.');
  }
  return { classifier, resolved };
}

/** A hub id that is not cached is pulled on first use when the network allows; otherwise the error names `audit model pull`. */
async function resolveOrPull(args: ModelArgs): Promise<ResolvedModel> {
  try {
    return resolveModel(args.model, args.cache);
  } catch (e) {
    if (!isAuditError(e) || e.code !== 'E_MODEL_NOT_CACHED' || !args.model) throw e;
    info(args.quiet, `${args.model} is not cached: downloading it`);
    try {
      await pullModel(args.model, { cacheDir: args.cache });
    } catch (pullError) {
      const why = isAuditError(pullError) ? pullError.message : String(pullError);
      throw inputError('E_MODEL_NOT_CACHED', `${args.model}: not in the cache and the download failed (${why}); run \`audit model pull ${args.model}\` where the hub is reachable`);
    }
    return resolveModel(args.model, args.cache);
  }
}

/** A classifier deployed behind HTTP (Hugging Face Inference API request and response shapes). */
async function connectHttp(args: ModelArgs): Promise<{ classifier: LoadedModel; resolved: ResolvedModel }> {
  const { HttpClassifier } = await import('../../engines/http/index.js');
  const classifier = await HttpClassifier.connect(args.model!, {
    modelVersion: args.modelVersion, token: args.token, target: args.target, batchSize: args.batchSize, multiLabel: args.multiLabel,
    ...(args.httpDeadline ? { deadlineMs: args.httpDeadline * 1000 } : {}),
  });
  for (const warning of classifier.takeWarnings()) info(args.quiet, `warning: ${warning}`);
  info(args.quiet, `model: ${classifier.name} (HTTP endpoint${args.modelVersion ? `, version ${args.modelVersion}` : ''})`);
  return { classifier, resolved: { dir: classifier.name, name: classifier.name, demo: false, source: 'http' } };
}
