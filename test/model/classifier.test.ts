import * as tf from '@tensorflow/tfjs-core';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { AuditError } from '../../src/errors.js';
import { backendStatus, loadClassifier, selectBackend, type TfjsClassifier } from '../../src/model/index.js';
import { copyModel, maxAbsDiff, readLogits, readRaw, TEST_CACHE, TINY, toBF16Bytes, toF16Bytes, f32, writeRaw } from './helpers.js';

const pipeline = JSON.parse(readFileSync(join(HF_FIXTURES, 'tiny_pipeline.json'), 'utf8')) as { text: string; label: string; score: number }[];
const cleanup: string[] = [TEST_CACHE];
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return `${(e as AuditError).code}: ${(e as Error).message}`;
  }
  return 'no error';
}

describe('predict on the tiny model', () => {
  let model: TfjsClassifier;
  beforeAll(async () => { model = await loadClassifier(TINY, { backend: 'wasm', cacheDir: TEST_CACHE }); });
  afterAll(() => model.dispose());

  it('gives the labels and scores of the transformers pipeline for its 24 texts', async () => {
    expect(pipeline).toHaveLength(24);
    const got = await model.predict(pipeline.map((p) => p.text));
    got.forEach((prediction, i) => {
      expect(prediction.label).toBe(pipeline[i].label);
      // The pipeline's score is P(top label); ours is P(target = POSITIVE).
      const top = prediction.probs[model.labels.indexOf(pipeline[i].label)];
      expect(Math.abs(top - pipeline[i].score)).toBeLessThan(1e-5);
    });
  });

  it('reports score as P(POSITIVE), with probs and logits in id2label order', async () => {
    const [p] = await model.predict(['Hello, my dog is cute']);
    expect(model.labels).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(p.score).toBe(p.probs[1]);
    expect(p.probs[0] + p.probs[1]).toBeCloseTo(1, 12);
    expect(maxAbsDiff([p.logits], readLogits('tiny_logits.json')[0].logits)).toBeLessThan(1e-4);
    expect(p.inputIds).toEqual([101, 7592, 1010, 2026, 3899, 2003, 10140, 102]);
  });

  it('scores an empty text as [CLS] [SEP]', async () => {
    const [p] = await model.predict(['']);
    expect(p.inputIds).toEqual([101, 102]);
    expect(maxAbsDiff([p.logits], await model.forward([[101, 102]], [[1, 1]]))).toBe(0);
  });

  it('keeps input order while batching texts by length', async () => {
    const texts = ['a b c d e f g h i j k l m n o p', 'short', 'This film was filmed in France.', '', 'mid length sentence here', 'x'];
    const together = await model.predict(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await model.predict([text]);
      expect(together[i].inputIds).toEqual(alone.inputIds);
      expect(maxAbsDiff([together[i].logits], [alone.logits])).toBeLessThan(1e-5);
    }
  });

  it('truncates a text over 512 tokens with one warning, drained by takeWarnings', async () => {
    const long = Array.from({ length: 600 }, () => 'film').join(' ');
    const [p] = await model.predict([long, 'fine']);
    expect(p.inputIds).toHaveLength(512);
    expect(p.inputIds[511]).toBe(102);
    const warnings = model.takeWarnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^text truncated to 512 tokens \(the model's limit\): "film film/);
    expect(model.takeWarnings()).toEqual([]);
  });

  it('returns [] for no texts and leaves no tensors', async () => {
    const before = tf.memory().numTensors;
    expect(await model.predict([])).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('loadClassifier options', () => {
  it('scores the label named by target', async () => {
    const model = await loadClassifier(TINY, { backend: 'cpu', target: 'NEGATIVE', cacheDir: TEST_CACHE });
    const [p] = await model.predict(['Hello, my dog is cute']);
    expect(p.score).toBe(p.probs[0]);
    expect(Math.abs(p.score - 0.7668781876564026)).toBeLessThan(1e-5);
    model.dispose();
  });

  it('refuses an unknown target, listing the labels (E_TARGET)', async () => {
    expect(await codeOf(loadClassifier(TINY, { target: 'positive', cacheDir: TEST_CACHE })))
      .toBe(`E_TARGET: --target "positive": ${join(TINY, 'config.json')} has no such label (labels: NEGATIVE, POSITIVE)`);
  });

  it('refuses a maxLength beyond the position embeddings (E_MAX_LENGTH)', async () => {
    expect(await codeOf(loadClassifier(TINY, { maxLength: 513, cacheDir: TEST_CACHE }))).toMatch(/^E_MAX_LENGTH: maxLength 513: must be an integer from 2 to 512/);
  });

  it('truncates to a smaller maxLength when asked', async () => {
    const model = await loadClassifier(TINY, { backend: 'cpu', maxLength: 16, cacheDir: TEST_CACHE });
    const [p] = await model.predict(['one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen']);
    expect(p.inputIds).toHaveLength(16);
    expect(model.takeWarnings()).toHaveLength(1);
    model.dispose();
  });

  it('loads a directory without vocab.txt for forward, and predict then says what is missing (E_TOKENIZER)', async () => {
    const dir = copyModel(TINY, ['vocab.txt']);
    cleanup.push(dir);
    const model = await loadClassifier(dir, { backend: 'cpu', cacheDir: TEST_CACHE });
    const b = readLogits('tiny_logits.json')[0];
    expect(maxAbsDiff(await model.forward(b.input_ids, b.attention_mask), b.logits)).toBeLessThan(1e-4);
    expect(await codeOf(model.predict(['hello']))).toBe(`E_TOKENIZER: ${join(dir, 'vocab.txt')}: missing; the model loads for forward() but predict() needs its tokenizer`);
    model.dispose();
  });

  it('refuses ids outside the vocabulary in forward', async () => {
    const model = await loadClassifier(TINY, { backend: 'cpu', cacheDir: TEST_CACHE });
    await expect(model.forward([[101, 30522, 102]], [[1, 1, 1]])).rejects.toThrow('forward: row 0 position 1: id 30522 is outside [0, 30522)');
    model.dispose();
  });
});

describe('half-precision checkpoints', () => {
  const f32Tensors = readRaw(join(TINY, 'model.safetensors'));
  const reference = readLogits('tiny_logits.json').slice(0, 24);
  const convert = (dtype: 'F16' | 'BF16', encode: (v: Float32Array) => Uint8Array) => {
    const dir = copyModel(TINY);
    cleanup.push(dir);
    writeRaw(join(dir, 'model.safetensors'), Object.fromEntries(Object.entries(f32Tensors).map(([k, t]) => [k, { dtype, shape: t.shape, bytes: encode(f32(t.bytes)) }])));
    return dir;
  };

  it.each([
    ['F16', toF16Bytes, 2e-3],
    ['BF16', toBF16Bytes, 3e-2],
  ] as const)('runs a %s copy of the tiny model close to the float32 logits', async (dtype, encode, tolerance) => {
    const model = await loadClassifier(convert(dtype, encode), { backend: 'wasm', cacheDir: TEST_CACHE });
    let worst = 0;
    for (const b of reference) worst = Math.max(worst, maxAbsDiff(await model.forward(b.input_ids, b.attention_mask), b.logits));
    expect(worst).toBeLessThan(tolerance);
    expect(worst).toBeGreaterThan(0); // the weights really were rounded
    model.dispose();
  });
});

// modelFingerprint: test/model/fingerprint.test.ts

describe('backends', () => {
  it('reports wasm and cpu available and the uninstalled native bindings not, with the reason', async () => {
    const status = await backendStatus();
    expect(status.map((s) => [s.name, s.available])).toEqual([['tensorflow-gpu', false], ['tensorflow', false], ['wasm', true], ['cpu', true]]);
    expect(status[0].reason).toBe('@tensorflow/tfjs-node-gpu is not installed (npm install @tensorflow/tfjs-node-gpu)');
    expect(status[2].reason).toMatch(/^SIMD, single thread under Node \(.*tfjs-backend-wasm-simd\.wasm\)$/);
  });

  it('falls back to wasm under auto when the native bindings are absent', async () => {
    expect((await selectBackend('auto')).label).toBe('tfjs-wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('refuses a native backend asked for by name when it is not installed (E_BACKEND)', async () => {
    expect(await codeOf(selectBackend('tensorflow'))).toBe('E_BACKEND: --backend tensorflow: not available (tensorflow: @tensorflow/tfjs-node is not installed (npm install @tensorflow/tfjs-node))');
  });

  it('switches back to its own backend when another model changed it', async () => {
    const onWasm = await loadClassifier(TINY, { backend: 'wasm', cacheDir: TEST_CACHE });
    const onCpu = await loadClassifier(TINY, { backend: 'cpu', cacheDir: TEST_CACHE });
    const b = readLogits('tiny_logits.json')[0];
    expect(maxAbsDiff(await onWasm.forward(b.input_ids, b.attention_mask), b.logits)).toBeLessThan(1e-4);
    expect(tf.getBackend()).toBe('wasm');
    expect(maxAbsDiff(await onCpu.forward(b.input_ids, b.attention_mask), b.logits)).toBeLessThan(1e-4);
    expect(tf.getBackend()).toBe('cpu');
    onWasm.dispose();
    onCpu.dispose();
  });
});
