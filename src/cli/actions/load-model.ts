import type { ClassifierOptions, CreatedClassifier } from '../../engines/index.js';
import type { ModelArgs } from '../options.js';
import { info } from '../progress.js';

/** The command line's model options as `createClassifier` options (a hub id that is not cached is pulled). */
export function classifierOptions(args: ModelArgs, options: { workers?: number } = {}): ClassifierOptions {
  return {
    model: args.model, engine: args.engine, backend: args.backend,
    workers: options.workers ?? args.workers, threads: (args.workers ?? 0) > 0 ? args.workers : undefined,
    target: args.target, cacheDir: cacheArg(args.cache), batchSize: args.batchSize, modelVersion: args.modelVersion, token: args.token,
    multiLabel: args.multiLabel, onnxFile: args.onnxFile, ...(args.httpDeadline ? { httpDeadlineMs: args.httpDeadline * 1000 } : {}),
    modelName: args.modelName, prompt: args.prompt, apiKeyEnv: args.apiKeyEnv, maxRequests: args.maxRequests,
    maxTokensBudget: args.maxTokensBudget,
    sampleAnswers: args.sampleAnswers,
    pull: true, onInfo: (line) => info(args.quiet, line),
    // Warnings go to stderr even with --quiet: they change what the user should expect.
    onWarning: (message) => process.stderr.write(`audit: warning: ${message}\n`),
  };
}

/** Resolves --model and loads it on the engine --engine picks (see createClassifier), saying which model and engine run. */
export async function loadModelFromArgs(args: ModelArgs, options: { workers?: number } = {}): Promise<CreatedClassifier> {
  const { createClassifier } = await import('../../engines/index.js');
  return createClassifier(classifierOptions(args, options));
}

/** `--cache DIR` as a directory; `--no-cache` (yargs: `cache: false`) means the default directory for models. */
export function cacheArg(cache: string | false | undefined): string | undefined {
  return cache === false ? undefined : cache;
}
