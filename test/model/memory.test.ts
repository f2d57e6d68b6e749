/**
 * Working memory of the forward pass. The wasm heap never shrinks, so the peak of one batch stays resident for the
 * rest of the run: it must not grow with the number of layers (each block frees its temporaries). Long inputs are
 * kept in bounds by the batch planner (batching.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/model/backend.js';
import { buildEncoderWeights, disposeEncoderWeights, encoderForward, type EncoderShape } from '../../src/model/encoder.js';
import type { DenseParams, EncoderParams, NormParams } from '../../src/model/params.js';
import { mulberry32 } from '../../src/stats/random.js';

const HIDDEN = 32;
const FFN = 128;
const HEADS = 4;

/** Deterministic small values from the project's seeded generator: the numbers do not matter, only the shapes. */
function filled(n: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: n }, () => (random.next() - 0.5) * 0.1);
}

function dense(inSize: number, out: number, seed: number): DenseParams {
  return { weight: filled(inSize * out, seed), bias: filled(out, seed + 1), in: inSize, out };
}
const norm = (seed: number): NormParams => ({ gamma: filled(HIDDEN, seed), beta: filled(HIDDEN, seed + 1) });

function params(layers: number): EncoderParams {
  return {
    hidden: HIDDEN, heads: HEADS, eps: 1e-12, activation: 'gelu', vocabSize: 100, maxPositions: 512,
    wordEmbeddings: filled(100 * HIDDEN, 1), positionEmbeddings: filled(512 * HIDDEN, 2), tokenTypeEmbedding: null,
    embeddingNorm: norm(3),
    layers: Array.from({ length: layers }, (_, i) => ({
      query: dense(HIDDEN, HIDDEN, 10 * i + 4), key: dense(HIDDEN, HIDDEN, 10 * i + 5), value: dense(HIDDEN, HIDDEN, 10 * i + 6),
      attentionOut: dense(HIDDEN, HIDDEN, 10 * i + 7), attentionNorm: norm(10 * i + 8),
      ffnIn: dense(HIDDEN, FFN, 10 * i + 9), ffnOut: dense(FFN, HIDDEN, 10 * i + 10), outputNorm: norm(10 * i + 11),
    })),
    pooler: dense(HIDDEN, HIDDEN, 90), poolerActivation: 'relu', classifier: dense(HIDDEN, 2, 91),
  };
}

const SHAPE: EncoderShape = { hidden: HIDDEN, heads: HEADS, eps: 1e-12, activation: 'gelu', poolerActivation: 'relu' };

/**
 * Tensor bytes above what was live before, at the highest point of one forward pass over [batch, seq], as the
 * tfjs engine counts them (every tensor, views included: a relative measure, not the heap size).
 */
async function peakWorkingBytes(layers: number, batch: number, seq: number): Promise<number> {
  const weights = buildEncoderWeights(params(layers));
  const ids = tf.tensor2d(Int32Array.from({ length: batch * seq }, (_, i) => i % 100), [batch, seq], 'int32');
  const mask = tf.ones([batch, seq]) as tf.Tensor2D;
  try {
    const before = tf.memory().numBytes;
    const info = await tf.profile(() => {
      tf.dispose(encoderForward(weights, SHAPE, ids, mask));
    });
    expect(tf.memory().numBytes).toBe(before);
    return info.peakBytes - before;
  } finally {
    tf.dispose([ids, mask]);
    disposeEncoderWeights(weights);
  }
}

describe.each(['wasm', 'cpu'] as const)('the forward pass on the %s backend', (backend) => {
  beforeAll(async () => { await selectBackend(backend); });

  it('needs the same working memory with 6 layers as with 2', async () => {
    const two = await peakWorkingBytes(2, 16, 40);
    const six = await peakWorkingBytes(6, 16, 40);
    expect(two).toBeGreaterThan(0);
    expect(six).toBe(two);
  });
});
