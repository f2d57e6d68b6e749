import { describe, expect, it } from '@jest/globals';
import { checkQueueUrl } from '../../src/queue/connection.js';
import { jobDataSchema, jobId, jobResultSchema, planJobs, redactUrl } from '../../src/queue/protocol.js';

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
  const good = { v: 1, fingerprint: FP, engine: 'tfjs', texts: ['I like you.'] };

  it('accepts texts with a model fingerprint and an engine', () => {
    expect(jobDataSchema.safeParse(good).success).toBe(true);
  });

  it('rejects any extra field, such as a path or code for the worker to use', () => {
    expect(jobDataSchema.safeParse({ ...good, model: '/etc/passwd' }).success).toBe(false);
    expect(jobDataSchema.safeParse({ ...good, code: 'process.exit(1)' }).success).toBe(false);
  });

  it('rejects texts that are not strings, an empty job and a malformed fingerprint', () => {
    expect(jobDataSchema.safeParse({ ...good, texts: [{ toString: 'x' }] }).success).toBe(false);
    expect(jobDataSchema.safeParse({ ...good, texts: [] }).success).toBe(false);
    expect(jobDataSchema.safeParse({ ...good, fingerprint: '../../model' }).success).toBe(false);
  });

  it('accepts a result of numbers only', () => {
    expect(jobResultSchema.safeParse({ worker: 'h:1', probs: [[0.2, 0.8]], logits: [[-1, 1]] }).success).toBe(true);
    expect(jobResultSchema.safeParse({ worker: 'h:1', probs: [['0.2']], logits: [[1]] }).success).toBe(false);
  });
});

describe('queue URLs', () => {
  it('hides the password in anything printed', () => {
    expect(redactUrl('redis://:s3cret@host:6379/2')).toBe('redis://:***@host:6379/2');
    expect(redactUrl('rediss://user:s3cret@host:6380')).toBe('rediss://user:***@host:6380');
  });

  it('takes redis:// and rediss:// with a database number, and refuses anything else', () => {
    expect(checkQueueUrl('redis://127.0.0.1:6379/3')).toBe('redis://127.0.0.1:6379/3');
    expect(checkQueueUrl('rediss://:pw@host:6380')).toBe('rediss://:pw@host:6380');
    expect(() => checkQueueUrl('http://host:6379')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => checkQueueUrl('redis://host:6379/x')).toThrow(/database number/);
    expect(() => checkQueueUrl('not a url')).toThrow(/not a URL/);
  });
});
