import type { Argv, CommandModule } from 'yargs';
import type { GlobalOptions } from '../options.js';
import { defineCommand } from '../options.js';

const list = { type: 'string', array: true } as const;

const init = defineCommand({
  command: 'init',
  describe: 'Write a commented audit plan to fill in: the system, population, attributes, model, runs, policy, seeds',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .option('out', { type: 'string', demandOption: true, describe: 'Plan file to write (e.g. audit-plan.yaml)' })
      .option('model', { type: 'string', describe: 'The model (a directory, a cached hub id, or demo)' })
      .option('probe', { ...list, describe: 'A probe to run (id or file; repeat for more)' })
      .option('suite', { ...list, describe: 'A suite to run: winobias, winogender, stereoset, crows-pairs (repeat for more)' })
      .option('data', { ...list, describe: 'A data file (or sst2-dev) to run (repeat for more)' })
      .option('force', { type: 'boolean', default: false, describe: 'Replace an existing file' })
      .example('$0 plan init --out audit-plan.yaml --model DIR --probe gender --suite winobias --data sst2-dev', 'a plan over three runs'),
  handler: async (args) => (await import('../actions/plan.js')).planInit(args),
});

const amend = defineCommand({
  command: 'amend <plan>',
  describe: 'Record a new version of an edited plan: bumps its version, keeps the old one in DIR/plan-history/v<N>.yaml, re-locks',
  builder: (y: Argv<GlobalOptions>) =>
    y
      .positional('plan', { type: 'string', demandOption: true, describe: 'The plan file' })
      .option('out', { type: 'string', demandOption: true, describe: 'The audit directory (holds plan.lock.json)' })
      .option('datasets', { type: 'string', describe: 'Datasets directory (as for audit run)' })
      .option('cache', { type: 'string', describe: 'Cache directory (as for audit run)' }),
  handler: async (args) => (await import('../actions/plan.js')).planAmend(args),
});

export const planCommand: CommandModule<GlobalOptions, GlobalOptions> = {
  command: 'plan <command>',
  describe: 'An audit plan fixed before scoring: init, amend (run it with audit run --plan FILE --out DIR)',
  // Subcommands take different argument types; yargs has no type for such a list.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  builder: (y: Argv<GlobalOptions>) => y.command([init, amend] as CommandModule<GlobalOptions, any>[]).demandCommand(1),
  handler: () => {},
};
