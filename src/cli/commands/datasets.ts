import type { Argv, CommandModule } from 'yargs';
import type { ArgsOf, Built, GlobalOptions } from '../options.js';

function withDir(y: Argv<GlobalOptions>) {
  return y
    .option('datasets', { type: 'string', describe: 'Datasets directory (default $AUDIT_DATASETS, ../shared/datasets, or ' +
      '<cache>/datasets)' })
    .option('cache', { type: 'string' });
}

const pullOptions = (y: Argv<GlobalOptions>) =>
  withDir(y)
    .option('force', { type: 'boolean', default: false, describe: 'Download again even when present and verified' })
    .option('base-url', { type: 'string', describe: 'Mirror serving <repo>/<commit>/<path> instead of raw GitHub' });

export type DatasetsListArgs = ArgsOf<typeof withDir>;
export type DatasetsPullArgs = ArgsOf<typeof pullOptions>;

const list: CommandModule<GlobalOptions, Built<typeof withDir>> = {
  command: 'list',
  describe: 'Datasets found, with counts and licences',
  builder: withDir,
  handler: async (args) => (await import('../actions/datasets.js')).list(args),
};

const pull: CommandModule<GlobalOptions, Built<typeof pullOptions>> = {
  command: 'pull',
  describe: 'Download the official dataset files (pinned URLs, sha256-checked, resumable) into the datasets directory',
  builder: pullOptions,
  handler: async (args) => (await import('../actions/datasets.js')).pull(args),
};

export const datasetsCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'datasets <command>',
  describe: 'List and download the benchmark datasets',
  // Subcommands take different argument types; yargs accepts them as one list (and has no type for such a list).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  builder: (y: Argv<GlobalOptions>) => y.command([list, pull] as CommandModule<GlobalOptions, any>[]).demandCommand(1),
  handler: () => {},
};
