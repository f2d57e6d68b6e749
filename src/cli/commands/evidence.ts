import type { Argv } from 'yargs';
import { defineCommand, type GlobalOptions } from '../options.js';

const dirArg = (y: Argv<GlobalOptions>) => y.positional('dir', { type: 'string', demandOption: true, describe: 'The audit directory (audit run --plan FILE --out DIR)' });

export const reviewCommand = defineCommand({
  command: 'review <dir>',
  describe: 'One review of every run of an audit plan: review.json and review.html (the plan, verdicts, test data, limitations, requirements)',
  builder: dirArg,
  handler: async (args) => (await import('../actions/evidence.js')).review(args),
});

export const signCommand = defineCommand({
  command: 'sign <dir>',
  describe: 'Append a decision to DIR/decisions.jsonl: who, when, what and why, every file\'s sha256, hash-chained; signed with --key',
  builder: (y: Argv<GlobalOptions>) =>
    dirArg(y)
      .option('reviewer', { type: 'string', demandOption: true, describe: 'Who decides: "Name <email>"' })
      .option('decision', { type: 'string', choices: ['approve', 'reject', 'approve-with-conditions'] as const, demandOption: true })
      .option('rationale', { type: 'string', demandOption: true, describe: 'A text file with the reasons' })
      .option('condition', { type: 'string', array: true, describe: 'With approve-with-conditions: one condition (repeat for more)' })
      .option('key', { type: 'string', describe: 'Ed25519 private key (PKCS#8 PEM, audit keygen) to sign the entry with' })
      .example('$0 sign audit/ --reviewer "Ada Lovelace <ada@example.org>" --decision approve --rationale why.txt --key me.pem', 'sign a decision'),
  handler: async (args) => (await import('../actions/evidence.js')).sign(args),
});

export const verifyCommand = defineCommand({
  command: 'verify <dir>',
  describe: 'Check every file hash, the decision chain, review.html and (with --pubkey) the signatures; exit 1 naming the first mismatch',
  builder: (y: Argv<GlobalOptions>) =>
    dirArg(y).option('pubkey', { type: 'string', describe: 'Ed25519 public key (SPKI PEM, NAME.pub from audit keygen) the entries must be signed with' }),
  handler: async (args) => (await import('../actions/evidence.js')).verify(args),
});

export const keygenCommand = defineCommand({
  command: 'keygen',
  describe: 'Write an Ed25519 key pair for audit sign: NAME (PKCS#8 PEM, private) and NAME.pub (SPKI PEM)',
  builder: (y: Argv<GlobalOptions>) => y.option('out', { type: 'string', demandOption: true, describe: 'NAME of the private key file' }),
  handler: async (args) => (await import('../actions/evidence.js')).keygen(args),
});
