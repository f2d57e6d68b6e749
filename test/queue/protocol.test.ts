import { describe, expect, it } from '@jest/globals';
import { checkQueueUrl } from '../../src/queue/connection.js';
import {
  jobDataSchema, jobId, jobResultSchema, macMatches, planJobs, PROTOCOL_VERSION, provenanceMismatch, redactUrl, resultMac,
} from '../../src/queue/protocol.js';

const FP = 'ab'.repeat(32);
const texts = Array.from({ length: 10 }, (_, i) => `sentence number ${'x'.repeat(i % 4)} ${i}`);

describe('job planning', () => {
  it('cuts every distinct text into one job of at most the chunk size, shortest texts first', () => {
    const jobs = planJobs(texts, texts, FP, 'tfjs', 4);
    expect(jobs.map((j) => j.texts.length)).toEqual([4, 4, 2]);
    expect(jobs.flatMap((j) => j.texts).sort()).toEqual([...texts].sort());
    const lengths = jobs.flatMap((j) => j.texts.map((t) => t.length));
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
  });

  it('gives a rerun the same job ids for the jobs still missing, whichever jobs arrived before', () => {
    const first = planJobs(texts, texts, FP, 'tfjs', 4);
    const stillMissing = [...first[0].texts, ...first[2].texts]; // the middle job arrived, then the coordinator died
    const rerun = planJobs(stillMissing, texts, FP, 'tfjs', 4);
    expect(rerun.map((j) => j.id)).toEqual([first[0].id, first[2].id]);
  });

  it('makes job ids depend on the model, the engine and the texts, and nothing else', () => {
    expect(jobId(FP, 'tfjs', ['a', 'b'])).toBe(jobId(FP, 'tfjs', ['a', 'b']));
    expect(jobId(FP, 'onnx', ['a', 'b'])).not.toBe(jobId(FP, 'tfjs', ['a', 'b']));
    expect(jobId('cd'.repeat(32), 'tfjs', ['a', 'b'])).not.toBe(jobId(FP, 'tfjs', ['a', 'b']));
    expect(jobId(FP, 'tfjs', ['a', 'c'])).not.toBe(jobId(FP, 'tfjs', ['a', 'b']));
    expect(jobId(FP, 'tfjs', ['a b'])).not.toBe(jobId(FP, 'tfjs', ['a', 'b']));
    expect(jobId(FP, 'tfjs', ['a'])).not.toMatch(/:/);
  });

  it('refuses a chunk size that is not a positive integer', () => {
    expect(() => planJobs(texts, texts, FP, 'tfjs', 0)).toThrow(/chunk size/);
    expect(() => planJobs(texts, texts, FP, 'tfjs', 2.5)).toThrow(/chunk size/);
  });
});

describe('payloads are data only', () => {
  const provenance = { fingerprint: FP, engine: 'tfjs', graph: null, tool: '1.0.0' };
  const good = { v: PROTOCOL_VERSION, provenance, texts: ['I like you.'] };

  it('accepts texts with the provenance their scores must have', () => {
    expect(jobDataSchema.safeParse(good).success).toBe(true);
  });

  it('rejects any extra field, such as a path or code for the worker to use', () => {
    expect(jobDataSchema.safeParse({ ...good, model: '/etc/passwd' }).success).toBe(false);
    expect(jobDataSchema.safeParse({ ...good, code: 'process.exit(1)' }).success).toBe(false);
  });

  it('rejects texts that are not strings, an empty job and a malformed fingerprint', () => {
    expect(jobDataSchema.safeParse({ ...good, texts: [{ toString: 'x' }] }).success).toBe(false);
    expect(jobDataSchema.safeParse({ ...good, texts: [] }).success).toBe(false);
    expect(jobDataSchema.safeParse({ ...good, provenance: { ...provenance, fingerprint: '../../model' } }).success).toBe(false);
    expect(jobDataSchema.safeParse({ ...good, provenance: { ...provenance, graph: '/tmp/model.onnx' } }).success).toBe(false);
  });

  it('accepts a result of numbers, the provenance and an HMAC only', () => {
    const r = { worker: 'h:1', provenance, probs: [[0.2, 0.8]], logits: [[-1, 1]] };
    expect(jobResultSchema.safeParse(r).success).toBe(true);
    expect(jobResultSchema.safeParse({ ...r, mac: 'a'.repeat(64) }).success).toBe(true);
    expect(jobResultSchema.safeParse({ ...r, probs: [['0.2']] }).success).toBe(false);
    expect(jobResultSchema.safeParse({ ...r, extra: 1 }).success).toBe(false);
  });
});

