/**
 * What travels through the queue, and nothing else: a job is texts plus the provenance the scores must have (model
 * fingerprint, engine, sha256 of the graph file, tool version); a result is numbers, the provenance the worker
 * actually scored with, and an HMAC-SHA256 under the shared secret. Neither side ever sends code, file paths or
 * options the other would act on.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The BullMQ queue every coordinator and worker of this tool uses (one Redis database may hold other queues). */
export const QUEUE_NAME = 'bias-audit-scores';
export const JOB_NAME = 'score';
export const PROTOCOL_VERSION = 2;

/** Limits a worker enforces on a payload before it touches the model. */
export const MAX_TEXTS_PER_JOB = 20_000;
export const MAX_TEXT_CHARS = 100_000;

/** Whose scores: what a job asks for and what a worker says it used. Both must be equal, field by field. */
export const provenanceSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{16,128}$/, 'a hex model fingerprint'),
  engine: z.string().regex(/^[a-z0-9-]{1,32}$/, 'an engine name'),
  /** sha256 of the ONNX graph file the engine runs (--onnx-file or the bundled one); null for TF.js or our own export. */
  graph: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256').nullable(),
  /** The tool version: scores of another version's code are not mixed in. */
  tool: z.string().max(64),
}).strict();
export type Provenance = z.infer<typeof provenanceSchema>;

export const jobDataSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  provenance: provenanceSchema,
  texts: z.array(z.string().max(MAX_TEXT_CHARS)).min(1).max(MAX_TEXTS_PER_JOB),
  /** Workers whose answer to this job was refused: they leave it to others. */
  exclude: z.array(z.string().max(200)).max(100).optional(),
}).strict();
export type JobData = z.infer<typeof jobDataSchema>;

/** JSON has no NaN: null stands for a number a worker could not send, and is refused by the coordinator's checks. */
const numbers = z.array(z.number().nullable());
export const jobResultSchema = z.object({
  worker: z.string().max(200),
  provenance: provenanceSchema,
  probs: z.array(numbers),
  logits: z.array(numbers),
  /** HMAC-SHA256 (hex) of resultMac's message; absent only on an --insecure-queue. */
  mac: z.string().regex(/^[0-9a-f]{64}$/).optional(),
}).strict();
export type JobResult = z.infer<typeof jobResultSchema>;

/** Fixed field order: the same values always give the same bytes to authenticate. */
function provenanceKey(p: Provenance): unknown[] {
  return [p.fingerprint, p.engine, p.graph, p.tool];
}

/**
 * HMAC-SHA256 under the shared secret of the job id, the provenance and every number: a worker without the secret
 * cannot produce an answer the coordinator accepts, even a self-consistent one, nor move an answer to another job.
 */
export function resultMac(secret: Buffer, jobId: string, r: Pick<JobResult, 'worker' | 'provenance' | 'probs' | 'logits'>): string {
  const message = JSON.stringify([PROTOCOL_VERSION, jobId, r.worker, provenanceKey(r.provenance), r.probs, r.logits]);
  return createHmac('sha256', secret).update(message).digest('hex');
}

/** Constant-time comparison of a result's mac with the one the secret gives. */
export function macMatches(secret: Buffer, jobId: string, r: JobResult): boolean {
  if (!r.mac) return false;
  const want = Buffer.from(resultMac(secret, jobId, r), 'hex');
  const got = Buffer.from(r.mac, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The first field where two provenances differ, as "field: got X, expected Y", or null when equal. */
export function provenanceMismatch(got: Provenance, expected: Provenance): string | null {
  for (const k of ['fingerprint', 'engine', 'graph', 'tool'] as const) {
    if (got[k] !== expected[k]) return `${k} ${String(got[k]).slice(0, 16)}, the job asked for ${String(expected[k]).slice(0, 16)}`;
  }
  return null;
}

/** Progress data a worker posts on a job it will not score (see worker.ts); the coordinator prints it. */
export interface RefusalNote {
  refused: string;
  worker: string;
}

export function isRefusal(data: unknown): data is RefusalNote {
  return typeof data === 'object' && data !== null && typeof (data as RefusalNote).refused === 'string' && typeof (data as RefusalNote).worker === 'string';
}

/** A planned job: its idempotent id and its texts. */
export interface PlannedJob {
  id: string;
  texts: string[];
}

/**
 * Idempotent job id: the same model, engine and texts always give the same id, so re-adding a job (a rerun, two
 * coordinators) is a no-op in BullMQ. Ids avoid ':' (Redis key separator) and are never plain integers.
 */
export function jobId(fingerprint: string, engine: string, texts: string[]): string {
  const chunk = createHash('sha256').update(JSON.stringify(texts)).digest('hex').slice(0, 32);
  return `${fingerprint.slice(0, 16)}-${engine}-${chunk}`;
}

/** Length, then code-unit order: a total order, so every run of the same texts cuts the same chunks. */
function byLengthThenText(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Splits the texts still to score into jobs. The chunks are cut from `all` (every distinct text of the run, cached
 * or not), sorted by length so a job's texts pad alike; a chunk keeps only its texts in `todo` and is dropped when
 * none is left. Cutting from the whole run rather than from the remainder keeps chunk boundaries, hence job ids,
 * stable across reruns: a rerun after a crash asks for exactly the jobs still missing, under the same ids.
 */
export function planJobs(todo: string[], all: string[], fingerprint: string, engine: string, chunkSize: number): PlannedJob[] {
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_TEXTS_PER_JOB) {
    throw new RangeError(`chunk size must be an integer from 1 to ${MAX_TEXTS_PER_JOB}, got ${chunkSize}`);
  }
  const wanted = new Set(todo);
  const sorted = [...new Set([...all, ...todo])].sort(byLengthThenText);
  const jobs: PlannedJob[] = [];
  for (let i = 0; i < sorted.length; i += chunkSize) {
    const texts = sorted.slice(i, i + chunkSize).filter((t) => wanted.has(t));
    if (texts.length > 0) jobs.push({ id: jobId(fingerprint, engine, texts), texts });
  }
  return jobs;
}

/**
 * A Redis URL fit for messages, logs, result.json and the report: the password, and every query value (ioredis
 * reads `?password=` too), replaced by ***. A string that does not parse keeps its scheme and nothing else.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1];
    return scheme ? `${scheme}://***` : '***';
  }
  if (u.password) u.password = '***';
  const keys = [...new Set(u.searchParams.keys())];
  if (keys.length > 0) u.search = keys.map((k) => `${encodeURIComponent(k)}=***`).join('&');
  if (u.hash) u.hash = '';
  return u.toString();
}
