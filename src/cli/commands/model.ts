import type { Argv, CommandModule } from 'yargs';
import { DEFAULT_HUB_ID } from '../../config/model.js';
import type { ArgsOf, Built, GlobalOptions } from '../options.js';

const pullOptions = (y: Argv<GlobalOptions>) =>
  y.positional('id', { type: 'string', default: DEFAULT_HUB_ID })
    .option('revision', { type: 'string', default: 'main' })
    .option('cache', { type: 'string' });
const listOptions = (y: Argv<GlobalOptions>) => y.option('cache', { type: 'string' });

export type PullArgs = ArgsOf<typeof pullOptions>;

const pull: CommandModule<GlobalOptions, Built<typeof pullOptions>> = {
  command: 'pull [id]',
  describe: 'Download a model from the Hugging Face hub into the cache (HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE honoured)',
  builder: pullOptions,
  handler: async (args) => (await import('../actions/model.js')).pull(args),
};

const list: CommandModule<GlobalOptions, Built<typeof listOptions>> = {
  command: 'list',
  describe: 'Cached models with size and fingerprint',
  builder: listOptions,
  handler: async (args) => (await import('../actions/model.js')).list(args),
};

// Subcommands take different argument types; yargs accepts them as one list.
export const modelCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'model <command>',
  describe: 'Download and list models',
  // Subcommands take different argument types; yargs has no type for such a list.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  builder: (y: Argv<GlobalOptions>) => y.command([pull, list] as CommandModule<GlobalOptions, any>[]).demandCommand(1),
  handler: () => {},
};
