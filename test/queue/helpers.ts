/**
 * Real Redis servers and real CLI processes for the queue tests: each test starts its own redis-server (Debian
 * package) on a free 127.0.0.1 port with a temporary directory, and coordinators and workers run as separate
 * `audit` processes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES, PACKAGE_ROOT } from '../../src/config/paths.js';

export const MAIN = join(PACKAGE_ROOT, 'dist', 'cli', 'main.js');
export const DEMO = join(PACKAGE_ROOT, 'models', 'demo');
export const TINY = join(HF_FIXTURES, 'tiny');

export function tempDir(prefix = 'queue-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RedisOptions {
  password?: string;
  /** TLS only (no plain port), with a self-signed certificate made here by openssl. */
  tls?: boolean;
}

export interface TestRedis {
  port: number;
  url: string;
  dir: string;
  /** The self-signed certificate (PEM) when tls is set. */
  caFile?: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** A redis-server with no persistence (a restart loses every job: the hardest case for the coordinator). */
export async function startRedis(options: RedisOptions = {}): Promise<TestRedis> {
  const dir = tempDir('redis-');
  const port = await freePort();
  const args = ['--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--logfile', ''];
  if (options.password) args.push('--requirepass', options.password);
  let caFile: string | undefined;
  if (options.tls) {
    const key = join(dir, 'key.pem');
    caFile = join(dir, 'cert.pem');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', caFile, '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
    args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', caFile, '--tls-key-file', key, '--tls-ca-cert-file', caFile, '--tls-auth-clients', 'no');
  } else args.push('--port', String(port));
  let proc: ChildProcess | null = null;
  const start = async () => {
    const p = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc = p;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
      p.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      p.once('exit', (code) => { clearTimeout(timer); reject(new Error(`redis-server exited with ${code}: ${out}`)); });
    });
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  };
  await start();
  const auth = options.password ? `:${options.password}@` : '';
  return {
    port, dir, caFile, stop, start,
    url: `${options.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${port}`,
  };
}

export interface Proc {
  child: ChildProcess;
  /** stdout + stderr so far. */
  output(): string;
  /** Resolves when the output matches (at least `count` times). */
  waitFor(re: RegExp, timeoutMs?: number, count?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** The secret coordinators and workers of the tests share (AUDIT_QUEUE_SECRET), unless a test gives another. */
export const TEST_SECRET = 'test-secret-0123456789abcdef';

/** Starts `audit ARGS` as its own process (CI=1: no progress bar; the test secret in AUDIT_QUEUE_SECRET). */
export function startAudit(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(process.execPath, ['--no-warnings', MAIN, ...args], {
    cwd: PACKAGE_ROOT, env: { ...process.env, CI: '1', AUDIT_QUEUE_SECRET: TEST_SECRET, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiters: { re: RegExp; count: number; resolve: () => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const n = out.match(new RegExp(w.re.source, w.re.flags.includes('g') ? w.re.flags : `${w.re.flags}g`))?.length ?? 0;
      if (n >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); check(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); check(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, output: out }));
  });
  return {
    child,
    output: () => out,
    exited,
    waitFor: (re, timeoutMs = 60_000, count = 1) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re} (x${count}); output so far:\n${out}`)), timeoutMs);
      waiters.push({ re, count, resolve: () => { clearTimeout(timer); resolve(); } });
      check();
      void exited.then(() => { check(); });
    }),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** `audit worker` on the demo model (one thread, short lock so stalled jobs move on within seconds). */
export function startWorker(url: string, cache: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Proc {
  return startAudit(['worker', '--queue', url, '--model', DEMO, '--workers', '1', '--cache', cache, '--lock-timeout', '2', '--verbose', ...extra], env);
}

export interface RunRecord { text: string; score: number; probs: number[] }

export function readRun(dir: string): {
  records: RunRecord[];
  stats: unknown;
  counts: { scored: number; cached: number; unique_texts: number };
} {
  return JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
}

/** The largest absolute difference between two runs' scores, record by record (same probe, same order). */
export function maxScoreDiff(a: RunRecord[], b: RunRecord[]): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i].text !== b[i].text) return Infinity;
    max = Math.max(max, Math.abs(a[i].score - b[i].score), ...a[i].probs.map((p, j) => Math.abs(p - b[i].probs[j])));
  }
  return max;
}

/** The largest absolute difference between two JSON values' numbers; Infinity when their shapes differ. */
export function maxNumericDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : Math.abs(a - b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return Infinity;
    return a.reduce((m: number, x, i) => Math.max(m, maxNumericDiff(x, b[i])), 0);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return Infinity;
    return ka.reduce((m, k) => Math.max(m, maxNumericDiff((a as never)[k], (b as never)[k])), 0);
  }
  return a === b ? 0 : Infinity;
}

/** Job ids in lines like "took job ID" / "received job ID". */
export function jobIds(output: string, verb: 'took' | 'received' | 'finished'): string[] {
  return [...output.matchAll(new RegExp(`${verb} job (\\S+)`, 'g'))].map((m) => m[1]);
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
