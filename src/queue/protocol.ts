/**
 * What travels through the queue, and nothing else: a job is texts plus the identity of the model that must score
 * them; a result is numbers. Neither side ever sends code, file paths or options the other would act on.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** The BullMQ queue every coordinator and worker of this tool uses (one Redis database may hold other queues). */
export const QUEUE_NAME = 'bias-audit-scores';
export const JOB_NAME = 'score';
export const PROTOCOL_VERSION = 1;

/** Limits a worker enforces on a payload before it touches the model. */
export const MAX_TEXTS_PER_JOB = 20_000;
export const MAX_TEXT_CHARS = 100_000;

export const jobDataSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  fingerprint: z.string().regex(/^[0-9a-f]{16,128}$/, 'a hex model fingerprint'),
  engine: z.string().regex(/^[a-z0-9-]{1,32}$/, 'an engine name'),
  texts: z.array(z.string().max(MAX_TEXT_CHARS)).min(1).max(MAX_TEXTS_PER_JOB),
}).strict();
export type JobData = z.infer<typeof jobDataSchema>;

const numbers = z.array(z.number());
export const jobResultSchema = z.object({
  worker: z.string().max(200),
  probs: z.array(numbers),
  logits: z.array(numbers),
}).strict();
export type JobResult = z.infer<typeof jobResultSchema>;

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

/** A Redis URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
