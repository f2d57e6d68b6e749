/** @jest-environment ./test/engines/onnx/ort-environment.cjs */
/** The ONNX classifier keeps every promise of the TensorFlow.js one: tokens, labels, target, score, fingerprint. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../../src/config/paths.js';
import { loadOnnxClassifier, type OnnxClassifier } from '../../../src/engines/onnx/index.js';
import { loadClassifier, modelFingerprint } from '../../../src/model/index.js';
import { maxAbsDiff, readLogits, tempDir, TINY, TINY_BERT } from './helpers.js';
import { failure } from '../../helpers/failure.js';

const pipeline = JSON.parse(readFileSync(join(HF_FIXTURES, 'tiny_pipeline.json'), 'utf8')) as { text: string; label: string; score: number }[];
const cache = tempDir('audit-onnx-cache-');
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('predict with the ONNX engine on the tiny model', () => {
  let model: OnnxClassifier;
  beforeAll(async () => { model = await loadOnnxClassifier(TINY, { cacheDir: cache, threads: 2 }); });
  afterAll(() => model.dispose());

  it('gives the labels and scores of the transformers pipeline for its 24 texts', async () => {
    const got = await model.predict(pipeline.map((p) => p.text));
    got.forEach((prediction, i) => {
      expect(prediction.label).toBe(pipeline[i].label);
      expect(Math.abs(prediction.probs[model.labels.indexOf(pipeline[i].label)] - pipeline[i].score)).toBeLessThan(1e-5);
    });
  });

  it('has the same fingerprint as the TensorFlow.js classifier and modelFingerprint', async () => {
    const tfjs = await loadClassifier(TINY, { backend: 'cpu', cacheDir: cache });
    expect(model.fingerprint).toBe(tfjs.fingerprint);
    expect(model.fingerprint).toBe(await modelFingerprint(TINY));
    expect(model.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    tfjs.dispose();
  });

  it('scores texts as the TensorFlow.js classifier does, input ids identical', async () => {
    const texts = ['This film was filmed in France.', '', 'a b c d e f g h i j k l m n o p', 'Straße', 'x'];
    const tfjs = await loadClassifier(TINY, { backend: 'wasm', cacheDir: cache });
    const [ours, theirs] = [await model.predict(texts), await tfjs.predict(texts)];
    tfjs.dispose();
    ours.forEach((p, i) => {
      expect(p.inputIds).toEqual(theirs[i].inputIds);
      expect(p.label).toBe(theirs[i].label);
      expect(Math.abs(p.score - theirs[i].score)).toBeLessThan(1e-5);
    });
  });

  it('reports score as P(target) with probs and logits in id2label order', async () => {
    const [p] = await model.predict(['Hello, my dog is cute']);
    expect(model.target).toBe('POSITIVE');
    expect(p.score).toBe(p.probs[1]);
    expect(maxAbsDiff([p.logits], readLogits('tiny_logits.json')[0].logits)).toBeLessThan(1e-4);
  });

  it('keeps input order while batching texts by length, whatever the batch size', async () => {
    const texts = ['a b c d e f g h i j k l m n o p', 'short', 'This film was filmed in France.', '', 'mid length sentence here', 'x'];
    const small = await loadOnnxClassifier(TINY, { cacheDir: cache, threads: 1, batchSize: 2 });
    const [together, pairs] = [await model.predict(texts), await small.predict(texts)];
    await small.dispose();
    for (const [i, text] of texts.entries()) {
      const [alone] = await model.predict([text]);
      expect(together[i].inputIds).toEqual(alone.inputIds);
      expect(maxAbsDiff([together[i].logits, pairs[i].logits], [alone.logits, alone.logits])).toBeLessThan(1e-5);
    }
  });

  it('truncates a text over 512 tokens with one warning, drained by takeWarnings', async () => {
    const [p] = await model.predict([Array.from({ length: 600 }, () => 'film').join(' ')]);
    expect(p.inputIds).toHaveLength(512);
    const warnings = model.takeWarnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^text truncated to 512 tokens \(the model's limit\): "film film/);
    expect(model.takeWarnings()).toEqual([]);
  });

  it('returns [] for no texts', async () => {
    expect(await model.predict([])).toEqual([]);
  });

  it('refuses ids outside the vocabulary before onnxruntime sees them', async () => {
    await expect(model.forward([[101, 30522, 102]], [[1, 1, 1]])).rejects.toThrow('forward: row 0 position 1: id 30522 is outside [0, 30522)');
  });
});

describe('options and lifecycle of the ONNX classifier', () => {
  it('scores another target label when asked', async () => {
    const model = await loadOnnxClassifier(TINY_BERT, { cacheDir: cache, target: 'NEGATIVE', threads: 1 });
    const [p] = await model.predict(['Hello, my dog is cute']);
    expect(p.score).toBe(p.probs[0]);
    expect(p.score).toBeCloseTo(readLogits('tiny_bert_logits.json')[0].probs[0][0], 5);
    await model.dispose();
  });

  it('refuses a target the model does not have, before loading anything (E_TARGET)', async () => {
    const e = await failure(loadOnnxClassifier(TINY, { cacheDir: cache, target: 'positive' }));
    expect([e.code, e.kind]).toEqual(['E_TARGET', 'usage']);
    expect(e.message).toBe(`--target "positive": ${join(TINY, 'config.json')} has no such label (labels: NEGATIVE, POSITIVE)`);
  });

  it.each([0, 1.5, -2])('refuses %p threads (E_THREADS)', async (threads) => {
    const e = await failure(loadOnnxClassifier(TINY, { cacheDir: cache, threads }));
    expect([e.code, e.message]).toEqual(['E_THREADS', `--threads ${threads}: must be a positive integer`]);
  });

  it('refuses a bad batch size as the TensorFlow.js classifier does (E_BATCH_SIZE)', async () => {
    expect((await failure(loadOnnxClassifier(TINY, { cacheDir: cache, batchSize: 0 }))).code).toBe('E_BATCH_SIZE');
  });

  it('cannot be used after dispose() (E_DISPOSED)', async () => {
    const model = await loadOnnxClassifier(TINY, { cacheDir: cache, threads: 1 });
    await model.dispose();
    await model.dispose(); // twice is harmless
    expect((await failure(model.predict(['hello']))).code).toBe('E_DISPOSED');
  });
});
