/**
 * Redis connections for the coordinator and the workers (ioredis). Commands issued while Redis is away wait and
 * are sent once it is back (maxRetriesPerRequest: null, as BullMQ requires), so a restart of Redis is a pause, not
 * an error; the owner decides how long it will wait. A refused password is not retried: it is fatal at once.
 */
import { Redis } from 'ioredis';
import { AuditError, usageError } from '../errors.js';
import { redactUrl } from './protocol.js';

export interface ConnectionEvents {
  /** Status lines (lost, back) for the user. */
  log: (line: string) => void;
  /** A problem waiting cannot fix (a wrong password, a Redis that does not speak TLS). */
  fatal: (error: AuditError) => void;
  /** Appended to the "lost the connection" line: what happens while waiting and how to stop it. */
  waiting?: string;
}

/** Checks a --queue URL: redis:// or rediss:// (TLS), optional :password@ and /DB. */
export function checkQueueUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw usageError('E_QUEUE_URL', `--queue ${redactUrl(url)}: not a URL (expected redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://...)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw usageError('E_QUEUE_URL', `--queue ${redactUrl(url)}: expected a redis:// or rediss:// URL, got ${u.protocol}`);
  }
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw usageError('E_QUEUE_URL', `--queue ${redactUrl(url)}: the path must be a database number, got /${db}`);
  return url;
}

const AUTH_FAILURE = /WRONGPASS|NOAUTH|invalid password|invalid username-password/i;

/** One ioredis connection to `url`, reporting outages once each and failing fast on a refused password. */
export function openConnection(url: string, events: ConnectionEvents): Redis {
  const where = redactUrl(url);
  let down = false;
  let refused = false;
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    // Reconnect every 0.25 s at first, then every 2 s: a restarted Redis is picked up within 2 s. After a refused
    // password, no reconnect: the connection ends, and so do BullMQ's loops waiting on it.
    retryStrategy: (times) => (refused ? null : Math.min(times * 250, 2000)),
  });
  redis.on('error', (e: Error) => {
    if (AUTH_FAILURE.test(e.message)) {
      refused = true;
      events.fatal(new AuditError('E_QUEUE_AUTH', `${where}: Redis refused the credentials (${e.message.split('\n')[0]}); give the password in the URL (redis://:PASSWORD@HOST:PORT)`, { kind: 'input' }));
      return;
    }
    if (!down) {
      down = true;
      events.log(`lost the connection to Redis at ${where} (${e.message.split('\n')[0]}); retrying${events.waiting ?? ''}`);
    }
  });
  redis.on('ready', () => {
    if (down) events.log(`connected to Redis at ${where} again`);
    down = false;
  });
  return redis;
}

/**
 * Fails fast when Redis cannot be reached: one connection, ready within `timeoutS` (a port that accepts and never
 * answers counts as unreachable), then closed. Called before anything slow (model checks, expansion), so an
 * unreachable Redis ends the run within seconds of its start (E_QUEUE_UNREACHABLE, exit 2).
 */
export async function reachRedis(url: string, timeoutS: number): Promise<void> {
  const where = redactUrl(url);
  let fatal: AuditError | null = null;
  let timer: NodeJS.Timeout | undefined;
  const redis = openConnection(url, { log: () => {}, fatal: (e) => { fatal = e; } });
  try {
    const ready = new Promise<boolean>((resolve) => {
      redis.once('ready', () => resolve(true));
      redis.on('error', () => { if (fatal) resolve(false); });
      timer = setTimeout(() => resolve(false), timeoutS * 1000);
    });
    if (await ready) return;
    if (fatal) throw fatal;
    throw new AuditError('E_QUEUE_UNREACHABLE', `could not reach Redis at ${where} within ${timeoutS} s; is it running, and is the URL right?`, { kind: 'input' });
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}
