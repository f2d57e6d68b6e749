import type { Argv } from 'yargs';
import { defineCommand, type ArgsOf, type GlobalOptions } from '../options.js';
import { decimalFlag, integerFlag } from '../numeric.js';
import { DEFAULT_DIFF_TOLERANCE } from '../../config/defaults.js';

const builder = (y: Argv<GlobalOptions>) =>
  y
    .positional('run-a', { type: 'string', demandOption: true, describe: 'The earlier or reference run directory' })
    .positional('run-b', { type: 'string', demandOption: true, describe: 'The run compared with it' })
    .option('out', { type: 'string', describe: 'Output directory (default reports/diff-<a>-<b>)' })
    .option('seed', { ...integerFlag('seed'), describe: 'Seed of the paired bootstrap (default: run B\'s seed)' })
    .option('tolerance', {
      ...decimalFlag('tolerance', 0, 1),
      describe: `A group changed when its paired interval lies outside ±X, unchanged when inside (probability scale; ` +
        `default: the --policy file's tolerance, else ${DEFAULT_DIFF_TOLERANCE})`,
    })
    .option('policy', { type: 'string', describe: 'Policy file whose `tolerance:` sets --tolerance (when --tolerance is not given)' })
    .option('resamples', { ...integerFlag('resamples'), describe: 'Bootstrap resamples (default: run B\'s)' })
    .example('$0 diff reports/countries-old reports/countries-new', 'what changed between two models')
    .example('$0 diff reports/data-old reports/data-new', 'two data runs on one file, paired text by text');

export type DiffArgs = ArgsOf<typeof builder>;

export const diffCommand = defineCommand({
  command: 'diff <run-a> <run-b>',
  describe: 'Compare two runs of the same probe or data file (e.g. two models): changes with paired intervals, changed conclusions, '
    + 'diff.html + diff.json',
  builder,
  handler: async (args) => (await import('../actions/diff.js')).diff(args),
});
