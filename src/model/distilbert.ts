/**
 * DistilBertForSequenceClassification, eval mode, as in transformers `models/distilbert/modeling_distilbert.py`:
 * embeddings (word + learned position, LayerNorm) -> n_layers x [self-attention, residual, LayerNorm, FFN
 * (lin1, GELU, lin2), residual, LayerNorm] -> hidden state of [CLS] -> pre_classifier -> ReLU -> classifier.
 * Every LayerNorm uses eps 1e-12. Dropout is the identity at inference.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DistilBertConfig } from './config.js';
import { attention, attentionBias, gelu, layerNorm, linear, mergeHeads, splitHeads, type Linear, type Norm } from './layers.js';
import type { LoadedWeights, WeightSpec } from './weights.js';

const LAYER_NORM_EPS = 1e-12;

export interface DistilBertLayer {
  q: Linear;
  k: Linear;
  v: Linear;
  out: Linear;
  saNorm: Norm;
  lin1: Linear;
  lin2: Linear;
  outNorm: Norm;
}

export interface DistilBertWeights {
  wordEmbeddings: tf.Tensor2D;
  positionEmbeddings: tf.Tensor2D;
  embNorm: Norm;
  layers: DistilBertLayer[];
  preClassifier: Linear;
  classifier: Linear;
}

/** Every tensor the checkpoint must hold, with its torch shape, from the config's sizes. */
export function distilBertWeightSpec(config: DistilBertConfig): WeightSpec {
  const { dim, hidden_dim: hidden, vocab_size: vocab, max_position_embeddings: positions } = config;
  const labels = Object.keys(config.id2label).length;
  const spec: WeightSpec = {
    'distilbert.embeddings.word_embeddings.weight': [vocab, dim],
    'distilbert.embeddings.position_embeddings.weight': [positions, dim],
    'distilbert.embeddings.LayerNorm.weight': [dim],
    'distilbert.embeddings.LayerNorm.bias': [dim],
  };
  for (let i = 0; i < config.n_layers; i++) {
    const p = `distilbert.transformer.layer.${i}`;
    for (const lin of ['q_lin', 'k_lin', 'v_lin', 'out_lin']) {
      spec[`${p}.attention.${lin}.weight`] = [dim, dim];
      spec[`${p}.attention.${lin}.bias`] = [dim];
    }
    spec[`${p}.sa_layer_norm.weight`] = [dim];
    spec[`${p}.sa_layer_norm.bias`] = [dim];
    spec[`${p}.ffn.lin1.weight`] = [hidden, dim];
    spec[`${p}.ffn.lin1.bias`] = [hidden];
    spec[`${p}.ffn.lin2.weight`] = [dim, hidden];
    spec[`${p}.ffn.lin2.bias`] = [dim];
    spec[`${p}.output_layer_norm.weight`] = [dim];
    spec[`${p}.output_layer_norm.bias`] = [dim];
  }
  spec['pre_classifier.weight'] = [dim, dim];
  spec['pre_classifier.bias'] = [dim];
  spec['classifier.weight'] = [labels, dim];
  spec['classifier.bias'] = [labels];
  return spec;
}

/**
 * Turns checked arrays into tensors, once: Linear weights pre-transposed to [in, out], and the attention scale
 * 1/sqrt(dh) folded into the query weights and bias (q/sqrt(dh) = x·(Wq/sqrt(dh)) + bq/sqrt(dh)).
 */
export function buildDistilBertWeights(loaded: LoadedWeights, config: DistilBertConfig): DistilBertWeights {
  const get = (name: string) => loaded[name];
  const vector = (name: string, scale = 1) => {
    const data = get(name).data;
    return tf.tensor1d(scale === 1 ? data : data.map((x) => x * scale));
  };
  // The transpose runs on the backend (native code on wasm), far faster than a strided copy in JavaScript.
  const linearOf = (prefix: string, scale = 1): Linear => {
    const { data, shape } = get(`${prefix}.weight`);
    const w = tf.tidy(() => {
      const t = tf.transpose(tf.tensor2d(data, shape as [number, number])) as tf.Tensor2D;
      return scale === 1 ? t : (tf.mul(t, scale) as tf.Tensor2D);
    });
    return { w, b: vector(`${prefix}.bias`, scale) };
  };
  const normOf = (prefix: string): Norm => ({ gamma: vector(`${prefix}.weight`), beta: vector(`${prefix}.bias`) });
  const matrix = (name: string) => tf.tensor2d(get(name).data, get(name).shape as [number, number]);

  const qScale = 1 / Math.sqrt(config.dim / config.n_heads);
  const layers: DistilBertLayer[] = [];
  for (let i = 0; i < config.n_layers; i++) {
    const p = `distilbert.transformer.layer.${i}`;
    layers.push({
      q: linearOf(`${p}.attention.q_lin`, qScale),
      k: linearOf(`${p}.attention.k_lin`),
      v: linearOf(`${p}.attention.v_lin`),
      out: linearOf(`${p}.attention.out_lin`),
      saNorm: normOf(`${p}.sa_layer_norm`),
      lin1: linearOf(`${p}.ffn.lin1`),
      lin2: linearOf(`${p}.ffn.lin2`),
      outNorm: normOf(`${p}.output_layer_norm`),
    });
  }
  return {
    wordEmbeddings: matrix('distilbert.embeddings.word_embeddings.weight'),
    positionEmbeddings: matrix('distilbert.embeddings.position_embeddings.weight'),
    embNorm: normOf('distilbert.embeddings.LayerNorm'),
    layers,
    preClassifier: linearOf('pre_classifier'),
    classifier: linearOf('classifier'),
  };
}

