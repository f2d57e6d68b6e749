/** Passwords, TLS and payload checks, against real redis-servers (requirepass; TLS with a self-signed certificate). */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { QUEUE_NAME } from '../../src/queue/protocol.js';
import { ensureBuilt } from '../helpers/cli.js';
import { DEMO, readRun, removeDir, startAudit, startRedis, startWorker, tempDir, type Proc, type TestRedis } from './helpers.js';

let root: string;
let redis: TestRedis | null = null;
const procs: Proc[] = [];
const PASSWORD = 's3cret-Pw';

function run(url: string, name: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []): Proc {
  const p = startAudit(['run', '--probe', 'countries', '--limit', '100', '--model', DEMO, '--resamples', '100', '--queue', url,
    '--cache', join(root, `cache-${name}`), '--out', join(root, `run-${name}`), ...extra], env);
  procs.push(p);
  return p;
}

beforeAll(() => {
  ensureBuilt();
  root = tempDir();
});

afterEach(async () => {
  await Promise.all(procs.splice(0).map((p) => p.kill('SIGKILL')));
  await redis?.stop();
  redis = null;
});

afterAll(() => removeDir(root));

describe('queue security', () => {
  it('works with a password in the URL (requirepass) and never prints the password', async () => {
    redis = await startRedis({ password: PASSWORD });
    expect(redis.url).toContain(`:${PASSWORD}@`);
    const w = startWorker(redis.url, join(root, 'wcache-pw'));
    procs.push(w);
    const c = run(redis.url, 'pw');
    const { code, output } = await c.exited;
    expect(code).toBe(0);
    expect(readRun(join(root, 'run-pw')).counts.scored).toBe(100);
    expect(output).toMatch(/redis:\/\/:\*\*\*@127\.0\.0\.1/);
    expect(output + w.output()).not.toContain(PASSWORD);
  });

  it('stops at once with a clear error when Redis refuses the password', async () => {
    redis = await startRedis({ password: PASSWORD });
    const c = run(`redis://:wrong-password@127.0.0.1:${redis.port}`, 'wrongpw');
    const { code, output } = await c.exited;
    expect(code).toBe(2);
    expect(output).toMatch(/error E_QUEUE_AUTH: redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/?: Redis refused the credentials/);
    expect(output).not.toContain('wrong-password');
  });

  it('works over TLS (rediss://) with the server certificate trusted through NODE_EXTRA_CA_CERTS', async () => {
    redis = await startRedis({ tls: true });
    expect(redis.url).toMatch(/^rediss:\/\//);
    const env = { NODE_EXTRA_CA_CERTS: redis.caFile! };
    const w = startWorker(redis.url, join(root, 'wcache-tls'), [], env);
    procs.push(w);
    const c = run(redis.url, 'tls', env);
    const { code } = await c.exited;
    expect(code).toBe(0);
    expect(readRun(join(root, 'run-tls')).counts.scored).toBe(100);
  });

  it('fails a job whose payload carries more than texts, without retrying it and without acting on it', async () => {
    redis = await startRedis();
    const w = startWorker(redis.url, join(root, 'wcache-bad'));
    procs.push(w);
    await w.waitFor(/taking jobs for model|taking jobs from/);
    const fingerprint = /for model ([0-9a-f]{12})/.exec(w.output())![1].padEnd(64, '0');
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queue = new Queue(QUEUE_NAME, { connection });
    try {
      const job = await queue.add('score', { v: 1, fingerprint, engine: 'tfjs', texts: ['hello'], model: '/etc/passwd' }, { jobId: 'bad-payload', attempts: 3 });
      await w.waitFor(/rejected job bad-payload: not a scoring payload/);
      await new Promise((r) => setTimeout(r, 500));
      expect(await queue.getJobState(job.id!)).toBe('failed');
      const stored = await queue.getJob(job.id!);
      expect(stored!.attemptsMade).toBe(1);
      expect(stored!.failedReason).toMatch(/not a scoring payload/);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
