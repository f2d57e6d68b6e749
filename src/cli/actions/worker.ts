import type { AuditError } from '../../errors.js';
import { usageError } from '../../errors.js';
import type { WorkerArgs } from '../commands/worker.js';
import { info } from '../progress.js';
import { loadModelFromArgs } from './load-model.js';

/** `audit worker`: load the model once, then score queue jobs until SIGINT/SIGTERM (jobs in flight finish first). */
export async function worker(args: WorkerArgs): Promise<void> {
  if (args.model && /^https?:\/\//i.test(args.model)) throw usageError('E_QUEUE_MODEL', '--model: a worker scores with a local model directory, not an HTTP endpoint');
    if (!(args.lockTimeout > 0)) throw usageError('E_LOCK_TIMEOUT', `--lock-timeout ${args.lockTimeout}: must be a positive number of seconds`);
  const { checkQueueUrl, classifierProvenance, readQueueSecret, startWorker } = await import('../../queue/index.js');
  checkQueueUrl(args.queue);
  const secret = readQueueSecret({ file: args.queueSecretFile, insecure: args.insecureQueue });
  // The engine the jobs must name: --engine auto is resolved here, as the coordinator resolves its own.
  const { classifier, engine } = await loadModelFromArgs(args);
  const provenance = await classifierProvenance(classifier, engine.name);
  const log = (line: string) => info(args.quiet, line);
  let fatal: AuditError | null = null;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => { stop = resolve; });
  const running = startWorker({
    url: args.queue, classifier, provenance, secret, concurrency: args.concurrency ?? 1,
    lockMs: args.lockTimeout * 1000, stalledMs: args.lockTimeout * 1000,
    log, verbose: args.verbose ? log : undefined,
    fatal: (e) => { fatal ??= e; stop(); },
  });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (!secret) log('warning: --insecure-queue: answers are not authenticated');
  await stopped;
  log(fatal ? 'worker: stopping' : 'worker: stopping after the jobs in flight (at most a few seconds)');
  await running.close();
  await classifier.dispose();
  if (fatal) throw fatal;
}
