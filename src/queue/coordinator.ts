/**
 * The coordinator side of distributed scoring: a Classifier whose scoring happens on `audit worker` processes
 * through a BullMQ queue. The run stays the same (expand, dedupe, cache, statistics, report); only the texts the
 * cache lacks become jobs, and each job's scores reach the cache as soon as they arrive (see runner/score.ts).
 *
 * Redis is a trust boundary: an answer is used only when it names the provenance the job asked for, every number
 * is valid for the head (finite logits, probabilities the softmax or sigmoid of them) and its HMAC under the shared
 * secret is right. Any other answer is refused, logged with the worker's name, and the job queued again for
 * another worker; nothing refused reaches the cache.
 *
 * Every run ends: Redis unreachable at the start -> exit 2 within connectTimeoutS; no result for --queue-timeout
 * seconds -> exit 2; SIGINT or SIGTERM -> exit 2 within seconds, whatever state Redis is in.
 *
 * Robustness comes from idempotent job ids plus a periodic sweep of job states: events can be missed (a Redis
 * restart, a dropped connection), the sweep cannot. A job found completed is taken, one found missing (Redis
 * lost its data) is added again, one failed for good ends the run naming its texts.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { AuditError } from '../errors.js';
import { headProblem, type CachedScore, type RemoteScorer } from '../runner/index.js';
import type { Classifier, Prediction } from '../types.js';
import { checkQueueUrl, openConnection } from './connection.js';
import {
  JOB_NAME, MAX_TEXT_CHARS, PROTOCOL_VERSION, QUEUE_NAME, isRefusal, jobResultSchema, macMatches, planJobs, provenanceMismatch, redactUrl,
  type JobData, type JobResult, type PlannedJob, type Provenance,
} from './protocol.js';

/** Texts per job. Measured with `npm run bench` (bench/queue.mjs): see the README's speed table. */
export const DEFAULT_CHUNK_SIZE = 256;
export const DEFAULT_ATTEMPTS = 3;
/** Refused answers to one job before the run gives up on it (each refusal sends the job to another worker). */
export const DEFAULT_MAX_REFUSALS = 5;
/** Seconds to reach Redis at the start before exit 2 (E_QUEUE_UNREACHABLE). */
export const DEFAULT_CONNECT_TIMEOUT_S = 5;
/** How long finished jobs stay in Redis when no coordinator collects them (a coordinator that died meanwhile). */
const KEEP_FINISHED_S = 24 * 3600;

export interface ModelIdentity {
  fingerprint: string;
  labels: string[];
  target: string;
  name: string;
  /** The head: a sigmoid per label (true) or a softmax over the labels. */
  multiLabel: boolean;
  /** sha256 of the ONNX graph file the workers must run (--onnx-file or bundled), null otherwise. */
  graph: string | null;
}

export interface CoordinatorOptions {
  url: string;
  /** The engine the workers must use: part of the job, a worker on another engine refuses it. */
  engine: string;
  /** The tool version the jobs ask for (workers of another version refuse them). */
  tool: string;
  /** The shared secret answers are authenticated with; null only with --insecure-queue. */
  secret: Buffer | null;
  chunkSize?: number;
  /** Tries per job before the run fails (BullMQ retries with exponential backoff from 1 s). */
  attempts?: number;
  /** Give up when no result has arrived for this many seconds (0: wait for ever). */
  timeoutS?: number;
  /** Give up when Redis cannot be reached at the start within this many seconds. */
  connectTimeoutS?: number;
  maxRefusals?: number;
  /** Seconds between job-state sweeps and between status lines. */
  sweepS?: number;
  statusS?: number;
  /** Status lines (waiting, refusals, Redis lost, progress with ETA). */
  log: (line: string) => void;
  /** Per-job lines (--verbose). */
  verbose?: (line: string) => void;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '?';
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;
}

export class QueueClassifier implements Classifier, RemoteScorer {
  readonly labels: string[];
  readonly target: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly backend: string;
  readonly multiLabel: boolean;
  /** What every answer must name. */
  readonly provenance: Provenance;
  private readonly where: string;

  constructor(identity: ModelIdentity, private readonly options: CoordinatorOptions) {
    checkQueueUrl(options.url);
    this.labels = identity.labels;
    this.target = identity.target;
    this.fingerprint = identity.fingerprint;
    this.name = identity.name;
    this.multiLabel = identity.multiLabel;
    this.provenance = { fingerprint: identity.fingerprint, engine: options.engine, graph: identity.graph, tool: options.tool };
    this.where = redactUrl(options.url);
    // Shown in result.json and the report: which workers, and whether their answers were authenticated.
    this.backend = `${options.engine} on queue workers (${this.where}${options.secret ? '' : '; answers not authenticated: --insecure-queue'})`;
  }

