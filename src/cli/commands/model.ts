import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_HUB_ID } from '../../config/model.js';
import type { GlobalArgs } from '../options.js';

export interface PullArgs extends GlobalArgs {
  id: string;
  revision: string;
  cache?: string;
}

const pull: CommandModule<GlobalArgs, PullArgs> = {
  command: 'pull [id]',
  describe: 'Download a model from the Hugging Face hub into the cache (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE honoured)',
  builder: (y: Argv<GlobalArgs>) =>
    y.positional('id', { type: 'string', default: DEFAULT_HUB_ID })
      .option('revision', { type: 'string', default: 'main' })
      .option('cache', { type: 'string' }) as unknown as Argv<PullArgs>,
  handler: async (args) => (await import('../actions/model.js')).pull(args),
};

const list: CommandModule<GlobalArgs, GlobalArgs & { cache?: string }> = {
  command: 'list',
  describe: 'Cached models with size and fingerprint',
  builder: (y: Argv<GlobalArgs>) => y.option('cache', { type: 'string' }) as unknown as Argv<GlobalArgs & { cache?: string }>,
  handler: async (args) => (await import('../actions/model.js')).list(args),
};

// Subcommands take different argument types; yargs accepts them as one list.
export const modelCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'model <command>',
  describe: 'Download and list models',
  // Subcommands take different argument types; yargs has no type for such a list.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  builder: (y: Argv<GlobalArgs>) => y.command([pull, list] as CommandModule<GlobalArgs, any>[]).demandCommand(1),
  handler: () => {},
};
