/**
 * BertForSequenceClassification (transformers `models/bert/modeling_bert.py`): which tensors a checkpoint must
 * hold, and how they map onto `EncoderParams`. Inputs here are always one segment, so only token-type row 0 is
 * used (transformers' default `token_type_ids` are zeros); head = pooler dense -> tanh on [CLS] -> classifier.
 */
import type { BertConfig } from './config.js';
import { denseOf, type EncoderParams } from './params.js';
import type { LoadedWeights, WeightSpec } from './weights.js';

export function bertWeightSpec(config: BertConfig): WeightSpec {
  const { hidden_size: h, intermediate_size: inner, vocab_size: vocab, max_position_embeddings: positions } = config;
  const labels = Object.keys(config.id2label).length;
  const spec: WeightSpec = {
    'bert.embeddings.word_embeddings.weight': [vocab, h],
    'bert.embeddings.position_embeddings.weight': [positions, h],
    'bert.embeddings.token_type_embeddings.weight': [config.type_vocab_size, h],
    'bert.embeddings.LayerNorm.weight': [h],
    'bert.embeddings.LayerNorm.bias': [h],
  };
  const add = (prefix: string, out: number, inSize: number) => {
    spec[`${prefix}.weight`] = [out, inSize];
    spec[`${prefix}.bias`] = [out];
  };
  const norm = (prefix: string) => {
    spec[`${prefix}.weight`] = [h];
    spec[`${prefix}.bias`] = [h];
  };
  for (let i = 0; i < config.num_hidden_layers; i++) {
    const p = `bert.encoder.layer.${i}`;
    for (const name of ['query', 'key', 'value']) add(`${p}.attention.self.${name}`, h, h);
    add(`${p}.attention.output.dense`, h, h);
    norm(`${p}.attention.output.LayerNorm`);
    add(`${p}.intermediate.dense`, inner, h);
    add(`${p}.output.dense`, h, inner);
    norm(`${p}.output.LayerNorm`);
  }
  add('bert.pooler.dense', h, h);
  add('classifier', labels, h);
  return spec;
}

export function bertParams(w: LoadedWeights, config: BertConfig): EncoderParams {
  const dense = (prefix: string) => denseOf(w[`${prefix}.weight`], w[`${prefix}.bias`]);
  const norm = (prefix: string) => ({ gamma: w[`${prefix}.weight`].data, beta: w[`${prefix}.bias`].data });
  const h = config.hidden_size;
  return {
    hidden: h,
    heads: config.num_attention_heads,
    eps: config.layer_norm_eps,
    activation: config.hidden_act,
    vocabSize: config.vocab_size,
    maxPositions: config.max_position_embeddings,
    wordEmbeddings: w['bert.embeddings.word_embeddings.weight'].data,
    positionEmbeddings: w['bert.embeddings.position_embeddings.weight'].data,
    tokenTypeEmbedding: w['bert.embeddings.token_type_embeddings.weight'].data.subarray(0, h),
    embeddingNorm: norm('bert.embeddings.LayerNorm'),
    layers: Array.from({ length: config.num_hidden_layers }, (_, i) => {
      const p = `bert.encoder.layer.${i}`;
      return {
        query: dense(`${p}.attention.self.query`),
        key: dense(`${p}.attention.self.key`),
        value: dense(`${p}.attention.self.value`),
        attentionOut: dense(`${p}.attention.output.dense`),
        attentionNorm: norm(`${p}.attention.output.LayerNorm`),
        ffnIn: dense(`${p}.intermediate.dense`),
        ffnOut: dense(`${p}.output.dense`),
        outputNorm: norm(`${p}.output.LayerNorm`),
      };
    }),
    pooler: dense('bert.pooler.dense'),
    poolerActivation: 'tanh',
    classifier: dense('classifier'),
  };
}
