/** The fingerprint is content-true: any change to a file that changes a score gives another one, however it is made. */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { loadClassifier, modelFingerprint } from '../../src/model/index.js';
import { loadProbeSpec } from '../../src/probe/index.js';
import { ScoreCache } from '../../src/runner/cache.js';
import { runProbe } from '../../src/audit.js';
import { copyModel, readRaw, tempDir, TINY, WIDE, writeRaw } from './helpers.js';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
/** What `(cd DIR && sha256sum FILES...) | sha256sum` prints, computed independently of the code under test. */
function sha256sumOfSha256sum(dir: string, files: string[]): string {
  return sha(files.map((f) => `${sha(readFileSync(join(dir, f)))}  ${f}\n`).join(''));
}

function copy(): string {
  const dir = copyModel(TINY);
  cleanup.push(dir);
  return dir;
}

/**
 * Replaces model.safetensors in place with weights of the same size (the classification head's weight and bias negated), then puts
 * the old atime and mtime back, as `cp -p`, `rsync -a`, `tar x` and `touch -r` do.
 */
function swapWeightsKeepingMtime(dir: string): void {
  const file = join(dir, 'model.safetensors');
  const before = statSync(file, { bigint: true });
  const stamp = join(dir, 'stamp');
  execFileSync('touch', ['-r', file, stamp]); // keeps the nanoseconds, which utimes with a Date would round
  const tensors = readRaw(file);
  for (const name of ['classifier.weight', 'classifier.bias']) {
    const t = tensors[name];
    expect(t.dtype).toBe('F32');
    for (let i = 3; i < t.bytes.length; i += 4) t.bytes[i] ^= 0x80; // flip every float32's sign bit
  }
  writeRaw(file, tensors);
  execFileSync('touch', ['-r', stamp, file]);
  rmSync(stamp);
  const after = statSync(file, { bigint: true });
  expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
}

describe('modelFingerprint', () => {
  it('is the sha256 of the sha256sum lines of config.json, vocab.txt, tokenizer_config.json and the weights', async () => {
    expect(await modelFingerprint(TINY)).toBe(sha256sumOfSha256sum(TINY, ['config.json', 'vocab.txt', 'tokenizer_config.json', 'model.safetensors']));
  });

  it('covers the shard index and every shard of a sharded model, in name order', async () => {
    const files = ['config.json', 'vocab.txt', 'tokenizer_config.json', 'model.safetensors.index.json', 'model-00001-of-00003.safetensors', 'model-00002-of-00003.safetensors', 'model-00003-of-00003.safetensors'];
    expect(await modelFingerprint(WIDE)).toBe(sha256sumOfSha256sum(WIDE, files));
  });

  it('changes when the weights are replaced in place by others of the same size with the mtime put back', async () => {
    const dir = copy();
    const before = await modelFingerprint(dir);
    swapWeightsKeepingMtime(dir);
    const after = await modelFingerprint(dir);
    expect(after).not.toBe(before);
    expect(after).toBe(sha256sumOfSha256sum(dir, ['config.json', 'vocab.txt', 'tokenizer_config.json', 'model.safetensors']));
  });

  it('changes with tokenizer_config.json, and tells bytes moved from one file to the next apart', async () => {
    const dir = copy();
    const before = await modelFingerprint(dir);
    const config = readFileSync(join(dir, 'tokenizer_config.json'), 'utf8');
    writeFileSync(join(dir, 'tokenizer_config.json'), config.replace('{', '{ '));
    expect(await modelFingerprint(dir)).not.toBe(before);
    // vocab.txt + tokenizer_config.json concatenated stay the same, the split between them moves.
    writeFileSync(join(dir, 'tokenizer_config.json'), config.slice(1));
    appendFileSync(join(dir, 'vocab.txt'), config.slice(0, 1));
    expect(await modelFingerprint(dir)).not.toBe(before);
  });

  it('covers extra files the engine runs (an ONNX graph), given relative to the directory or absolute', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'graph.onnx'), 'graph one');
    const plain = await modelFingerprint(dir);
    const withGraph = await modelFingerprint(dir, { extraFiles: ['graph.onnx'] });
    expect(withGraph).not.toBe(plain);
    expect(withGraph).toBe(sha256sumOfSha256sum(dir, ['config.json', 'vocab.txt', 'tokenizer_config.json', 'model.safetensors', 'graph.onnx']));
    expect(await modelFingerprint(dir, { extraFiles: [join(dir, 'graph.onnx')] })).toBe(withGraph);
    writeFileSync(join(dir, 'graph.onnx'), 'graph two');
    expect(await modelFingerprint(dir, { extraFiles: ['graph.onnx'] })).not.toBe(withGraph);
  });

  it('is what the classifier reports', async () => {
    const model = await loadClassifier(TINY, { backend: 'cpu' });
    expect(model.fingerprint).toBe(await modelFingerprint(TINY));
    await model.dispose();
  });
});

describe('a rerun after the weights were swapped in place with the mtime restored', () => {
  it('scores every sentence afresh with the new weights instead of returning the old model\'s cached scores', async () => {
    const dir = copy();
    const cacheDir = tempDir('audit-fp-cache-');
    cleanup.push(cacheDir);
    const probe = await loadProbeSpec(join(PACKAGE_ROOT, 'test', 'fixtures', 'cli', 'mini.yaml'));
    const cache = ScoreCache.open(cacheDir);
    try {
      const run = async () => {
        const model = await loadClassifier(dir, { backend: 'cpu', cacheDir });
        try {
          return await runProbe(probe, model, { cache, resamples: 20 });
        } finally {
          await model.dispose();
        }
      };
      const first = await run();
      expect(first.counts).toMatchObject({ scored: 16, cached: 0 });
      swapWeightsKeepingMtime(dir);
      const second = await run();
      expect(second.counts).toMatchObject({ scored: 16, cached: 0 });
      expect(second.model.fingerprint).not.toBe(first.model.fingerprint);
      // Negating the head negates the logits: the fresh scores are 1 - the old ones.
      second.records.forEach((r, i) => expect(r.score).toBeCloseTo(1 - first.records[i].score, 5));
    } finally {
      cache.close();
    }
  });
});
