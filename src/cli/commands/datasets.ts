import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

export interface DatasetsArgs extends GlobalArgs {
  datasets?: string;
  cache?: string;
  force: boolean;
  baseUrl?: string;
}

function withDir(y: Argv<GlobalArgs>) {
  return y
    .option('datasets', { type: 'string', describe: 'Datasets directory (default $AUDIT_DATASETS, ../shared/datasets, or <cache>/datasets)' })
    .option('cache', { type: 'string' });
}

const list: CommandModule<GlobalArgs, DatasetsArgs> = {
  command: 'list',
  describe: 'Datasets found, with counts and licences',
  builder: (y: Argv<GlobalArgs>) => withDir(y) as unknown as Argv<DatasetsArgs>,
  handler: async (args) => (await import('../actions/datasets.js')).list(args),
};

const pull: CommandModule<GlobalArgs, DatasetsArgs> = {
  command: 'pull',
  describe: 'Download the official dataset files (pinned URLs, sha256-checked, resumable) into the datasets directory',
  builder: (y: Argv<GlobalArgs>) =>
    withDir(y)
      .option('force', { type: 'boolean', default: false, describe: 'Download again even when present and verified' })
      .option('base-url', { type: 'string', describe: 'Mirror serving <repo>/<commit>/<path> instead of raw GitHub' }) as unknown as Argv<DatasetsArgs>,
  handler: async (args) => (await import('../actions/datasets.js')).pull(args),
};

export const datasetsCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'datasets <command>',
  describe: 'List and download the benchmark datasets',
  // Subcommands take different argument types; yargs accepts them as one list (and has no type for such a list).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  builder: (y: Argv<GlobalArgs>) => y.command([list, pull] as CommandModule<GlobalArgs, any>[]).demandCommand(1),
  handler: () => {},
};