  /** For callers outside the scoring step (e.g. replay): every text through the queue, in input order. */
  async predict(texts: string[]): Promise<Prediction[]> {
    const got = new Map<string, CachedScore>();
    const unique = [...new Set(texts)];
    await this.scoreAll(unique, unique, (chunk, scores) => chunk.forEach((t, i) => got.set(t, scores[i])));
    const t = this.labels.indexOf(this.target);
    return texts.map((text) => {
      const s = got.get(text)!;
      const best = s.probs.indexOf(Math.max(...s.probs));
      return { label: this.labels[best], score: s.probs[t], probs: s.probs, logits: s.logits, inputIds: [] };
    });
  }

  takeWarnings(): string[] {
    return [];
  }

  dispose(): void {}

  /** Queues the texts `todo` as jobs (cut from `all`, see planJobs) and hands each job's scores to `onChunk` as it arrives. */
  async scoreAll(todo: string[], all: string[], onChunk: (texts: string[], scores: CachedScore[], source?: string) => void): Promise<void> {
    if (todo.length === 0) return;
    // A worker refuses texts over MAX_TEXT_CHARS (and with them their whole job): say so before queuing anything.
    const long = todo.find((t) => t.length > MAX_TEXT_CHARS);
    if (long !== undefined) {
      throw new AuditError('E_QUEUE_TEXT', `a text of ${long.length.toLocaleString('en-US')} characters is over the ${MAX_TEXT_CHARS.toLocaleString('en-US')} `
        + `a queue job carries (${JSON.stringify(long.slice(0, 60))}...); lower AUDIT_MAX_TEXT_CHARS or run without --queue`, { kind: 'input' });
    }
    const o = this.options;
    const jobs = planJobs(todo, all, this.fingerprint, o.engine, o.chunkSize ?? DEFAULT_CHUNK_SIZE);
    const run = new CoordinatorRun(this, jobs, todo.length, onChunk);
    await run.start();
  }

  /** @internal what a run needs from its classifier */
  get settings(): Required<Omit<CoordinatorOptions, 'verbose'>> & { verbose: (line: string) => void; where: string } {
    const o = this.options;
    return {
      url: o.url, engine: o.engine, tool: o.tool, secret: o.secret,
      chunkSize: o.chunkSize ?? DEFAULT_CHUNK_SIZE, attempts: o.attempts ?? DEFAULT_ATTEMPTS, timeoutS: o.timeoutS ?? 0,
      connectTimeoutS: o.connectTimeoutS ?? DEFAULT_CONNECT_TIMEOUT_S, maxRefusals: o.maxRefusals ?? DEFAULT_MAX_REFUSALS,
      sweepS: o.sweepS ?? 2, statusS: o.statusS ?? 10,
      log: o.log, verbose: o.verbose ?? (() => {}), where: this.where,
    };
  }
}

/** One scoreAll call: its jobs, connections, timers and the promise that settles when every job is in. */
class CoordinatorRun {
  private readonly pending: Map<string, PlannedJob>;
  private readonly done = deferred();
  private failure: Error | null = null;
  private readonly connections: Redis[] = [];
  private queue!: Queue;
  private events!: QueueEvents;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly started = performance.now();
  private lastResultAt = performance.now();
  private receivedTexts = 0;
  private receivedJobs = 0;
  private lastStatusTexts = -1;
  private readonly refusals = new Set<string>();
  /** Per job: the workers whose answers were refused (the job leaves them out when queued again). */
  private readonly refusedBy = new Map<string, string[]>();
  /** Jobs whose answer is being refused and queued again: the event stream and the sweep must not take them twice. */
  private readonly requeueing = new Set<string>();
  private connected = false;
  private sweeping = false;
  private closed = false;
  private readonly s: QueueClassifier['settings'];

  constructor(
    private readonly owner: QueueClassifier,
    private readonly jobs: PlannedJob[],
    private readonly totalTexts: number,
    private readonly onChunk: (texts: string[], scores: CachedScore[], source?: string) => void,
  ) {
    this.pending = new Map(jobs.map((j) => [j.id, j]));
    this.s = owner.settings;
  }

