import type { Argv } from 'yargs';
import { defineCommand, modelOptions, type ArgsOf, type GlobalOptions } from '../options.js';
import { decimalFlag, integerFlag } from '../numeric.js';

const builder = (y: Argv<GlobalOptions>) =>
  modelOptions(y)
    .option('queue', { type: 'string', demandOption: true, describe: 'Redis URL: redis://[:PASSWORD@]HOST:PORT[/DB] or rediss:// (TLS)' })
    .option('queue-secret-file', { type: 'string', describe: 'File holding the secret shared with the coordinator (else ' +
      '$AUDIT_QUEUE_SECRET)' })
    .option('insecure-queue', { type: 'boolean', default: false,
      describe: 'Send answers without the shared secret (trusted network only)' })
    .option('concurrency', { ...integerFlag('concurrency', { min: 1, max: 64 }), default: 1,
      describe: 'Jobs scored at once by this process' })
    .option('lock-timeout', {
      ...decimalFlag('lock-timeout', 1, 86_400), default: 30,
      describe: 'Seconds after which a job of a worker that went silent (killed, cut off) goes to another worker',
    })
    .option('verbose', { type: 'boolean', default: false, describe: 'Log every job taken, finished or refused' })
    .example('$0 worker --queue redis://queue-host:6379 --engine onnx', 'score jobs with the default model on ONNX Runtime');

export type WorkerArgs = ArgsOf<typeof builder>;

export const workerCommand = defineCommand({
  command: 'worker',
  describe: 'Score jobs from a coordinator (`audit run --queue URL`) on this machine, until stopped (Ctrl-C / SIGTERM)',
  builder,
  handler: async (args) => (await import('../actions/worker.js')).worker(args),
});