export function disposeDistilBertWeights(w: DistilBertWeights): void {
  const all: tf.Tensor[] = [w.wordEmbeddings, w.positionEmbeddings, w.embNorm.gamma, w.embNorm.beta];
  const lin = (l: Linear) => all.push(l.w, l.b);
  const norm = (n: Norm) => all.push(n.gamma, n.beta);
  for (const l of w.layers) {
    [l.q, l.k, l.v, l.out, l.lin1, l.lin2].forEach(lin);
    [l.saNorm, l.outNorm].forEach(norm);
  }
  lin(w.preClassifier);
  lin(w.classifier);
  tf.dispose(all);
}

/**
 * One encoder block. `x` is [batch·seq, dim] for every position. With `clsOnly` (the last block), queries, the
 * residual path and the FFN are computed for position 0 alone: the classifier reads nothing else, and keys and
 * values still come from every position, so the [CLS] row is exactly what the full block would give.
 */
function block(x: tf.Tensor2D, l: DistilBertLayer, bias: tf.Tensor4D, batch: number, seq: number, config: DistilBertConfig, clsOnly: boolean): tf.Tensor2D {
  const heads = config.n_heads;
  const xq = clsOnly ? (tf.reshape(tf.slice(tf.reshape(x, [batch, seq, config.dim]), [0, 0, 0], [batch, 1, config.dim]), [batch, config.dim]) as tf.Tensor2D) : x;
  const qLen = clsOnly ? 1 : seq;
  const q = splitHeads(linear(xq, l.q), batch, qLen, heads);
  const k = splitHeads(linear(x, l.k), batch, seq, heads);
  const v = splitHeads(linear(x, l.v), batch, seq, heads);
  const context = mergeHeads(attention(q, k, v, bias, heads), batch, heads);
  const sa = layerNorm(tf.add(linear(context, l.out), xq) as tf.Tensor2D, l.saNorm, LAYER_NORM_EPS);
  const hidden = linear(sa, l.lin1, config.activation === 'relu' ? 'relu' : undefined);
  const activated = config.activation === 'relu' ? hidden : gelu(hidden);
  return layerNorm(tf.add(linear(activated, l.lin2), sa) as tf.Tensor2D, l.outNorm, LAYER_NORM_EPS);
}

/**
 * Logits [batch, labels] for int32 ids [batch, seq] and a 0/1 float mask [batch, seq]. All intermediates are
 * freed by the tidy; the caller owns (and disposes) the returned tensor.
 */
export function distilBertForward(w: DistilBertWeights, config: DistilBertConfig, inputIds: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [batch, seq] = inputIds.shape;
    const dim = config.dim;
    const words = tf.reshape(tf.gather(w.wordEmbeddings, tf.reshape(inputIds, [batch * seq])), [batch, seq, dim]);
    const positions = tf.slice(w.positionEmbeddings, [0, 0], [seq, dim]);
    let x = tf.reshape(layerNorm(tf.add(words, positions), w.embNorm, LAYER_NORM_EPS), [batch * seq, dim]) as tf.Tensor2D;
    const bias = attentionBias(mask);
    for (let i = 0; i < config.n_layers; i++) {
      x = block(x, w.layers[i], bias, batch, seq, config, i === config.n_layers - 1);
    }
    // n_layers >= 1 (checked in config.ts), so x now holds one row per sequence: the [CLS] hidden state.
    return linear(linear(x, w.preClassifier, 'relu'), w.classifier);
  });
}
