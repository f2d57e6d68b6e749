/**
 * Issue 23 against real redis-servers and real processes: only authenticated answers of the model the job names
 * reach the run and the cache; --onnx-file scores the given graph through the queue; every run and every worker
 * ends within seconds of Redis going away or a signal; secrets never reach the output or the run directory.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ScoreCache } from '../../src/runner/cache.js';
import { encoderGraph } from '../../src/engines/onnx/export.js';
import { encodeModel } from '../../src/engines/onnx/onnx-proto.js';
import { loadModelParams } from '../../src/model/index.js';
import { audit, ensureBuilt } from '../helpers/cli.js';
import {
  DEMO, freePort, maxScoreDiff, readRun, removeDir, startAudit, startRedis, startWorker, tempDir, TEST_SECRET, type Proc, type TestRedis,
} from './helpers.js';

const common = ['--probe', 'countries', '--limit', '60', '--model', DEMO, '--resamples', '50'];
let root: string;
let redis: TestRedis | null = null;
const procs: Proc[] = [];
const killers: (() => void)[] = [];

function coordinator(name: string, url: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Proc {
  const p = startAudit(['run', ...common, '--queue', url, '--cache', join(root, `cache-${name}`), '--out', join(root, `run-${name}`), '--verbose', ...extra], env);
  procs.push(p);
  void p.waitFor(/queue: connecting to Redis at/, 120_000).then(() => connectingAt.set(p, performance.now()), () => {});
  return p;
}

function worker(name: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Proc {
  const p = startWorker(redis!.url, join(root, `wcache-${name}`), extra, env);
  procs.push(p);
  return p;
}

/** The forging client of fixtures/forging-worker.mjs (no secret). */
async function forger(url: string, mode = ''): Promise<{ output: () => string }> {
  const child = spawn(process.execPath, [join(new URL('.', import.meta.url).pathname, 'fixtures', 'forging-worker.mjs'), url, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  killers.push(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => { if (out.includes('forging worker ready')) { clearInterval(t); resolve(); } }, 50);
    child.once('exit', () => { clearInterval(t); reject(new Error(`forger exited: ${out}`)); });
  });
  return { output: () => out };
}

function cacheRows(name: string): { count: number; sources: Map<string | null, number> } {
  const cache = ScoreCache.open(join(root, `cache-${name}`));
  try {
    const fp = readFingerprint();
    return { count: cache.count(), sources: cache.sources(fp) };
  } finally {
    cache.close();
  }
}

let fingerprint = '';
function readFingerprint(): string {
  return fingerprint;
}

async function timed<T>(p: Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await p;
  return { value, seconds: (performance.now() - t0) / 1000 };
}

let reference: ReturnType<typeof readRun>;

/** Seconds from the coordinator's "connecting to Redis" line to its exit (the process must have exited). */
const connectingAt = new WeakMap<Proc, number>();
async function afterConnecting(p: Proc): Promise<number> {
  await p.exited;
  return (performance.now() - connectingAt.get(p)!) / 1000;
}

beforeAll(() => {
  ensureBuilt();
  root = tempDir('trust-');
  const r = audit(['run', ...common, '--workers', '1', '--cache', join(root, 'cache-local'), '--out', join(root, 'run-local'), '--quiet']);
  expect(r.code).toBe(0);
  reference = readRun(join(root, 'run-local'));
  fingerprint = (JSON.parse(readFileSync(join(root, 'run-local', 'result.json'), 'utf8')) as { model: { fingerprint: string } }).model.fingerprint;
});

afterEach(async () => {
  killers.splice(0).forEach((k) => k());
  await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
  await redis?.stop();
  redis = null;
});

afterAll(() => removeDir(root));

