import type { Argv } from 'yargs';
import { defineCommand, modelOptions, type ArgsOf, type GlobalOptions } from '../options.js';

const builder = (y: Argv<GlobalOptions>) =>
  modelOptions(y)
    .positional('texts', { type: 'string', array: true, default: [] as string[], describe: 'Texts to score' })
    .option('input', { type: 'string', describe: 'UTF-8 file, one text per line (split on \\n only)' })
    .option('json', { type: 'boolean', default: false, describe: 'One JSON object per line' })
    .example('$0 score "I like you. I love you"', 'the model card\'s example');

export type ScoreArgs = ArgsOf<typeof builder>;

export const scoreCommand = defineCommand({
  command: 'score [texts..]',
  describe: 'Score texts with the model: label and P(label) per text',
  builder,
  handler: async (args) => (await import('../actions/score.js')).score(args),
});
