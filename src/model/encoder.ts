/**
 * The TensorFlow.js forward pass for any `EncoderParams` (DistilBERT, BERT), eval mode:
 * embeddings (word [+ token type 0] + position, LayerNorm) -> layers x [self-attention, residual, LayerNorm,
 * FFN, residual, LayerNorm] -> [CLS] hidden state -> pooler dense + ReLU/tanh -> classifier.
 * Dropout is the identity at inference.
 */
import * as tf from '@tensorflow/tfjs-core';
import { attention, attentionBias, gelu, layerNorm, linear, mergeHeads, splitHeads, type Linear, type Norm } from './layers.js';
import type { DenseParams, EncoderParams, NormParams } from './params.js';

export interface EncoderLayer {
  q: Linear;
  k: Linear;
  v: Linear;
  out: Linear;
  attentionNorm: Norm;
  ffnIn: Linear;
  ffnOut: Linear;
  outputNorm: Norm;
}

export interface EncoderWeights {
  wordEmbeddings: tf.Tensor2D;
  positionEmbeddings: tf.Tensor2D;
  tokenTypeEmbedding: tf.Tensor1D | null;
  embeddingNorm: Norm;
  layers: EncoderLayer[];
  pooler: Linear;
  classifier: Linear;
}

/** The sizes and choices the forward pass needs (EncoderParams without its arrays). */
export type EncoderShape = Pick<EncoderParams, 'hidden' | 'heads' | 'eps' | 'activation' | 'poolerActivation'>;

/**
 * Turns arrays into tensors, once: Linear weights transposed to [in, out], and the attention scale 1/sqrt(dh)
 * folded into the query weights and bias (q/sqrt(dh) = x·(Wq/sqrt(dh)) + bq/sqrt(dh)).
 */
export function buildEncoderWeights(p: EncoderParams): EncoderWeights {
  const vector = (data: Float32Array, scale = 1) => tf.tensor1d(scale === 1 ? data : data.map((x) => x * scale));
  // The transpose runs on the backend (native code on wasm), far faster than a strided copy in JavaScript.
  const linearOf = (d: DenseParams, scale = 1): Linear => {
    const w = tf.tidy(() => {
      const t = tf.transpose(tf.tensor2d(d.weight, [d.out, d.in])) as tf.Tensor2D;
      return scale === 1 ? t : (tf.mul(t, scale) as tf.Tensor2D);
    });
    return { w, b: vector(d.bias, scale) };
  };
  const normOf = (n: NormParams): Norm => ({ gamma: vector(n.gamma), beta: vector(n.beta) });
  const qScale = 1 / Math.sqrt(p.hidden / p.heads);
  return {
    wordEmbeddings: tf.tensor2d(p.wordEmbeddings, [p.vocabSize, p.hidden]),
    positionEmbeddings: tf.tensor2d(p.positionEmbeddings, [p.maxPositions, p.hidden]),
    tokenTypeEmbedding: p.tokenTypeEmbedding ? tf.tensor1d(p.tokenTypeEmbedding) : null,
    embeddingNorm: normOf(p.embeddingNorm),
    layers: p.layers.map((l) => ({
      q: linearOf(l.query, qScale),
      k: linearOf(l.key),
      v: linearOf(l.value),
      out: linearOf(l.attentionOut),
      attentionNorm: normOf(l.attentionNorm),
      ffnIn: linearOf(l.ffnIn),
      ffnOut: linearOf(l.ffnOut),
      outputNorm: normOf(l.outputNorm),
    })),
    pooler: linearOf(p.pooler),
    classifier: linearOf(p.classifier),
  };
}

export function disposeEncoderWeights(w: EncoderWeights): void {
  const all: tf.Tensor[] = [w.wordEmbeddings, w.positionEmbeddings, w.embeddingNorm.gamma, w.embeddingNorm.beta];
  if (w.tokenTypeEmbedding) all.push(w.tokenTypeEmbedding);
  const lin = (l: Linear) => all.push(l.w, l.b);
  const norm = (n: Norm) => all.push(n.gamma, n.beta);
  for (const l of w.layers) {
    [l.q, l.k, l.v, l.out, l.ffnIn, l.ffnOut].forEach(lin);
    [l.attentionNorm, l.outputNorm].forEach(norm);
  }
  lin(w.pooler);
  lin(w.classifier);
  tf.dispose(all);
}

