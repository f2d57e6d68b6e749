import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { selectBackend } from '../../src/model/backend.js';
import { configFromHf } from '../../src/train/config.js';
import { fromHfLayout } from '../../src/train/hf-layout.js';
import { embedLookup, forward } from '../../src/train/model.js';
import { decodeSafetensors } from '../../src/train/safetensors.js';

interface RefBatch {
  input_ids: number[][];
  attention_mask: number[][];
  logits: number[][];
}

const tinyDir = join(HF_FIXTURES, 'tiny');
const cfg = configFromHf(JSON.parse(readFileSync(join(tinyDir, 'config.json'), 'utf8')));
const params = fromHfLayout(decodeSafetensors(readFileSync(join(tinyDir, 'model.safetensors')), 'tiny'), cfg, 'tiny');
const reference = JSON.parse(readFileSync(join(HF_FIXTURES, 'tiny_logits.json'), 'utf8')) as { batches: RefBatch[] };

describe.each(['wasm', 'cpu'] as const)('training forward on %s', (backend) => {
  beforeAll(async () => {
    await selectBackend(backend);
  });

  it('computes the logits Hugging Face computes for the tiny random DistilBERT, padded batches included', () => {
    const w = Object.fromEntries(Object.entries(params).map(([name, p]) => [name, tf.tensor(p.data, p.shape)]));
    let worst = 0;
    for (const batch of reference.batches) {
      const logits = tf.tidy(() =>
        forward(w, cfg, tf.tensor2d(batch.input_ids, undefined, 'int32'), tf.tensor2d(batch.attention_mask, undefined, 'int32')),
      );
      (logits.arraySync() as number[][]).forEach((row, i) => {
        row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - batch.logits[i][j]))));
      });
      logits.dispose();
    }
    tf.dispose(Object.values(w));
    expect(reference.batches).toHaveLength(32);
    expect(worst).toBeLessThan(1e-5);
  });

  it('sums the embedding gradient over repeated ids (scatterND stands in for the missing UnsortedSegmentSum)', () => {
    const table = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const ids = tf.tensor2d([[2, 0, 2], [2, 3, 0]], undefined, 'int32');
    const upstream = tf.tensor3d([[[1, 10], [2, 20], [3, 30]], [[4, 40], [5, 50], [6, 60]]]);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.reshape(embedLookup(t, ids), [2, 3, 2]), upstream)))(table);
    // id 0: positions (0,1) and (1,2); id 2: (0,0), (0,2), (1,0); id 3: (1,1); id 1 unused.
    expect(grad.arraySync()).toEqual([[8, 80], [0, 0], [8, 80], [5, 50]]);
    tf.dispose([table, ids, upstream, grad]);
  });
});
