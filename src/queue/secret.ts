/**
 * The secret coordinator and workers share to authenticate answers (HMAC-SHA256, see protocol.ts). Redis is a
 * trust boundary: anyone who can reach it can take jobs and answer them, so without the secret a well-formed,
 * self-consistent forgery would be indistinguishable from a real score. Both sides refuse to start without one
 * unless --insecure-queue says the network and Redis are trusted (recorded in result.json and the report).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { usageError } from '../errors.js';

export const SECRET_ENV = 'AUDIT_QUEUE_SECRET';
/** 16 characters: at least 64 bits even for a hex or base32 secret. */
export const MIN_SECRET_CHARS = 16;
const MAX_SECRET_FILE_BYTES = 4096;

export interface QueueSecretOptions {
  /** --queue-secret-file */
  file?: string;
  /** --insecure-queue */
  insecure?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** The secret (file first, then $AUDIT_QUEUE_SECRET), or null with --insecure-queue; anything else is a usage error. */
export function readQueueSecret(options: QueueSecretOptions): Buffer | null {
  const env = options.env ?? process.env;
  let secret: string | undefined;
  let from: string;
  if (options.file !== undefined) {
    secret = readSecretFile(options.file);
    from = `--queue-secret-file ${options.file}`;
  } else {
    secret = env[SECRET_ENV];
    from = `$${SECRET_ENV}`;
  }
  if (secret === undefined || secret === '') {
    if (options.insecure) return null;
    throw usageError('E_QUEUE_SECRET', `--queue: no shared secret; give the same one to the run and every worker with --queue-secret-file FILE or $${SECRET_ENV} `
      + '(e.g. `openssl rand -hex 32`), or pass --insecure-queue to accept unauthenticated answers');
  }
  if (secret.length < MIN_SECRET_CHARS) {
    throw usageError('E_QUEUE_SECRET', `${from}: the queue secret has ${secret.length} characters; use at least ${MIN_SECRET_CHARS} (e.g. \`openssl rand -hex 32\`)`);
  }
  return Buffer.from(secret, 'utf8');
}

/** A regular file of at most 4 KB; surrounding whitespace (a trailing newline) is not part of the secret. */
function readSecretFile(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw usageError('E_QUEUE_SECRET', `--queue-secret-file ${file}: cannot open it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw usageError('E_QUEUE_SECRET', `--queue-secret-file ${file}: not a regular file`);
    if (st.size > MAX_SECRET_FILE_BYTES) throw usageError('E_QUEUE_SECRET', `--queue-secret-file ${file}: ${st.size} bytes; a secret file holds at most ${MAX_SECRET_FILE_BYTES}`);
    const buf = Buffer.alloc(st.size);
    const n = readSync(fd, buf, 0, st.size, 0);
    return buf.subarray(0, n).toString('utf8').trim();
  } finally {
    closeSync(fd);
  }
}
