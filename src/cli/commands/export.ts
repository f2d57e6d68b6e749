import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface ExportArgs extends GlobalArgs {
  runDir: string;
  format: 'md' | 'csv' | 'json';
  out?: string;
}

export const exportCommand: CommandModule<GlobalArgs, ExportArgs> = {
  command: 'export <run-dir>',
  describe: 'Export a run: md (a "Bias" paragraph for a model card), csv (group statistics) or json (the stats block)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('run-dir', { type: 'string', demandOption: true, describe: 'Run directory (or its result.json)' })
      .option('format', { choices: ['md', 'csv', 'json'] as const, default: 'md' as const, describe: 'What to export' })
      .option('out', { type: 'string', describe: 'Write to this file instead of stdout' })
      .example('$0 export reports/countries-20250101-120000 --format md >> MODEL_CARD.md', 'a Bias section for a model card') as unknown as Argv<ExportArgs>,
  handler: async (args) => (await import('../actions/export.js')).exportRun(args),
};
