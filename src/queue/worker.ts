/**
 * The worker side: takes jobs from the queue and scores them with the local Classifier. A job names the model
 * fingerprint and engine it needs; a worker with another model or engine refuses it (it posts why, which the
 * coordinator prints, and puts the job back for a matching worker). A payload that is not plain data of the
 * expected shape fails without retries; it is never acted on.
 */
import { hostname } from 'node:os';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Classifier } from '../types.js';
import { checkQueueUrl, openConnection, type ConnectionEvents } from './connection.js';
import { JOB_NAME, QUEUE_NAME, jobDataSchema, redactUrl, type JobResult, type RefusalNote } from './protocol.js';

export interface WorkerOptions {
  url: string;
  classifier: Classifier;
  /** The engine this worker's classifier runs on ("tfjs", "onnx"). */
  engine: string;
  /** Jobs in flight at once. */
  concurrency?: number;
  /** BullMQ lock: a job whose worker stops renewing it for this long is handed to another worker. */
  lockMs?: number;
  /** How often this worker looks for stalled jobs of dead workers. */
  stalledMs?: number;
  /** How long a refused job waits before it is offered again. */
  refuseDelayMs?: number;
  log: (line: string) => void;
  verbose?: (line: string) => void;
  fatal: ConnectionEvents['fatal'];
}

export interface RunningWorker {
  readonly id: string;
  /** Resolves once the worker is connected and taking jobs. */
  ready: Promise<void>;
  /** Lets the jobs in flight finish, then disconnects. */
  close(): Promise<void>;
}

export function startWorker(o: WorkerOptions): RunningWorker {
  checkQueueUrl(o.url);
  const id = `${hostname()}:${process.pid}`;
  const verbose = o.verbose ?? (() => {});
  const mine = `${o.classifier.fingerprint.slice(0, 12)} on ${o.engine}`;

  const processor = async (job: Job, token?: string): Promise<JobResult> => {
    if (job.name !== JOB_NAME) throw new UnrecoverableError(`worker ${id}: unknown job kind ${JSON.stringify(job.name).slice(0, 40)}`);
    const parsed = jobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      const why = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
      o.log(`rejected job ${job.id}: not a scoring payload (${why})`);
      throw new UnrecoverableError(`worker ${id}: not a scoring payload (${why})`);
    }
    const data = parsed.data;
    if (data.fingerprint !== o.classifier.fingerprint || data.engine !== o.engine) {
      const refused = `worker ${id} refused a job: it has model ${mine}, the job needs model ${data.fingerprint.slice(0, 12)} on ${data.engine}`;
      verbose(`refused job ${job.id}: it needs ${data.fingerprint.slice(0, 12)} on ${data.engine}, this worker has ${mine}`);
      await job.updateProgress({ refused, worker: id } satisfies RefusalNote);
      await job.moveToDelayed(Date.now() + (o.refuseDelayMs ?? 2000), token);
      throw new DelayedError();
    }
    const t0 = performance.now();
    verbose(`took job ${job.id} (${data.texts.length} texts, attempt ${job.attemptsMade + 1})`);
    const predictions = await o.classifier.predict(data.texts);
    verbose(`finished job ${job.id} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    return { worker: id, probs: predictions.map((p) => p.probs), logits: predictions.map((p) => p.logits) };
  };

  const connection = openConnection(o.url, { log: o.log, fatal: o.fatal });
  const worker = new Worker(QUEUE_NAME, processor, {
    connection,
    concurrency: o.concurrency ?? 1,
    lockDuration: o.lockMs ?? 30_000,
    stalledInterval: o.stalledMs ?? 30_000,
    // A job may lose its worker twice (e.g. two machines lost) before it counts as failed.
    maxStalledCount: 2,
    autorun: true,
  });
  worker.on('error', () => {}); // reported through the connection's handlers
  worker.on('failed', (job, e) => {
    if (job && !(e instanceof DelayedError) && e.name !== 'DelayedError') o.log(`job ${job.id} failed on this worker: ${e.message}`);
  });
  const ready = worker.waitUntilReady().then(() => {
    o.log(`worker ${id}: taking jobs from ${redactUrl(o.url)} for model ${mine}`);
  });
  return {
    id,
    ready,
    close: async () => {
      await worker.close();
      connection.disconnect();
    },
  };
}
