import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

interface ProbeArg extends GlobalArgs {
  probe: string;
}

const list: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'list',
  describe: 'Built-in probes with template and sentence counts',
  handler: async () => (await import('../actions/probes.js')).list(),
};

const show: CommandModule<GlobalArgs, ProbeArg> = {
  command: 'show <probe>',
  describe: 'Templates, slots, lexicons and sentence counts of a probe (id or file)',
  builder: (y: Argv<GlobalArgs>) => y.positional('probe', { type: 'string', demandOption: true }) as unknown as Argv<ProbeArg>,
  handler: async (args) => (await import('../actions/probes.js')).show(args.probe),
};

const validate: CommandModule<GlobalArgs, ProbeArg> = {
  command: 'validate <probe>',
  describe: 'Check a probe file and report every problem (exit 2 if any)',
  builder: (y: Argv<GlobalArgs>) => y.positional('probe', { type: 'string', demandOption: true }) as unknown as Argv<ProbeArg>,
  handler: async (args) => (await import('../actions/probes.js')).validate(args.probe),
};

export const probesCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'probes <command>',
  describe: 'List, show and validate probes',
  // Subcommands take different argument types; yargs has no type for such a list.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  builder: (y: Argv<GlobalArgs>) => y.command([list, show, validate] as CommandModule<GlobalArgs, any>[]).demandCommand(1),
  handler: () => {},
};