/**
 * One encoder block. `x` is [batch·seq, hidden] for every position. With `clsOnly` (the last block), queries, the
 * residual path and the FFN are computed for position 0 alone: the head reads nothing else, and keys and values
 * still come from every position, so the [CLS] row is exactly what the full block would give.
 */
function block(
  x: tf.Tensor2D,
  l: EncoderLayer,
  bias: tf.Tensor4D,
  batch: number,
  seq: number,
  shape: EncoderShape,
  clsOnly: boolean,
): tf.Tensor2D {
  const { hidden, heads, eps } = shape;
  // Two tidies: the attention temporaries are freed before the feed-forward's [rows, 4·hidden] ones are made.
  const attended = tf.tidy(() => {
    const cls = () => {
      const first = tf.slice(tf.reshape(x, [batch, seq, hidden]), [0, 0, 0], [batch, 1, hidden]);
      return tf.reshape(first, [batch, hidden]) as tf.Tensor2D;
    };
    const xq = clsOnly ? cls() : x;
    const qLen = clsOnly ? 1 : seq;
    const q = splitHeads(linear(xq, l.q), batch, qLen, heads);
    const k = splitHeads(linear(x, l.k), batch, seq, heads);
    const v = splitHeads(linear(x, l.v), batch, seq, heads);
    const context = mergeHeads(attention(q, k, v, bias, heads), batch, heads);
    return layerNorm(tf.add(linear(context, l.out), xq) as tf.Tensor2D, l.attentionNorm, eps);
  });
  const out = tf.tidy(() => {
    const relu = shape.activation === 'relu';
    const inner = linear(attended, l.ffnIn, relu ? 'relu' : undefined);
    const activated = relu ? inner : gelu(inner);
    return layerNorm(tf.add(linear(activated, l.ffnOut), attended) as tf.Tensor2D, l.outputNorm, eps);
  });
  attended.dispose();
  return out;
}

/**
 * Logits [batch, labels] for int32 ids [batch, seq] and a 0/1 float mask [batch, seq]. All intermediates are
 * freed by the tidies; the caller owns (and disposes) the returned tensor.
 */
export function encoderForward(w: EncoderWeights, shape: EncoderShape, inputIds: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, seq] = inputIds.shape;
    const hidden = shape.hidden;
    let embedded: tf.Tensor = tf.reshape(tf.gather(w.wordEmbeddings, tf.reshape(inputIds, [batch * seq])), [batch, seq, hidden]);
    // transformers adds the token-type embedding before the position embedding; the same order keeps the rounding.
    if (w.tokenTypeEmbedding) embedded = tf.add(embedded, w.tokenTypeEmbedding);
    embedded = tf.add(embedded, tf.slice(w.positionEmbeddings, [0, 0], [seq, hidden]));
    let x = tf.reshape(layerNorm(embedded, w.embeddingNorm, shape.eps), [batch * seq, hidden]) as tf.Tensor2D;
    const bias = attentionBias(mask);
    const layers = w.layers.length;
    // Each block frees its temporaries as it ends: an outer tidy alone keeps every block's until the end, and the
    // wasm heap never shrinks, so that high-water mark stayed resident (measured on a full-size model: heap 1.2 GB
    // before, 0.58 GB now).
    for (let i = 0; i < layers; i++) {
      const prev = x;
      x = block(prev, w.layers[i], bias, batch, seq, shape, i === layers - 1);
      prev.dispose();
    }
    // At least one layer (checked with the config), so x now holds one row per sequence: the [CLS] hidden state.
    const pooled = shape.poolerActivation === 'relu' ? linear(x, w.pooler, 'relu') : tf.tanh(linear(x, w.pooler));
    return linear(pooled as tf.Tensor2D, w.classifier);
  });
}
