/**
 * The differentiable DistilBertForSequenceClassification forward used for training, written op by op so that
 * tfjs can take its gradient. It computes what Hugging Face computes (post-LayerNorm blocks, exact erf GELU,
 * [CLS] -> pre_classifier -> ReLU -> classifier); dropout is applied only when `dropout` is given.
 *
 * Two tfjs-backend-wasm 4.22 gaps are avoided on purpose: the gradient of tf.gather needs UnsortedSegmentSum,
 * which wasm lacks (embedLookup builds the gradient with scatterND instead), and wasm's fused matMul with
 * transposeB + bias is wrong (only plain matMul followed by add is used here).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LAYER_NORM_EPS, type DemoModelConfig } from './config.js';
import { registerTrainingGradients } from './gradients.js';

// The forward is only useful with its gradients; register them with the module.
registerTrainingGradients();

export type Weights = Record<string, tf.Tensor>;

export interface DropoutSource {
  /** A fresh integer seed for the next dropout mask (drawn from the trainer's saved PRNG). */
  nextSeed(): number;
}

/** Rows of `table` at `ids`; gradient = scatterND of the incoming rows, which sums repeated ids. */
export const embedLookup = tf.customGrad(((table: tf.Tensor, ids: tf.Tensor, save: tf.GradSaveFunc) => {
  const flat = tf.reshape(ids, [-1]);
  save([flat]);
  const value = tf.gather(table, flat);
  const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const rows = tf.scatterND(tf.reshape(saved[0], [-1, 1]), tf.reshape(dy, [-1, table.shape[1]!]), table.shape);
    return [rows, tf.zerosLike(ids)];
  };
  return { value, gradFunc };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (table: tf.Tensor, ids: tf.Tensor) => tf.Tensor2D;

function layerNorm(x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  const centered = tf.sub(x, tf.mean(x, -1, true));
  const variance = tf.mean(tf.square(centered), -1, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, LAYER_NORM_EPS))), weight), bias);
}

/** x [n, in] times w [in, out] plus b. */
function linear(x: tf.Tensor2D, w: Weights, name: string): tf.Tensor2D {
  return tf.add(tf.matMul(x, w[`${name}.weight`] as tf.Tensor2D), w[`${name}.bias`]);
}

function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
}

function maybeDropout(x: tf.Tensor, rate: number, dropout?: DropoutSource): tf.Tensor {
  return dropout && rate > 0 ? tf.dropout(x, rate, undefined, dropout.nextSeed()) : x;
}

/**
 * logits [batch, 2] for token ids [batch, seq] (int32) and attention mask [batch, seq] (1 keep, 0 pad).
 * Call inside tf.tidy or a gradient function.
 */
export function forward(
  w: Weights,
  cfg: DemoModelConfig,
  inputIds: tf.Tensor2D,
  attentionMask: tf.Tensor2D,
  dropout?: DropoutSource,
): tf.Tensor2D {
  const [batch, seq] = inputIds.shape;
  const { dim, n_heads: heads } = cfg;
  const headDim = dim / heads;
  const rows = batch * seq;

  const words = embedLookup(w['distilbert.embeddings.word_embeddings.weight'], inputIds);
  const positions = tf.slice(w['distilbert.embeddings.position_embeddings.weight'], [0, 0], [seq, dim]);
  let x = tf.add(tf.reshape(words, [batch, seq, dim]), positions);
  x = layerNorm(x, w['distilbert.embeddings.LayerNorm.weight'], w['distilbert.embeddings.LayerNorm.bias']);
  let h = tf.reshape(maybeDropout(x, cfg.dropout, dropout), [rows, dim]) as tf.Tensor2D;

  // Padded keys get a large negative score; every row keeps [CLS], so no softmax row is all-masked.
  const maskAdd = tf.reshape(tf.mul(tf.sub(1, tf.cast(attentionMask, 'float32')), -1e9), [batch, 1, 1, seq]);
  const splitHeads = (t: tf.Tensor2D): tf.Tensor4D =>
    tf.transpose(tf.reshape(t, [batch, seq, heads, headDim]), [0, 2, 1, 3]);

  for (let i = 0; i < cfg.n_layers; i++) {
    const p = `distilbert.transformer.layer.${i}`;
    const q = tf.mul(splitHeads(linear(h, w, `${p}.attention.q_lin`)), 1 / Math.sqrt(headDim)) as tf.Tensor4D;
    const kT = tf.transpose(splitHeads(linear(h, w, `${p}.attention.k_lin`)), [0, 1, 3, 2]);
    const v = splitHeads(linear(h, w, `${p}.attention.v_lin`));
    const scores = tf.add(tf.matMul(q, kT), maskAdd);
    const probs = maybeDropout(tf.softmax(scores), cfg.attention_dropout, dropout) as tf.Tensor4D;
    const context = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [rows, dim]) as tf.Tensor2D;
    const attended = linear(context, w, `${p}.attention.out_lin`);
    h = layerNorm(tf.add(attended, h), w[`${p}.sa_layer_norm.weight`], w[`${p}.sa_layer_norm.bias`]) as tf.Tensor2D;
    const inner = gelu(linear(h, w, `${p}.ffn.lin1`)) as tf.Tensor2D;
    const ffnOut = maybeDropout(linear(inner, w, `${p}.ffn.lin2`), cfg.dropout, dropout);
    h = layerNorm(tf.add(ffnOut, h), w[`${p}.output_layer_norm.weight`], w[`${p}.output_layer_norm.bias`]) as tf.Tensor2D;
  }

  // The [CLS] row of every sequence.
  const cls = tf.reshape(tf.slice(tf.reshape(h, [batch, seq, dim]), [0, 0, 0], [batch, 1, dim]), [batch, dim]) as tf.Tensor2D;
  const pooled = maybeDropout(tf.relu(linear(cls, w, 'pre_classifier')), cfg.seq_classif_dropout, dropout) as tf.Tensor2D;
  return linear(pooled, w, 'classifier');
}

/** Mean softmax cross-entropy of logits [batch, 2] against integer labels [batch]. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const onehot = tf.oneHot(labels, logits.shape[1]);
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(logits), onehot), -1))) as tf.Scalar;
}