  async start(): Promise<void> {
    const s = this.s;
    // Both connections report the same outage: one line each time it changes.
    let lastLine = '';
    const log = (line: string) => {
      if (line !== lastLine) s.log(line);
      lastLine = line;
    };
    const connect = () => {
      const waiting = s.timeoutS > 0
        ? `; the run gives up after ${s.timeoutS} s without results (--queue-timeout)`
        : '; waiting for it (--queue-timeout N gives up after N s; Ctrl-C or SIGTERM stops the run, the scores received stay cached)';
      const c = openConnection(s.url, { log, fatal: (e) => this.fail(e), waiting });
      this.connections.push(c);
      return c;
    };
    // Completed events carry each job's scores; a short event stream keeps Redis's memory small on big runs.
    this.queue = new Queue(QUEUE_NAME, { connection: connect(), streams: { events: { maxLen: 2000 } } });
    this.events = new QueueEvents(QUEUE_NAME, { connection: connect() });
    // Errors also reach the connection handlers above; these listeners keep EventEmitter from throwing.
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
    this.events.on('completed', ({ jobId, returnvalue }) => void this.take(jobId, returnvalue).catch((e) => this.fail(e)));
    this.events.on('failed', ({ jobId, failedReason }) => void this.checkFailed(jobId, failedReason).catch((e) => this.fail(e)));
    this.events.on('active', ({ jobId }) => { if (this.pending.has(jobId)) s.verbose(`job ${jobId} taken by a worker`); });
    this.events.on('progress', ({ jobId, data }) => {
      if (!this.pending.has(jobId) || !isRefusal(data)) return;
      if (!this.refusals.has(data.worker)) {
        this.refusals.add(data.worker);
        s.log(data.refused);
      }
      s.verbose(`job ${jobId}: ${data.refused}`);
    });

    s.log(`queue ${s.where}: ${this.jobs.length} jobs of up to ${s.chunkSize} texts (${this.totalTexts} texts) for model ${this.owner.fingerprint.slice(0, 12)} on ${s.engine}`);
    if (!s.secret) s.log('warning: --insecure-queue: answers are not authenticated; anyone who can reach Redis can forge scores');
    this.timers.push(setInterval(() => this.checkTimeout(), 500));
    this.timers.push(setInterval(() => void this.status().catch(() => {}), s.statusS * 1000));
    this.timers.push(setTimeout(() => {
      if (this.connected) return;
      this.fail(new AuditError('E_QUEUE_UNREACHABLE', `could not reach Redis at ${s.where} within ${s.connectTimeoutS} s; is it running, and is the URL right?`, { kind: 'input' }));
    }, s.connectTimeoutS * 1000));
    const onSignal = (signal: NodeJS.Signals) => this.fail(new AuditError(
      'E_QUEUE_INTERRUPTED',
      `stopped by ${signal}: ${this.pending.size} of ${this.jobs.length} jobs outstanding; the ${this.receivedTexts} texts received are in the cache (a rerun scores only the rest)`,
      { kind: 'input' },
    ));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    this.removeSignalHandlers = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    const setup = async () => {
      await Promise.all([this.events.waitUntilReady(), this.queue.waitUntilReady()]);
      this.connected = true;
      await this.addJobs(this.jobs);
      await this.sweep(true);
      // Say at once when nobody is there to take the jobs; later status lines repeat it.
      if (this.receivedJobs === 0 && (await this.queue.getWorkersCount().catch(() => -1)) === 0) {
        s.log(`waiting for workers: ${this.pending.size} jobs queued at ${s.where}, no worker is connected (start one with: audit worker --queue URL --model ...)`);
      }
      if (!this.closed) this.timers.push(setInterval(() => void this.sweep(false).catch((e) => this.fail(e)), s.sweepS * 1000));
    };
    void setup().catch((e) => this.fail(e));
    await this.done.promise;
    await this.close();
    if (this.failure) throw this.failure;
    const seconds = (performance.now() - this.started) / 1000;
    s.log(`queue: ${this.receivedJobs} jobs (${this.receivedTexts} texts) scored by workers in ${seconds.toFixed(1)} s`);
  }

  private fail(e: unknown): void {
    this.failure ??= e instanceof Error ? e : new Error(String(e));
    this.done.resolve();
  }

  private removeSignalHandlers: () => void = () => {};

  private jobData(job: PlannedJob): JobData {
    const exclude = this.refusedBy.get(job.id);
    return { v: PROTOCOL_VERSION, provenance: this.owner.provenance, texts: job.texts, ...(exclude ? { exclude } : {}) };
  }

