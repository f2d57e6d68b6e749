import type { Argv, CommandModule } from 'yargs';
import { modelOptions, type GlobalArgs } from '../options.js';

export interface WorkerArgs extends GlobalArgs {
  queue: string;
  model?: string;
  modelVersion?: string;
  token?: string;
  target: string;
  cache?: string;
  batchSize: number;
  concurrency: number;
  lockTimeout: number;
  verbose: boolean;
}

export const workerCommand: CommandModule<GlobalArgs, WorkerArgs> = {
  command: 'worker',
  describe: 'Score jobs from a coordinator (`audit run --queue URL`) on this machine, until stopped (Ctrl-C / SIGTERM)',
  builder: (y: Argv<GlobalArgs>) =>
    modelOptions(y)
      .option('queue', { type: 'string', demandOption: true, describe: 'Redis URL: redis://[:PASSWORD@]HOST:PORT[/DB] or rediss:// (TLS)' })
      .option('concurrency', { type: 'number', default: 1, describe: 'Jobs scored at once by this process' })
      .option('lock-timeout', { type: 'number', default: 30, describe: 'Seconds after which a job of a worker that went silent (killed, cut off) goes to another worker' })
      .option('verbose', { type: 'boolean', default: false, describe: 'Log every job taken, finished or refused' })
      .example('$0 worker --queue redis://queue-host:6379 --engine onnx', 'score jobs with the default model on ONNX Runtime') as unknown as Argv<WorkerArgs>,
  handler: async (args) => {
    const { worker } = await import('../actions/worker.js');
    await worker(args);
  },
};
