import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface ReportArgs extends GlobalArgs {
  runDir: string;
}

export const reportCommand: CommandModule<GlobalArgs, ReportArgs> = {
  command: 'report <run-dir>',
  describe: 'Re-render report.html from a run directory\'s result.json (does not load the model)',
  builder: (y: Argv<GlobalArgs>) => y.positional('run-dir', { type: 'string', demandOption: true }) as unknown as Argv<ReportArgs>,
  handler: async (args) => {
    const { writeReport } = await import('../../report/index.js');
    process.stdout.write(`${await writeReport(args.runDir)}\n`);
  },
};
