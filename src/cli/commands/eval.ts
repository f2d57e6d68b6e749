import type { Argv, CommandModule } from 'yargs';
import { modelOptions, type GlobalArgs } from '../options.js';

export interface EvalArgs extends GlobalArgs {
  dataset: string;
  datasets?: string;
  json: boolean;
  model?: string;
  target: string;
  cache?: string;
  batchSize: number;
}

export const evalCommand: CommandModule<GlobalArgs, EvalArgs> = {
  command: 'eval',
  describe: 'Accuracy, F1, AUC, confusion matrix and throughput on SST-2 dev (check your copy of the model)',
  builder: (y: Argv<GlobalArgs>) =>
    modelOptions(y)
      .option('dataset', { choices: ['sst2-dev'], default: 'sst2-dev' })
      .option('datasets', { type: 'string', describe: 'Datasets directory' })
      .option('json', { type: 'boolean', default: false }) as unknown as Argv<EvalArgs>,
  handler: async (args) => (await import('../actions/eval.js')).evaluate(args),
};