  private async addJobs(jobs: PlannedJob[]): Promise<void> {
    for (let i = 0; i < jobs.length; i += 500) {
      await this.queue.addBulk(jobs.slice(i, i + 500).map((job) => ({
        name: JOB_NAME,
        data: this.jobData(job),
        opts: {
          jobId: job.id,
          attempts: this.s.attempts,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: KEEP_FINISHED_S },
          removeOnFail: { age: KEEP_FINISHED_S },
        },
      })));
    }
  }

  /** A finished job: check its answer, hand it on once (events and the sweep may both report it), then drop it from Redis. */
  private async take(jobId: string, returnvalue?: unknown): Promise<void> {
    if (!this.pending.has(jobId) || this.requeueing.has(jobId)) return;
    let value: unknown = returnvalue;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        value = undefined;
      }
    }
    if (value === undefined || value === null) value = (await Job.fromId(this.queue, jobId))?.returnvalue;
    const job = this.pending.get(jobId);
    if (!job || this.failure || this.requeueing.has(jobId)) return;
    const parsed = jobResultSchema.safeParse(value);
    const worker = parsed.success ? parsed.data.worker : workerName(value);
    const why = parsed.success ? this.answerProblem(jobId, job, parsed.data) : 'not an answer of this protocol version';
    if (why) {
      await this.refuse(job, worker, why);
      return;
    }
    this.pending.delete(jobId);
    const r = parsed.data!;
    this.onChunk(job.texts, job.texts.map((_, i) => ({ probs: r.probs[i] as number[], logits: r.logits[i] as number[] })), `worker ${r.worker}`);
    this.receivedJobs++;
    this.receivedTexts += job.texts.length;
    this.lastResultAt = performance.now();
    this.s.verbose(`received job ${jobId} (${job.texts.length} texts) from ${r.worker}`);
    if (this.pending.size === 0) this.done.resolve();
    await this.queue.remove(jobId).catch(() => {});
  }

  /** Why an answer cannot be used, or null: provenance, the numbers for the head, then the HMAC. */
  private answerProblem(jobId: string, job: PlannedJob, r: JobResult): string | null {
    const mismatch = provenanceMismatch(r.provenance, this.owner.provenance);
    if (mismatch) return `it scored with ${mismatch}`;
    const width = this.owner.labels.length;
    if (r.probs.length !== job.texts.length || r.logits.length !== job.texts.length) {
      return `${r.probs.length} rows of scores for ${job.texts.length} texts`;
    }
    for (let i = 0; i < job.texts.length; i++) {
      const problem = headProblem({ probs: r.probs[i] as number[], logits: r.logits[i] as number[] }, width, this.owner.multiLabel);
      if (problem) return `text ${i + 1}: ${problem}`;
    }
    const secret = this.s.secret;
    if (secret && !macMatches(secret, jobId, r)) return r.mac ? 'its HMAC does not match (another secret, or altered numbers)' : 'it carries no HMAC (no shared secret)';
    return null;
  }

  /** Logs the refusal with the worker's name, then queues the job again for another worker (or ends the run after maxRefusals). */
  private async refuse(job: PlannedJob, worker: string, why: string): Promise<void> {
    const by = [...(this.refusedBy.get(job.id) ?? []), worker].slice(-100);
    this.refusedBy.set(job.id, by);
    this.s.log(`refused the answer to job ${job.id} from worker ${JSON.stringify(worker)}: ${why}; nothing of it is used or cached`);
    if (by.length >= this.s.maxRefusals) {
      this.fail(new AuditError(
        'E_QUEUE_REFUSED',
        `job ${job.id}: ${by.length} answers refused (last from worker ${JSON.stringify(worker)}: ${why}); nothing of them was cached. `
          + 'Do the workers have the same secret, model, --onnx-file and tool version as this run?',
        { kind: 'input' },
      ));
      return;
    }
    this.requeueing.add(job.id);
    try {
      await this.queue.remove(job.id).catch(() => {});
      await this.addJobs([job]);
      this.s.verbose(`job ${job.id} queued again without worker ${JSON.stringify(worker)}`);
    } finally {
      this.requeueing.delete(job.id);
    }
  }

  /** A failed attempt: only a job in the failed state (retries used up) ends the run. */
  private async checkFailed(jobId: string, reason?: string): Promise<void> {
    const job = this.pending.get(jobId);
    if (!job) return;
    const state = await this.queue.getJobState(jobId);
    if (state !== 'failed') {
      this.s.verbose(`job ${jobId}: attempt failed (${reason ?? 'no reason given'}); BullMQ retries it`);
      return;
    }
    const stored = await Job.fromId(this.queue, jobId);
    const why = reason ?? stored?.failedReason ?? 'no reason given';
    this.fail(new AuditError(
      'E_QUEUE_JOB_FAILED',
      `job ${jobId} failed ${stored?.attemptsMade ?? this.s.attempts} times (last error: ${why}); its ${job.texts.length} texts are not scored, `
        + `the ${this.receivedTexts} texts received before are in the cache (a rerun scores only the rest). The texts:`,
      { kind: 'input', problems: job.texts.map((t) => JSON.stringify(t.length > 200 ? `${t.slice(0, 200)}...` : t)) },
    ));
  }

  /** Every pending job's state, read from Redis: catches what the event stream missed. */
  private async sweep(first: boolean): Promise<void> {
    if (this.sweeping || this.failure || this.closed) return;
    this.sweeping = true;
    try {
      const ids = [...this.pending.keys()];
      const missing: PlannedJob[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        const slice = ids.slice(i, i + 500);
        const states = await Promise.all(slice.map((id) => this.queue.getJobState(id)));
        for (let k = 0; k < slice.length; k++) {
          const id = slice[k];
          const job = this.pending.get(id);
          if (!job) continue;
          if (states[k] === 'completed') await this.take(id);
          else if (states[k] === 'failed') {
            // A job that failed for good in an earlier run gets a fresh set of attempts; one failing now ends the run.
            if (first) {
              this.s.verbose(`job ${id} had failed in an earlier run: retrying it`);
              await (await Job.fromId(this.queue, id))?.retry('failed', { resetAttemptsMade: true }).catch(() => {});
            } else await this.checkFailed(id);
          } else if (states[k] === 'unknown') missing.push(job);
        }
      }
      if (missing.length > 0 && !this.failure) {
        this.s.log(`queue: ${missing.length} jobs are no longer in Redis (restarted without persistence?); adding them again`);
        await this.addJobs(missing);
      }
    } finally {
      this.sweeping = false;
    }
  }

  private checkTimeout(): void {
    const t = this.s.timeoutS;
    if (t <= 0 || this.failure || this.pending.size === 0) return;
    if (performance.now() - this.lastResultAt < t * 1000) return;
    this.fail(new AuditError(
      'E_QUEUE_TIMEOUT',
      `no result from the queue at ${this.s.where} for ${t} s (--queue-timeout): ${this.pending.size} of ${this.jobs.length} jobs outstanding. `
        + `The ${this.receivedTexts} texts received are in the cache; run again (with workers: audit worker --queue URL) to resume`,
      { kind: 'input' },
    ));
  }

  /** A status line: waiting (no worker), or progress with the rate and ETA. */
  private async status(): Promise<void> {
    if (this.failure || this.pending.size === 0) return;
    const elapsed = (performance.now() - this.started) / 1000;
    if (this.receivedTexts === this.lastStatusTexts || this.receivedTexts === 0) {
      const workers = await this.queue.getWorkersCount().catch(() => -1);
      const who = workers === 0 ? 'no worker is connected' : workers > 0 ? `${workers} workers connected` : 'worker count unknown';
      this.s.log(`waiting for workers: ${this.pending.size} jobs queued at ${this.s.where}, ${who} (start one with: audit worker --queue URL --model ...)`);
    } else {
      const rate = this.receivedTexts / elapsed;
      const eta = (this.totalTexts - this.receivedTexts) / rate;
      this.s.log(`queue: ${this.receivedTexts}/${this.totalTexts} texts scored (${this.receivedJobs}/${this.jobs.length} jobs), ${rate.toFixed(1)}/s, ETA ${formatDuration(eta)}`);
    }
    this.lastStatusTexts = this.receivedTexts;
  }

  private async close(): Promise<void> {
    this.closed = true;
    this.removeSignalHandlers();
    for (const t of this.timers) clearInterval(t);
    // A Redis that is gone must not hold the run: closing waits at most 2 s (not at all when Redis was never
    // reached), then every socket is dropped, BullMQ's own duplicates of our connections included.
    if (this.connected) {
      const closing = Promise.allSettled([this.events?.close(), this.queue?.close()]);
      await Promise.race([closing, new Promise((r) => setTimeout(r, 2000).unref())]);
    }
    await Promise.race([
      Promise.allSettled([this.events?.disconnect(), this.queue?.disconnect()]),
      new Promise((r) => setTimeout(r, 500).unref()),
    ]);
    for (const c of this.connections) c.disconnect();
  }
}

/** The worker name an answer gives, even a malformed one (for the log line), else "unknown". */
function workerName(value: unknown): string {
  const w = (value as { worker?: unknown } | null)?.worker;
  return typeof w === 'string' ? w.slice(0, 200) : 'unknown';
}
