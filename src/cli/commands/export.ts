import type { Argv } from 'yargs';
import { defineCommand, type ArgsOf, type GlobalOptions } from '../options.js';

const builder = (y: Argv<GlobalOptions>) =>
  y
    .positional('run-dir', { type: 'string', demandOption: true, describe: 'Run directory (or its result.json)' })
    .option('format', {
      choices: ['md', 'csv', 'json', 'pairs'] as const, default: 'md' as const,
      describe: 'What to export (pairs: a data run\'s counterfactuals beside their originals, CSV)',
    })
    .option('out', { type: 'string', describe: 'Write to this file instead of stdout' })
    .example('$0 export reports/countries-20250101-120000 --format md >> MODEL_CARD.md', 'a Bias section for a model card')
    .example('$0 export reports/data-reviews --format pairs --out swaps.csv', 'every swap of a data run, side by side');

export type ExportArgs = ArgsOf<typeof builder>;

export const exportCommand = defineCommand({
  command: 'export <run-dir>',
  describe: 'Export a run: md (a "Bias" paragraph for a model card), csv (group statistics), json (the stats block) or, for a data run, '
    + 'pairs (every counterfactual beside its original)',
  builder,
  handler: async (args) => (await import('../actions/export.js')).exportRun(args),
});