describe('answers from a client without the secret', () => {
  it('are refused one kind after another (wrong, out of range, another model, forged HMAC), and nothing reaches the cache', async () => {
    redis = await startRedis();
    const f = await forger(redis.url);
    const c = coordinator('forged', redis.url, ['--queue-chunk', '100', '--queue-timeout', '30']);
    const { code, output } = await c.exited;
    expect(code).toBe(2);
    expect(output).toMatch(/refused the answer to job \S+ from worker "forger-wrong": text 1: probability 0\.01 of label 0 is not the softmax of the logits/);
    expect(output).toMatch(/from worker "forger-range": text 1: a probability is -41, outside \[0, 1\]/);
    expect(output).toMatch(/from worker "forger-provenance": it scored with fingerprint f{16}, the job asked for/);
    expect(output).toMatch(/from worker "forger-forged": its HMAC does not match/);
    expect(output).toMatch(/error E_QUEUE_REFUSED: job \S+: 5 answers refused/);
    expect(f.output()).toMatch(/forged forged answer/);
    expect(cacheRows('forged').count).toBe(0);
    // A later local run on that cache scores everything itself and reports the clean scores.
    const again = audit(['run', ...common, '--workers', '1', '--cache', join(root, 'cache-forged'), '--out', join(root, 'run-forged-local')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/60 scored, 0 from cache/);
    expect(maxScoreDiff(readRun(join(root, 'run-forged-local')).records, reference.records)).toBeLessThan(1e-6);
  });

  it('leave the run to a worker with the secret: the same scores as one machine, cached as that worker\'s', async () => {
    redis = await startRedis();
    const f = await forger(redis.url, 'once');
    const c = coordinator('mixed', redis.url, ['--queue-chunk', '20', '--queue-timeout', '60']);
    await c.waitFor(/refused the answer to job/);
    const w = worker('honest');
    const { code, output } = await c.exited;
    expect(code).toBe(0);
    expect(f.output()).toMatch(/forged wrong answer/);
    expect(output).toMatch(/from worker "forger-wrong"/);
    const run = readRun(join(root, 'run-mixed'));
    expect(maxScoreDiff(run.records, reference.records)).toBeLessThan(1e-6);
    const workerId = /worker (\S+): taking jobs/.exec(w.output())![1];
    const { count, sources } = cacheRows('mixed');
    expect(count).toBe(reference.counts.unique_texts);
    expect([...sources.entries()]).toEqual([[`worker ${workerId}`, reference.counts.unique_texts]]);
    expect(cacheRows('local').sources.get('local')).toBe(reference.counts.unique_texts);
  });
});

describe('the shared secret', () => {
  it('is required by the run and by a worker, unless --insecure-queue, which result.json and the report record', async () => {
    redis = await startRedis();
    const noSecret = { AUDIT_QUEUE_SECRET: '' };
    const r = audit(['run', ...common, '--queue', redis.url, '--out', join(root, 'run-nosecret')], { env: noSecret });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^audit: error E_QUEUE_SECRET: --queue: no shared secret; .*--queue-secret-file FILE or \$AUDIT_QUEUE_SECRET/);
    const w = audit(['worker', '--queue', redis.url, '--model', DEMO], { env: noSecret });
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/E_QUEUE_SECRET/);
    const short = audit(['worker', '--queue', redis.url, '--model', DEMO], { env: { AUDIT_QUEUE_SECRET: 'short' } });
    expect(short.stderr).toMatch(/E_QUEUE_SECRET: \$AUDIT_QUEUE_SECRET: the queue secret has 5 characters; use at least 16/);

    const secretFile = join(root, 'secret.txt');
    writeFileSync(secretFile, `${TEST_SECRET}\n`);
    worker('insecure', ['--insecure-queue'], noSecret);
    const c = coordinator('insecure', redis.url, ['--insecure-queue', '--queue-timeout', '60'], noSecret);
    expect((await c.exited).code).toBe(0);
    const result = JSON.parse(readFileSync(join(root, 'run-insecure', 'result.json'), 'utf8'));
    expect(result.model.queue).toEqual({ url: expect.stringMatching(/^redis:\/\/127\.0\.0\.1:\d+\/?$/), authenticated: false });
    expect(readFileSync(join(root, 'run-insecure', 'report.html'), 'utf8')).toContain('answers not authenticated: --insecure-queue');

    // The file form, with the worker on the environment variable: the same secret, so the answers are accepted.
    worker('file');
    const f = coordinator('file', redis.url, ['--queue-secret-file', secretFile, '--queue-timeout', '60'], noSecret);
    expect((await f.exited).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'run-file', 'result.json'), 'utf8')).model.queue.authenticated).toBe(true);
  });

  it('never reaches the output or the run directory, nor does a password given in the URL\'s query', async () => {
    const password = 'Qu3ry-Pa55word';
    redis = await startRedis({ password });
    const url = `redis://127.0.0.1:${redis.port}?password=${password}`;
    const w = startWorker(url, join(root, 'wcache-query'));
    procs.push(w);
    const c = coordinator('query', url, ['--queue-timeout', '60']);
    const { code, output } = await c.exited;
    expect(code).toBe(0);
    expect(output).toMatch(/redis:\/\/127\.0\.0\.1:\d+\/?\?password=\*\*\*/);
    for (const text of [output, w.output(), ...readdirSync(join(root, 'run-query')).map((f) => readFileSync(join(root, 'run-query', f), 'utf8'))]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(TEST_SECRET);
    }
  });
});

