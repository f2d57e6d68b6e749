import type { Argv, CommandModule } from 'yargs';
import { modelOptions, type GlobalArgs } from '../options.js';

export interface ScoreArgs extends GlobalArgs {
  texts: string[];
  input?: string;
  json: boolean;
  model?: string;
  target: string;
  cache?: string;
  batchSize: number;
}

export const scoreCommand: CommandModule<GlobalArgs, ScoreArgs> = {
  command: 'score [texts..]',
  describe: 'Score texts with the model: label and P(label) per text',
  builder: (y: Argv<GlobalArgs>) =>
    modelOptions(y)
      .positional('texts', { type: 'string', array: true, default: [] as string[], describe: 'Texts to score' })
      .option('input', { type: 'string', describe: 'UTF-8 file, one text per line (split on \\n only)' })
      .option('json', { type: 'boolean', default: false, describe: 'One JSON object per line' })
      .example('$0 score "I like you. I love you"', 'the model card\'s example') as unknown as Argv<ScoreArgs>,
  handler: async (args) => (await import('../actions/score.js')).score(args),
};
