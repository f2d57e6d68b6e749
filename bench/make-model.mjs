// @ts-check
// Writes a deterministic full-size random DistilBERT (the real model's config: vocab 30522, dim 768, 12 heads,
// 6 layers, FFN 3072) in the Hugging Face layout. Generated, never committed: ~265 MB of F32.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../dist/stats/random.js';
import { encodeSafetensors } from '../dist/train/safetensors.js';

export const FULL_CONFIG = {
  activation: 'gelu', architectures: ['DistilBertForSequenceClassification'], attention_dropout: 0.1, dim: 768,
  dropout: 0.1, hidden_dim: 3072, id2label: { 0: 'NEGATIVE', 1: 'POSITIVE' }, initializer_range: 0.02,
  label2id: { NEGATIVE: 0, POSITIVE: 1 }, max_position_embeddings: 512, model_type: 'distilbert', n_heads: 12,
  n_layers: 6, pad_token_id: 0, qa_dropout: 0.1, seq_classif_dropout: 0.2, sinusoidal_pos_embds: false,
  tie_word_embeddings: true, vocab_size: 30522,
};

/**
 * @param {string} dir
 * @param {string} vocabFile
 */
export function makeFullModel(dir, vocabFile, config = FULL_CONFIG) {
  if (existsSync(join(dir, 'model.safetensors'))) return dir;
  mkdirSync(dir, { recursive: true });
  const gen = mulberry32(1234);
  const r = () => gen.next();
  /** @type {Record<string, { shape: number[]; data: Float32Array }>} */
  const t = {};
  /** @param {number[]} shape */
  const normal = (shape, std = 0.02) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = (r() + r() + r() - 1.5) * 2 * std; // near-normal, cheap
    return { shape, data };
  };
  /** @param {number[]} shape @param {number} v */
  const fill = (shape, v) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(v) });
  const { dim: d, hidden_dim: h, n_layers: L, vocab_size: V, max_position_embeddings: P } = config;
  t['distilbert.embeddings.word_embeddings.weight'] = normal([V, d]);
  t['distilbert.embeddings.position_embeddings.weight'] = normal([P, d]);
  t['distilbert.embeddings.LayerNorm.weight'] = fill([d], 1);
  t['distilbert.embeddings.LayerNorm.bias'] = fill([d], 0);
  for (let i = 0; i < L; i++) {
    const p = `distilbert.transformer.layer.${i}.`;
    for (const lin of ['q_lin', 'k_lin', 'v_lin', 'out_lin']) {
      t[`${p}attention.${lin}.weight`] = normal([d, d]);
      t[`${p}attention.${lin}.bias`] = fill([d], 0);
    }
    t[`${p}sa_layer_norm.weight`] = fill([d], 1);
    t[`${p}sa_layer_norm.bias`] = fill([d], 0);
    t[`${p}ffn.lin1.weight`] = normal([h, d]);
    t[`${p}ffn.lin1.bias`] = fill([h], 0);
    t[`${p}ffn.lin2.weight`] = normal([d, h]);
    t[`${p}ffn.lin2.bias`] = fill([d], 0);
    t[`${p}output_layer_norm.weight`] = fill([d], 1);
    t[`${p}output_layer_norm.bias`] = fill([d], 0);
  }
  t['pre_classifier.weight'] = normal([d, d]);
  t['pre_classifier.bias'] = fill([d], 0);
  t['classifier.weight'] = normal([2, d]);
  t['classifier.bias'] = fill([2], 0);
  writeFileSync(join(dir, 'model.safetensors'), encodeSafetensors(t, 'F32'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  writeFileSync(join(dir, 'tokenizer_config.json'), JSON.stringify({ do_lower_case: true, model_max_length: 512 }));
  copyFileSync(vocabFile, join(dir, 'vocab.txt'));
  return dir;
}
