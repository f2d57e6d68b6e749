#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { usageError } from '../errors.js';
import { commands } from './commands/index.js';
import { refuseVersionValue } from './commands/run.js';
import { exitCodeFor, formatError } from './exit.js';
import { globalOptions } from './options.js';

/** Entry point of the `audit` binary. Command modules are declarative; their handlers import the work lazily. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  let code: number;
  const cli = globalOptions(yargs(argv))
    .scriptName('audit')
    .command(commands)
    .demandCommand(1, 'Name a command (see audit --help).')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      // yargs rewraps what an option's coerce throws (src/cli/numeric.ts) as a YError: still a usage error.
      if (error?.name === 'YError') throw usageError('E_USAGE', error.message);
      throw error ?? usageError('E_USAGE', message);
    });
  try {
    refuseVersionValue(argv);
    await cli.parseAsync();
    code = process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    process.stderr.write(`${formatError(error, debug)}\n`);
    code = exitCodeFor(error);
  }
  return code;
}

const code = await main(hideBin(process.argv));
process.exitCode = code;
// Every command is done here. A socket a library leaves open (BullMQ duplicates Redis connections it then keeps
// retrying while Redis is down) must not keep the process alive: it ends within 1 s whatever is still pending.
setTimeout(() => process.exit(code), 1000).unref();
