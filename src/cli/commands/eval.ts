import type { Argv } from 'yargs';
import { defineCommand, modelOptions, type ArgsOf, type GlobalOptions } from '../options.js';

const builder = (y: Argv<GlobalOptions>) =>
  modelOptions(y)
    .option('dataset', { choices: ['sst2-dev'] as const, default: 'sst2-dev' as const })
    .option('datasets', { type: 'string', describe: 'Datasets directory' })
    .option('json', { type: 'boolean', default: false });

export type EvalArgs = ArgsOf<typeof builder>;

export const evalCommand = defineCommand({
  command: 'eval',
  describe: 'Accuracy, F1, AUC, confusion matrix and throughput on SST-2 dev (check your copy of the model)',
  builder,
  handler: async (args) => (await import('../actions/eval.js')).evaluate(args),
});