describe('--onnx-file through the queue', () => {
  it('scores the given graph, as the same flags on one machine do', async () => {
    // The demo model with a graph of its own whose logits are shifted by [0, 1]: a worker that ran the default
    // graph instead would give other scores (the bug this guards against gave 0.177 for 0.950).
    const model = join(root, 'demo-onnx');
    mkdirSync(join(model, 'onnx'), { recursive: true });
    for (const f of readdirSync(DEMO)) copyFileSync(join(DEMO, f), join(model, f));
    writeFileSync(join(model, 'onnx', 'shifted.onnx'), await shiftedGraph(DEMO, [0, 1]));
    const flags = [...common.map((a) => (a === DEMO ? model : a)), '--engine', 'onnx', '--onnx-file', 'shifted.onnx'];
    const local = audit(['run', ...flags, '--cache', join(root, 'cache-onnx-local'), '--out', join(root, 'run-onnx-local'), '--quiet']);
    expect([local.code, local.stderr]).toEqual([0, '']);
    redis = await startRedis();
    const w = startAudit(['worker', '--queue', redis.url, '--model', model, '--engine', 'onnx', '--onnx-file', 'shifted.onnx', '--cache', join(root, 'wcache-onnx'), '--verbose']);
    procs.push(w);
    const c = startAudit(['run', ...flags, '--queue', redis.url, '--queue-timeout', '60', '--cache', join(root, 'cache-onnx-q'), '--out', join(root, 'run-onnx-q')]);
    procs.push(c);
    const { code, output } = await c.exited;
    expect([code, output]).toEqual([0, expect.any(String)]);
    expect(w.output()).toMatch(/took job/);
    const [a, b] = ['run-onnx-local', 'run-onnx-q'].map((d) => JSON.parse(readFileSync(join(root, d, 'result.json'), 'utf8')));
    expect(b.model.fingerprint).toBe(a.model.fingerprint);
    expect(b.counts.scored).toBe(a.counts.unique_texts);
    expect(maxScoreDiff(b.records, a.records)).toBe(0);
    expect(maxScoreDiff(b.records, reference.records)).toBeGreaterThan(0.05);
  });
});

/** Our ONNX export of a model with `shift` added to each row's logits. */
async function shiftedGraph(dir: string, shift: [number, number]): Promise<Buffer> {
  const { config, labels, params } = await loadModelParams(dir);
  const spec = encoderGraph(params, { modelType: config.model_type, labels, fingerprint: 'test' });
  spec.nodes.find((n) => n.outputs[0] === 'logits')!.outputs = ['logits_raw'];
  spec.initializers.push({ name: 'shift', dataType: 1, dims: [2], raw: new Uint8Array(Float32Array.from(shift).buffer) });
  spec.nodes.push({ opType: 'Add', name: 'shift_add', inputs: ['logits_raw', 'shift'], outputs: ['logits'] });
  return Buffer.concat(encodeModel(spec));
}

