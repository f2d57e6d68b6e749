#!/usr/bin/env node
/**
 * `npm run train:demo`: trains the embedded demo model (models/demo) on SST-2. Run it again with --resume after
 * an interruption. A CLI, so it prints progress.
 */
import { join, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { exitCodeFor, formatError } from '../util/exit.js';
import { datasetsDir, DEMO_MODEL_DIR } from '../config/paths.js';
import { usageError } from '../errors.js';
import { DEFAULT_RECIPE } from './recipe.js';
import { renderCard, trainDemo } from './run.js';

export async function main(argv: string[]): Promise<number> {
  const args = await yargs(argv)
    .scriptName('train:demo')
    .usage('$0 [options]: train the demo DistilBERT on SST-2 and write it in the Hugging Face layout')
    .option('out', { type: 'string', default: DEMO_MODEL_DIR, describe: 'model directory to write (checkpoints go to <out>/checkpoint)' })
    .option('datasets', { type: 'string', describe: 'datasets directory holding sst2/ and vocab/ (default: the shared datasets)' })
    .option('vocab', { type: 'string', describe: 'vocab.txt to ship (default: <datasets>/vocab/bert-base-uncased-vocab.txt)' })
    .option('epochs', { type: 'number', default: DEFAULT_RECIPE.epochs })
    .option('seed', { type: 'number', default: DEFAULT_RECIPE.seed })
    .option('batch-size', { type: 'number', default: DEFAULT_RECIPE.batchSize })
    .option('lr', { type: 'number', default: DEFAULT_RECIPE.lr, describe: 'peak learning rate' })
    .option('max-length', { type: 'number', default: DEFAULT_RECIPE.maxLength })
    .option('resume', { type: 'boolean', default: false, describe: 'continue from <out>/checkpoint' })
    .option('backend', { choices: ['wasm', 'cpu'] as const, default: 'wasm' as const })
    .option('checkpoint-every', { type: 'number', default: 200, describe: 'updates between checkpoints' })
    .option('log-every', { type: 'number', default: 50, describe: 'updates between progress lines' })
    .option('stop-at-step', { type: 'number', describe: 'stop after this many updates, leaving a checkpoint (smoke runs)' })
    .option('keep-checkpoint', { type: 'boolean', default: false, describe: 'keep <out>/checkpoint after a finished run' })
    .option('card-only', { type: 'boolean', default: false, describe: 'only re-render <out>/README.md from <out>/training.json' })
    .option('debug', { type: 'boolean', default: false, describe: 'print stack traces of errors' })
    .strict()
    .help()
    .fail((message, error) => {
      throw error ?? usageError('E_USAGE', message);
    })
    .parseAsync();

  for (const key of ['epochs', 'batch-size', 'max-length', 'checkpoint-every', 'log-every'] as const) {
    const v = args[key];
    if (!Number.isInteger(v) || v < 1) throw usageError('E_USAGE', `--${key} ${v}: must be a positive integer`);
  }
  if (!Number.isInteger(args.seed) || args.seed < 0) throw usageError('E_USAGE', `--seed ${args.seed}: must be a non-negative integer`);
  if (!(args.lr > 0)) throw usageError('E_USAGE', `--lr ${args.lr}: must be positive`);
  if (args['max-length'] < 2 || args['max-length'] > DEFAULT_RECIPE.model.max_position_embeddings) {
    throw usageError('E_USAGE', `--max-length ${args['max-length']}: must be from 2 to ${DEFAULT_RECIPE.model.max_position_embeddings}`);
  }

  const datasets = datasetsDir(args.datasets);
  if (args['card-only']) {
    renderCard(resolve(args.out), datasets);
    process.stdout.write(`wrote ${join(resolve(args.out), 'README.md')}\n`);
    return 0;
  }
  const started = Date.now();
  const stamp = (): string => `[${((Date.now() - started) / 1000).toFixed(0).padStart(5)}s]`;
  await trainDemo(
    {
      outDir: resolve(args.out),
      datasetsDir: datasets,
      vocabFile: resolve(args.vocab ?? join(datasets, 'vocab', 'bert-base-uncased-vocab.txt')),
      recipe: {
        ...DEFAULT_RECIPE,
        seed: args.seed,
        epochs: args.epochs,
        batchSize: args['batch-size'],
        lr: args.lr,
        maxLength: args['max-length'],
      },
      resume: args.resume,
      backend: args.backend,
      checkpointEvery: args['checkpoint-every'],
      logEvery: args['log-every'],
      stopAtStep: args['stop-at-step'],
      keepCheckpoint: args['keep-checkpoint'],
    },
    (line) => process.stdout.write(`${stamp()} ${line}\n`),
  );
  return 0;
}

try {
  process.exitCode = await main(hideBin(process.argv));
} catch (error) {
  process.stderr.write(`${formatError(error, process.argv.includes('--debug')).replace(/^audit:/, 'train:demo:')}\n`);
  process.exitCode = exitCodeFor(error);
}