describe('answers are authenticated', () => {
  const secret = Buffer.from('a-shared-secret-of-32-characters');
  const provenance = { fingerprint: FP, engine: 'onnx', graph: 'b'.repeat(64), tool: '1.0.0' };
  const answer = { worker: 'h:1', provenance, probs: [[0.25, 0.75]], logits: [[-0.5, 0.6]] };

  it('matches the HMAC computed with the same secret, job id, provenance and numbers', () => {
    const mac = resultMac(secret, 'job-1', answer);
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(macMatches(secret, 'job-1', { ...answer, mac })).toBe(true);
  });

  it('refuses it under another secret, for another job, or with any number or provenance field changed', () => {
    const mac = resultMac(secret, 'job-1', answer);
    expect(macMatches(Buffer.from('another-secret-of-32-characters!'), 'job-1', { ...answer, mac })).toBe(false);
    expect(macMatches(secret, 'job-2', { ...answer, mac })).toBe(false);
    expect(macMatches(secret, 'job-1', { ...answer, mac, probs: [[0.25, 0.7500001]] })).toBe(false);
    expect(macMatches(secret, 'job-1', { ...answer, mac, provenance: { ...provenance, graph: null } })).toBe(false);
    expect(macMatches(secret, 'job-1', { ...answer, mac, worker: 'h:2' })).toBe(false);
    expect(macMatches(secret, 'job-1', answer)).toBe(false);
  });

  it('names the first provenance field that differs', () => {
    expect(provenanceMismatch(provenance, provenance)).toBeNull();
    expect(provenanceMismatch({ ...provenance, graph: null }, provenance)).toMatch(/^graph null, the job asked for b{16}$/);
    expect(provenanceMismatch({ ...provenance, tool: '0.9.0' }, provenance)).toMatch(/^tool 0\.9\.0/);
  });
});

describe('queue URLs', () => {
  it('hides the password in anything printed, in the userinfo or the query', () => {
    expect(redactUrl('redis://:s3cret@host:6379/2')).toBe('redis://:***@host:6379/2');
    expect(redactUrl('rediss://user:s3cret@host:6380')).toBe('rediss://user:***@host:6380');
    expect(redactUrl('redis://host:6379?password=s3cret')).toBe('redis://host:6379?password=***');
    expect(redactUrl('redis://host:6379/1?username=u&password=s3cret&password=again')).toBe('redis://host:6379/1?username=***&password=***');
    expect(redactUrl('redis://host:6379#s3cret')).not.toContain('s3cret');
    expect(redactUrl('redis://:s3cret@[bad')).toBe('redis://***');
  });

  it('takes redis:// and rediss:// with a database number, and refuses anything else', () => {
    expect(checkQueueUrl('redis://127.0.0.1:6379/3')).toBe('redis://127.0.0.1:6379/3');
    expect(checkQueueUrl('rediss://:pw@host:6380')).toBe('rediss://:pw@host:6380');
    expect(() => checkQueueUrl('http://host:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => checkQueueUrl('redis://host:6379/x')).toThrow(/database number/);
    expect(() => checkQueueUrl('not a url')).toThrow(/not a URL/);
  });
});

describe('texts a job cannot carry', () => {
  it('are refused before anything is queued (a worker would fail their whole job), the message showing only their start', async () => {
    const { QueueClassifier } = await import('../../src/queue/coordinator.js');
    const identity = { fingerprint: FP, labels: ['NEGATIVE', 'POSITIVE'], target: 'POSITIVE', name: 'm', multiLabel: false, graph: null };
    const q = new QueueClassifier(identity, { url: 'redis://127.0.0.1:1', engine: 'tfjs', tool: '1.0.0', secret: null, log: () => {} });
    const long = `${'x'.repeat(100_000)}y`;
    const e = await q.scoreAll(['short', long], ['short', long], () => {}).then(() => null, (x: unknown) => x as Error & { code?: string });
    expect(e?.code).toBe('E_QUEUE_TEXT');
    expect(e?.message).toMatch(/^a text of 100,001 characters is over the 100,000 a queue job carries \("x{60}"\.\.\.\); lower AUDIT_MAX_TEXT_CHARS/);
  });
});
