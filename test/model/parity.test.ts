/**
 * Logits against Hugging Face transformers (fixtures made with torch; see ../shared/fixtures/hf/README.md), on
 * every backend that runs here. tfjs has one active backend per process, so each block switches before loading.
 */
import * as tf from '@tensorflow/tfjs-core';
import { rmSync } from 'node:fs';
import { loadClassifier, type TfjsClassifier } from '../../src/model/index.js';
import { maxAbsDiff, readLogits, TEST_CACHE, TINY, WIDE } from './helpers.js';

const TOLERANCE = 1e-4;
/** The width-768 model on the plain-JavaScript backend takes ~20 s alone, minutes on a busy machine. */
const SLOW = 600_000;
const tiny = readLogits('tiny_logits.json');
const wide = readLogits('wide_logits.json');
afterAll(() => rmSync(TEST_CACHE, { recursive: true, force: true }));

describe.each(['wasm', 'cpu'] as const)('DistilBERT on the %s backend', (backend) => {
  describe('tiny (2 layers, dim 32, real vocab)', () => {
    let model: TfjsClassifier;
    beforeAll(async () => { model = await loadClassifier(TINY, { backend, cacheDir: TEST_CACHE }); });
    afterAll(() => model.dispose());

    it('reports the backend it runs on', () => {
      expect(model.backend).toBe(`tfjs-${backend}`);
      expect(tf.getBackend()).toBe(backend);
    });

    it('matches transformers on the 24 single texts within 1e-4', async () => {
      const singles = tiny.slice(0, 24);
      for (const b of singles) {
        expect(maxAbsDiff(await model.forward(b.input_ids, b.attention_mask), b.logits)).toBeLessThan(TOLERANCE);
      }
    });

    it('matches transformers on the 8 padded batches of 8 within 1e-4', async () => {
      const batches = tiny.slice(24);
      expect(batches).toHaveLength(8);
      for (const b of batches) {
        expect(b.input_ids).toHaveLength(8);
        expect(maxAbsDiff(await model.forward(b.input_ids, b.attention_mask), b.logits)).toBeLessThan(TOLERANCE);
      }
    });

    it('gives each row the same logits alone and inside a padded batch', async () => {
      const b = tiny[24];
      const together = await model.forward(b.input_ids, b.attention_mask);
      const alone = await model.forward([b.input_ids[0]], [b.attention_mask[0]]);
      expect(Math.abs(alone[0][0] - together[0][0])).toBeLessThan(1e-5);
    });

    it('leaves no tensor behind after forward and predict', async () => {
      const before = tf.memory().numTensors;
      await model.forward(tiny[30].input_ids, tiny[30].attention_mask);
      await model.predict(['Hello, my dog is cute', '', 'This film was filmed in France.']);
      expect(tf.memory().numTensors).toBe(before);
    });
  });

  describe('wide (sharded, 12 heads, dim 768, sequences of 3 to 200)', () => {
    let model: TfjsClassifier;
    beforeAll(async () => { model = await loadClassifier(WIDE, { backend, cacheDir: TEST_CACHE }); }, SLOW);
    afterAll(() => model.dispose());

    it('matches transformers on 8 single sequences and one padded batch within 1e-4', async () => {
      expect(wide.map((b) => b.input_ids[0].length)).toEqual([3, 5, 9, 17, 33, 64, 128, 200, 200]);
      for (const b of wide) {
        expect(maxAbsDiff(await model.forward(b.input_ids, b.attention_mask), b.logits)).toBeLessThan(TOLERANCE);
      }
    }, SLOW);
  });

  it('frees every weight on dispose()', async () => {
    const before = tf.memory().numTensors;
    const model = await loadClassifier(TINY, { backend, cacheDir: TEST_CACHE });
    // 4 embedding tensors, 16 per layer (6 Linears and 2 LayerNorms, 2 tensors each) x 2 layers, 4 for the head
    expect(tf.memory().numTensors - before).toBe(4 + 16 * 2 + 4);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
