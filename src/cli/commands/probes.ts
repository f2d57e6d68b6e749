import type { Argv, CommandModule } from 'yargs';
import type { Built, GlobalOptions } from '../options.js';

const probeArg = (y: Argv<GlobalOptions>) => y.positional('probe', { type: 'string', demandOption: true });

const list: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'list',
  describe: 'Built-in probes with template and sentence counts',
  handler: async () => (await import('../actions/probes.js')).list(),
};

const show: CommandModule<GlobalOptions, Built<typeof probeArg>> = {
  command: 'show <probe>',
  describe: 'Templates, slots, lexicons and sentence counts of a probe (id or file)',
  builder: probeArg,
  handler: async (args) => (await import('../actions/probes.js')).show(args.probe),
};

const validate: CommandModule<GlobalOptions, Built<typeof probeArg>> = {
  command: 'validate <probe>',
  describe: 'Check a probe file and report every problem (exit 2 if any)',
  builder: probeArg,
  handler: async (args) => (await import('../actions/probes.js')).validate(args.probe),
};

export const probesCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'probes <command>',
  describe: 'List, show and validate probes',
  // Subcommands take different argument types; yargs has no type for such a list.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  builder: (y: Argv<GlobalOptions>) => y.command([list, show, validate] as CommandModule<GlobalOptions, any>[]).demandCommand(1),
  handler: () => {},
};
