import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

/** Shared by `audit report` and `audit run`. */
export const INTERACTIVE_HELP = 'Add an "Interactive view" button to each chart (inlines the Vega runtime, ~520 KB more)';

export interface ReportArgs extends GlobalArgs {
  runDir: string;
  interactive: boolean;
}

export const reportCommand: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'report <run-dir>',
  describe: 'Re-render report.html from a run directory\'s result.json (does not load the model)',
  builder: (y: Argv<GlobalArgs>) =>
    y.positional('run-dir', { type: 'string', demandOption: true })
      .option('interactive', { type: 'boolean', default: false, describe: INTERACTIVE_HELP }) as unknown as Argv<ReportArgs>,
  handler: async (args) => {
    const { writeReport } = await import('../../report/index.js');
    process.stdout.write(`${await writeReport(args.runDir, { interactive: args.interactive })}\n`);
  },
};
