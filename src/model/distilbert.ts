/**
 * DistilBertForSequenceClassification (transformers `models/distilbert/modeling_distilbert.py`): which tensors a
 * checkpoint must hold, and how they map onto `EncoderParams`. Learned position embeddings, no token types,
 * every LayerNorm with eps 1e-12, head = pre_classifier -> ReLU -> classifier.
 */
import type { DistilBertConfig } from './config.js';
import { denseOf, type EncoderParams } from './params.js';
import type { LoadedWeights, WeightSpec } from './weights.js';

const LAYER_NORM_EPS = 1e-12;

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

/** The checked checkpoint tensors, renamed onto the shared encoder description (no copies). */
export function distilBertParams(w: LoadedWeights, config: DistilBertConfig): EncoderParams {
  const dense = (prefix: string) => denseOf(w[`${prefix}.weight`], w[`${prefix}.bias`]);
  const norm = (prefix: string) => ({ gamma: w[`${prefix}.weight`].data, beta: w[`${prefix}.bias`].data });
  return {
    hidden: config.dim,
    heads: config.n_heads,
    eps: LAYER_NORM_EPS,
    activation: config.activation,
    vocabSize: config.vocab_size,
    maxPositions: config.max_position_embeddings,
    wordEmbeddings: w['distilbert.embeddings.word_embeddings.weight'].data,
    positionEmbeddings: w['distilbert.embeddings.position_embeddings.weight'].data,
    tokenTypeEmbedding: null,
    embeddingNorm: norm('distilbert.embeddings.LayerNorm'),
    layers: Array.from({ length: config.n_layers }, (_, i) => {
      const p = `distilbert.transformer.layer.${i}`;
      return {
        query: dense(`${p}.attention.q_lin`),
        key: dense(`${p}.attention.k_lin`),
        value: dense(`${p}.attention.v_lin`),
        attentionOut: dense(`${p}.attention.out_lin`),
        attentionNorm: norm(`${p}.sa_layer_norm`),
        ffnIn: dense(`${p}.ffn.lin1`),
        ffnOut: dense(`${p}.ffn.lin2`),
        outputNorm: norm(`${p}.output_layer_norm`),
      };
    }),
    pooler: dense('pre_classifier'),
    poolerActivation: 'relu',
    classifier: dense('classifier'),
  };
}