describe('every run ends', () => {
  it('exits 2 within 15 s when Redis is not running at the start', async () => {
    const port = await freePort();
    const c = coordinator('down', `redis://127.0.0.1:${port}`);
    const { value, seconds } = await timed(c.exited);
    expect(value.code).toBe(2);
    // From the process start under CI load (node and its modules can take several seconds on a busy runner), and
    // from the moment it tries Redis: the 5 s connect timeout plus closing.
    expect(await afterConnecting(c)).toBeLessThan(8);
    expect(value.output).toMatch(/error E_QUEUE_UNREACHABLE: could not reach Redis at redis:\/\/127\.0\.0\.1:\d+\/? within 5 s/);
    expect(seconds).toBeLessThan(30);
  });

  it('exits 2 within 15 s when the port accepts connections and never answers', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => { sockets.push(s); });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    try {
      const c = coordinator('silent', `redis://127.0.0.1:${port}`);
      const { value, seconds } = await timed(c.exited);
      expect(value.code).toBe(2);
      expect(value.output).toMatch(/E_QUEUE_UNREACHABLE/);
      expect(await afterConnecting(c)).toBeLessThan(8);
      expect(seconds).toBeLessThan(30);
    } finally {
      sockets.forEach((s) => s.destroy());
      server.close();
    }
  });

  it('exits 2 within --queue-timeout + 10 s when Redis is killed mid-run', async () => {
    redis = await startRedis();
    const c = coordinator('killed', redis.url, ['--queue-timeout', '3']);
    await c.waitFor(/waiting for workers/);
    const t0 = performance.now();
    await redis.stop();
    const { code, output } = await c.exited;
    const seconds = (performance.now() - t0) / 1000;
    expect(code).toBe(2);
    expect(output).toMatch(/lost the connection to Redis .*the run gives up after 3 s without results/);
    expect(output).toMatch(/error E_QUEUE_TIMEOUT/);
    expect(seconds).toBeLessThan(13);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('waits with the default timeout, saying so, and %s ends it within 5 s', async (signal) => {
    redis = await startRedis();
    const c = coordinator(`wait-${signal}`, redis.url);
    await c.waitFor(/waiting for workers/);
    await redis.stop();
    await c.waitFor(/lost the connection to Redis .*waiting for it \(--queue-timeout N gives up after N s; Ctrl-C or SIGTERM stops the run/);
    const t0 = performance.now();
    c.child.kill(signal);
    const { code, output } = await c.exited;
    expect((performance.now() - t0) / 1000).toBeLessThan(5);
    expect(code).toBe(2);
    expect(output).toMatch(new RegExp(`error E_QUEUE_INTERRUPTED: stopped by ${signal}: 1 of 1 jobs outstanding`));
  });

  it('stops a worker within 5 s of SIGTERM while Redis is gone', async () => {
    redis = await startRedis();
    const w = worker('gone');
    await w.waitFor(/taking jobs/);
    await redis.stop();
    await w.waitFor(/lost the connection to Redis/);
    const t0 = performance.now();
    w.child.kill('SIGTERM');
    await w.exited;
    expect((performance.now() - t0) / 1000).toBeLessThan(5);
  });

  it('fails a hand-pushed job whose data is not JSON instead of leaving it active', async () => {
    redis = await startRedis();
    const w = worker('nonjson');
    await w.waitFor(/taking jobs/);
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue('bias-audit-scores', { connection });
    try {
      // Delayed, so its data (a JSON string in Redis) can be rewritten into bytes JSON.parse rejects before a worker sees it.
      const job = await queue.add('score', { v: 2 }, { jobId: 'not-json', delay: 1500 });
      await connection.hset(`bull:bias-audit-scores:${job.id}`, 'data', '{not json');
      const deadline = Date.now() + 20_000;
      let state = await queue.getJobState('not-json');
      while (state !== 'failed' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        state = await queue.getJobState('not-json');
      }
      expect(state).toBe('failed');
      expect(w.output()).toMatch(/job not-json.*not JSON/);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
