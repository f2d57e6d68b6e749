import type { Argv } from 'yargs';
import { defineCommand, type GlobalOptions } from '../options.js';

/** Shared by `audit report` and `audit run`. */
export const INTERACTIVE_HELP = 'Add an "Interactive view" button to each chart (inlines the Vega runtime, ~520 KB more)';

const builder = (y: Argv<GlobalOptions>) =>
  y.positional('run-dir', { type: 'string', demandOption: true })
    .option('interactive', { type: 'boolean', default: false, describe: INTERACTIVE_HELP });

export const reportCommand = defineCommand({
  command: 'report <run-dir>',
  describe: 'Re-render report.html from a run directory\'s result.json (does not load the model)',
  builder,
  handler: async (args) => {
    const { writeReport } = await import('../../report/index.js');
    process.stdout.write(`${await writeReport(args.runDir, { interactive: args.interactive })}\n`);
  },
});
