/**
 * Pure tensor functions shared by transformer encoders. No state, no I/O; callers run them inside `tf.tidy`.
 * Activations are 2-D [rows, features] between blocks so every Linear is one plain matMul. The multi-op functions
 * free their own temporaries (an inner tidy): on wasm the heap keeps its high-water mark, so a temporary of
 * [rows, 3072] that outlives its use costs resident memory for the rest of the run.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A torch `nn.Linear`, stored pre-transposed to [in, out] at load time. */
export interface Linear {
  w: tf.Tensor2D;
  b: tf.Tensor1D;
}

export interface Norm {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
}

/** The most negative float32: what Hugging Face puts at masked attention positions (`torch.finfo(dtype).min`). */
export const FLOAT32_MIN = -3.4028234663852886e38;

/**
 * x·W + b with W already [in, out]. The bias rides in the fused kernel: tfjs 4.22's wasm fused matMul is wrong
 * with `transposeB: true` plus a bias, which is why weights are never transposed on the fly.
 */
export function linear(x: tf.Tensor2D, layer: Linear, activation?: 'relu'): tf.Tensor2D {
  return tf.fused.matMul({ a: x, b: layer.w, bias: layer.b, activation: activation ?? 'linear' }) as tf.Tensor2D;
}

/** LayerNorm over the last axis with the biased variance, as torch computes it. */
export function layerNorm<T extends tf.Tensor>(x: T, norm: Norm, eps: number): T {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(normed, norm.gamma), norm.beta) as T;
  });
}

/** Exact GELU, 0.5·x·(1 + erf(x/√2)), as torch's default `nn.GELU()` / transformers' "gelu". */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    // The same ops in the same order, with at most three [rows, 4·hidden] temporaries alive at once.
    const onePlusErf = tf.tidy(() => tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1));
    return tf.mul(tf.mul(x, 0.5), onePlusErf) as T;
  });
}

/** Additive attention mask [batch, 1, 1, seq]: 0 where mask is 1, the float32 minimum where it is 0. */
export function attentionBias(mask: tf.Tensor2D): tf.Tensor4D {
  const [batch, seq] = mask.shape;
  return tf.reshape(tf.mul(tf.sub(1, mask), FLOAT32_MIN), [batch, 1, 1, seq]);
}

/** [batch·seq, heads·dh] -> [batch·heads, seq, dh]. */
export function splitHeads(x: tf.Tensor2D, batch: number, seq: number, heads: number): tf.Tensor3D {
  const dh = x.shape[1] / heads;
  return tf.reshape(tf.transpose(tf.reshape(x, [batch, seq, heads, dh]), [0, 2, 1, 3]), [batch * heads, seq, dh]);
}

/** [batch·heads, seq, dh] -> [batch·seq, heads·dh]. */
export function mergeHeads(x: tf.Tensor3D, batch: number, heads: number): tf.Tensor2D {
  const [, seq, dh] = x.shape;
  return tf.reshape(tf.transpose(tf.reshape(x, [batch, heads, seq, dh]), [0, 2, 1, 3]), [batch * seq, heads * dh]);
}

/**
 * Scaled dot-product attention for all heads at once. `q` is already scaled by 1/√dh (folded into the query
 * weights at load). q: [batch·heads, qLen, dh]; k, v: [batch·heads, kLen, dh]; bias: [batch, 1, 1, kLen].
 * Returns [batch·heads, qLen, dh].
 */
export function attention(q: tf.Tensor3D, k: tf.Tensor3D, v: tf.Tensor3D, bias: tf.Tensor4D, heads: number): tf.Tensor3D {
  const [bh, qLen] = q.shape;
  const kLen = k.shape[1];
  const batch = bh / heads;
  // transposeB without a bias is correct on every backend (see `linear`).
  return tf.tidy(() => {
    const scores = tf.add(tf.reshape(tf.matMul(q, k, false, true), [batch, heads, qLen, kLen]), bias);
    const probs = tf.reshape(tf.softmax(scores), [bh, qLen, kLen]) as tf.Tensor3D;
    return tf.matMul(probs, v);
  });
}
