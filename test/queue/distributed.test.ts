/**
 * Distributed scoring end to end: a real redis-server, `audit run --queue` and `audit worker` as separate
 * processes, the demo model (fast). Every run is compared with the same run on one machine.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ScoreCache } from '../../src/runner/cache.js';
import { audit, ensureBuilt } from '../helpers/cli.js';
import {
  DEMO, jobIds, maxNumericDiff, maxScoreDiff, readRun, removeDir, startAudit, startRedis, startWorker, tempDir,
  type Proc, type TestRedis,
} from './helpers.js';

const LIMIT = '600';
const common = ['--probe', 'countries', '--limit', LIMIT, '--model', DEMO, '--resamples', '200'];
let root: string;
let reference: ReturnType<typeof readRun>;
let redis: TestRedis | null = null;
const procs: Proc[] = [];

function coordinator(name: string, extra: string[] = []): Proc {
  const p = startAudit(['run', ...common, '--queue', redis!.url, '--cache', join(root, `cache-${name}`), '--out', join(root, `run-${name}`), '--verbose', ...extra]);
  procs.push(p);
  return p;
}

function worker(name: string, extra: string[] = []): Proc {
  const p = startWorker(redis!.url, join(root, `wcache-${name}`), extra);
  procs.push(p);
  return p;
}

function expectSameAsOneMachine(name: string): void {
  const run = readRun(join(root, `run-${name}`));
  expect(maxScoreDiff(run.records, reference.records)).toBeLessThan(1e-6);
  // Statistics are functions of those scores; the per-wording-set intervals multiply score round-off (under 1e-6,
  // batches of another size on another process) by a Šidák-level t quantile of 3 df over every group (about 40).
  expect(maxNumericDiff(run.stats, reference.stats)).toBeLessThan(1e-4);
}

function cachedCount(name: string): number {
  const cache = ScoreCache.open(join(root, `cache-${name}`));
  try {
    return cache.count();
  } finally {
    cache.close();
  }
}

beforeAll(() => {
  ensureBuilt();
  root = tempDir();
  const r = audit(['run', ...common, '--workers', '1', '--cache', join(root, 'cache-local'), '--out', join(root, 'run-local'), '--quiet']);
  expect(r.code).toBe(0);
  reference = readRun(join(root, 'run-local'));
});

afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
  await redis?.stop();
  redis = null;
});

afterAll(() => removeDir(root));

describe('audit run --queue', () => {
  it('gives the same scores and statistics as one machine, with two workers sharing the jobs', async () => {
    redis = await startRedis();
    const [w1, w2] = [worker('a'), worker('b')];
    const c = coordinator('two', ['--queue-chunk', '50']);
    const { code, output } = await c.exited;
    expect(code).toBe(0);
    expect(output).toMatch(/12 jobs of up to 50 texts/);
    const received = jobIds(output, 'received');
    expect(received).toHaveLength(12);
    expect(new Set(received).size).toBe(12);
    // Both workers took part (each took a job; together each job once).
    const took = [...jobIds(w1.output(), 'took'), ...jobIds(w2.output(), 'took')];
    expect(jobIds(w1.output(), 'took').length).toBeGreaterThan(0);
    expect(jobIds(w2.output(), 'took').length).toBeGreaterThan(0);
    expect(took.sort()).toEqual([...received].sort());
    expectSameAsOneMachine('two');
    expect(cachedCount('two')).toBe(reference.counts.unique_texts);
  });

  it('hands the job of a worker killed with SIGKILL to another worker: no score lost, none received twice', async () => {
    redis = await startRedis();
    const victim = worker('victim');
    await victim.waitFor(/taking jobs/);
    const c = coordinator('kill', ['--queue-chunk', '200']);
    await victim.waitFor(/took job/);
    const lost = jobIds(victim.output(), 'took')[0];
    await victim.kill('SIGKILL');
    expect(jobIds(victim.output(), 'finished')).not.toContain(lost);
    const rescuer = worker('rescuer');
    const { code, output } = await c.exited;
    expect(code).toBe(0);
    expect(jobIds(rescuer.output(), 'took')).toContain(lost);
    const received = jobIds(output, 'received');
    expect(received).toHaveLength(3);
    expect(new Set(received).size).toBe(3);
    expectSameAsOneMachine('kill');
    expect(cachedCount('kill')).toBe(reference.counts.unique_texts);
  });

  it('resumes after the coordinator is killed: a rerun takes what arrived and scores no job twice', async () => {
    redis = await startRedis();
    const w = worker('resume');
    const first = coordinator('resume', ['--queue-chunk', '75']);
    await first.waitFor(/received job/, 60_000, 2);
    await first.kill('SIGKILL');
    const second = coordinator('resume', ['--queue-chunk', '75']);
    const { code, output } = await second.exited;
    expect(code).toBe(0);
    const took = jobIds(w.output(), 'took');
    expect(took).toHaveLength(8);
    expect(new Set(took).size).toBe(8); // every job scored once over both coordinator runs
    const fromCache = Number(/(\d+) from cache/.exec(output)?.[1]);
    expect(fromCache).toBeGreaterThanOrEqual(150);
    expectSameAsOneMachine('resume');
  });

  it('waits through a Redis restart that lost every job, adds the lost jobs again and finishes', async () => {
    redis = await startRedis();
    const w = worker('restart');
    const c = coordinator('restart', ['--queue-chunk', '50']);
    await c.waitFor(/received job/);
    await redis.stop();
    await c.waitFor(/lost the connection to Redis/);
    await new Promise((r) => setTimeout(r, 1000));
    await redis.start();
    const { code, output } = await c.exited;
    expect(code).toBe(0);
    expect(output).toMatch(/connected to Redis at redis:\/\/127\.0\.0\.1:\d+\/? again/);
    expect(output).toMatch(/jobs are no longer in Redis .*adding them again/);
    expect(w.output()).toMatch(/lost the connection to Redis/);
    const received = jobIds(output, 'received');
    expect(new Set(received).size).toBe(received.length);
    expectSameAsOneMachine('restart');
  });

  it('stops after the bounded retries of a job that always fails, naming its texts', async () => {
    redis = await startRedis();
    const { spawn } = await import('node:child_process');
    const failing = spawn(process.execPath, [join(__dirname_(), 'fixtures', 'failing-worker.mjs'), redis.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let failingOut = '';
    failing.stdout.on('data', (d: Buffer) => { failingOut += d.toString(); });
    try {
      const c = startAudit(['run', '--probe', 'countries', '--limit', '30', '--model', DEMO, '--queue', redis.url, '--cache', join(root, 'cache-fail'), '--out', join(root, 'run-fail')]);
      procs.push(c);
      const { code, output } = await c.exited;
      expect(code).toBe(2);
      expect(output).toMatch(/error E_QUEUE_JOB_FAILED: job \S+ failed 3 times \(last error: model exploded on purpose\)/);
      expect(output).toMatch(/its 30 texts are not scored/);
      expect(output).toMatch(/and 10 more/);
      const firstText = readFirstListedText(output);
      expect(firstText).toMatch(/\w/);
      expect(output).not.toMatch(/at .*\.js:\d+/); // no stack trace without --debug
      expect(failingOut.match(/failed attempt/g)).toHaveLength(3);
    } finally {
      failing.kill('SIGKILL');
    }
  });

  it('says it is waiting when no worker is connected, and --queue-timeout ends the run with exit 2', async () => {
    redis = await startRedis();
    const c = coordinator('none', ['--queue-timeout', '3']);
    const { code, output } = await c.exited;
    expect(code).toBe(2);
    expect(output).toMatch(/waiting for workers: 3 jobs queued at redis:\/\/127\.0\.0\.1:\d+\/?, no worker is connected/);
    expect(output).toMatch(/error E_QUEUE_TIMEOUT: no result from the queue .* for 3 s \(--queue-timeout\): 3 of 3 jobs outstanding/);
  });

  it('shows in its output that a worker with another model refused the jobs', async () => {
    redis = await startRedis();
    const { TINY } = await import('./helpers.js');
    const other = startAudit(['worker', '--queue', redis.url, '--model', TINY, '--workers', '1', '--cache', join(root, 'wcache-tiny'), '--verbose']);
    procs.push(other);
    await other.waitFor(/taking jobs/);
    const c = coordinator('refused', ['--queue-timeout', '4']);
    const { code, output } = await c.exited;
    expect(code).toBe(2);
    // Both sides resolve --engine auto the same way on this machine, so the jobs are refused for the model alone.
    const [, demoFp, engine] = /for model ([0-9a-f]{12}) on (tfjs|onnx)/.exec(output)!;
    expect(engine).toMatch(/tfjs|onnx/);
    expect(output).toMatch(new RegExp(`worker \\S+ refused a job: it has fingerprint [0-9a-f]{16}, the job asked for ${demoFp}`));
    expect(other.output()).toMatch(/refused job/);
    expect(other.output()).not.toMatch(/took job/);
  });
});

function __dirname_(): string {
  return new URL('.', import.meta.url).pathname;
}

/** The first text listed under a failed job's error. */
function readFirstListedText(output: string): string {
  const line = output.split('\n').find((l) => l.startsWith('  "'));
  return line ? JSON.parse(line.trim()) : '';
}
