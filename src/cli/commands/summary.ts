import type { Argv } from 'yargs';
import { defineCommand, type ArgsOf, type GlobalOptions } from '../options.js';

const builder = (y: Argv<GlobalOptions>) =>
  y
    .positional('run-dirs', { type: 'string', array: true, demandOption: true, describe: 'Run directories of one model (probe, suite and data runs)' })
    .option('out', { type: 'string', describe: 'Directory for summary.html, summary.md and summary.json (default reports/summary-<YYYYMMDD-HHMMSS>)' })
    .example('$0 summary reports/gender-1 reports/winobias-1 reports/winogender-1 reports/data-sst2', 'the gender story across four measurements');

export type SummaryArgs = ArgsOf<typeof builder>;

export const summaryCommand = defineCommand({
  command: 'summary <run-dirs..>',
  describe: 'One story per attribute over several runs of one model: one signed contrast per source, intervals, what each can '
    + 'detect, and whether they agree (exit 2 for runs of different models)',
  builder,
  handler: async (args) => (await import('../actions/summary.js')).summary(args),
});
