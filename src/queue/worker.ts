/**
 * The worker side: takes jobs from the queue and scores them with the local Classifier. A job names the provenance
 * it needs (model fingerprint, engine, graph file, tool version); a worker with another one, or one the job
 * excludes (its earlier answer was refused), refuses it (it posts why, which the coordinator prints, and puts the
 * job back for another worker). A payload that is not plain data of the expected shape fails without retries; it
 * is never acted on. Answers name the worker's provenance and carry an HMAC under the shared secret.
 *
 * Stopping is bounded: close() lets the jobs in flight finish for up to CLOSE_GRACE_MS, then drops the sockets,
 * so SIGTERM with Redis gone ends the process within seconds.
 */
import { hostname } from 'node:os';
import { DelayedError, UnrecoverableError, Worker, type Job, type JobJson } from 'bullmq';
import { scoreProblem } from '../runner/index.js';
import type { Classifier } from '../types.js';
import { checkQueueUrl, openConnection, type ConnectionEvents } from './connection.js';
import {
  JOB_NAME, QUEUE_NAME, jobDataSchema, provenanceMismatch, redactUrl, resultMac, type JobResult, type Provenance, type RefusalNote,
} from './protocol.js';

/** How long close() waits for jobs in flight (and a reachable Redis) before it drops the connection. */
export const CLOSE_GRACE_MS = 2000;

/** Stands in for job data that is not JSON (a hand-pushed job): the processor fails such a job without retries. */
const UNPARSABLE = '__unparsable_job_data__';

/**
 * BullMQ parses a job's data while moving it to active, outside the processor: data that is not JSON threw there and
 * left the job active for ever. Here it becomes a marker the processor refuses, so the job fails like any bad payload.
 */
class GuardedWorker extends Worker {
  protected override createJob(data: JobJson, jobId: string): Job {
    try {
      return super.createJob(data, jobId);
    } catch {
      return super.createJob({ ...data, data: JSON.stringify({ [UNPARSABLE]: true }) }, jobId);
    }
  }
}

export interface WorkerOptions {
  url: string;
  classifier: Classifier;
  /** What this worker scores with (fingerprint, engine, graph file, tool version): jobs must ask for exactly this. */
  provenance: Provenance;
  /** The shared secret answers are signed with; null only with --insecure-queue. */
  secret: Buffer | null;
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
  const mine = `${o.provenance.fingerprint.slice(0, 12)} on ${o.provenance.engine}${o.provenance.graph ? ` (graph ${o.provenance.graph.slice(0, 12)})` : ''}`;

  const processor = async (job: Job, token?: string): Promise<JobResult> => {
    if (job.name !== JOB_NAME) throw new UnrecoverableError(`worker ${id}: unknown job kind ${JSON.stringify(job.name).slice(0, 40)}`);
    if ((job.data as Record<string, unknown> | null)?.[UNPARSABLE] === true) {
      o.log(`rejected job ${job.id}: its data is not JSON`);
      throw new UnrecoverableError(`worker ${id}: the job's data is not JSON`);
    }
    const parsed = jobDataSchema.safeParse(job.data);
    if (!parsed.success) {
      const why = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'data'}: ${i.message}`).join('; ');
      o.log(`rejected job ${job.id}: not a scoring payload (${why})`);
      throw new UnrecoverableError(`worker ${id}: not a scoring payload (${why})`);
    }
    const data = parsed.data;
    const mismatch = provenanceMismatch(o.provenance, data.provenance);
    const excluded = data.exclude?.includes(id) ?? false;
    if (mismatch || excluded) {
      const why = mismatch ? `it has ${mismatch}` : 'its earlier answer to this job was refused';
      const refused = `worker ${id} refused a job: ${why}`;
      verbose(`refused job ${job.id}: ${why}`);
      await job.updateProgress({ refused, worker: id } satisfies RefusalNote);
      await job.moveToDelayed(Date.now() + (o.refuseDelayMs ?? 2000), token);
      throw new DelayedError();
    }
    const t0 = performance.now();
    verbose(`took job ${job.id} (${data.texts.length} texts, attempt ${job.attemptsMade + 1})`);
    const predictions = await o.classifier.predict(data.texts);
    const bad = predictions.findIndex((p) => scoreProblem(p, o.classifier.labels.length) !== null);
    if (bad >= 0) {
      // NaN or infinite weights: no retry helps, and nothing is sent that a coordinator could mistake for a score.
      throw new UnrecoverableError(`worker ${id}: model ${mine} gives unusable scores (${scoreProblem(predictions[bad], o.classifier.labels.length)})`);
    }
    verbose(`finished job ${job.id} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    const probs = predictions.map((p) => p.probs);
    const answer = { worker: id, provenance: o.provenance, probs, logits: predictions.map((p) => p.logits) };
    return o.secret ? { ...answer, mac: resultMac(o.secret, job.id!, answer) } : answer;
  };

  const connection = openConnection(o.url, { log: o.log, fatal: o.fatal });
  const worker = new GuardedWorker(QUEUE_NAME, processor, {
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
      await Promise.race([worker.close().catch(() => {}), new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref())]);
      await Promise.race([worker.disconnect().catch(() => {}), new Promise((r) => setTimeout(r, 500).unref())]);
      connection.disconnect();
    },
  };
}
