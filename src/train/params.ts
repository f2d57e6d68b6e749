/**
 * Parameter names, shapes and seeded initialisation. Names are the Hugging Face ones. Linear weights are HELD
 * here as [in, out] (so the forward is a plain matMul) and transposed to torch's [out, in] only when a model
 * directory is written or read (see hf-layout.ts).
 */
import type { DemoModelConfig } from './config.js';
import { Rng } from './prng.js';
import type { NamedArrays } from './safetensors.js';

export type ParamKind = 'embedding' | 'linear' | 'bias' | 'norm-weight' | 'norm-bias';

export interface ParamSpec {
  name: string;
  /** Shape as held by the trainer (linear weights [in, out]). */
  shape: number[];
  kind: ParamKind;
}

export function paramSpecs(cfg: DemoModelConfig): ParamSpec[] {
  const { dim, hidden_dim: hidden } = cfg;
  const specs: ParamSpec[] = [
    { name: 'distilbert.embeddings.word_embeddings.weight', shape: [cfg.vocab_size, dim], kind: 'embedding' },
    { name: 'distilbert.embeddings.position_embeddings.weight', shape: [cfg.max_position_embeddings, dim], kind: 'embedding' },
    { name: 'distilbert.embeddings.LayerNorm.weight', shape: [dim], kind: 'norm-weight' },
    { name: 'distilbert.embeddings.LayerNorm.bias', shape: [dim], kind: 'norm-bias' },
  ];
  const linear = (name: string, inDim: number, outDim: number): void => {
    specs.push({ name: `${name}.weight`, shape: [inDim, outDim], kind: 'linear' });
    specs.push({ name: `${name}.bias`, shape: [outDim], kind: 'bias' });
  };
  const norm = (name: string): void => {
    specs.push({ name: `${name}.weight`, shape: [dim], kind: 'norm-weight' });
    specs.push({ name: `${name}.bias`, shape: [dim], kind: 'norm-bias' });
  };
  for (let i = 0; i < cfg.n_layers; i++) {
    const p = `distilbert.transformer.layer.${i}`;
    for (const lin of ['q_lin', 'k_lin', 'v_lin', 'out_lin']) linear(`${p}.attention.${lin}`, dim, dim);
    norm(`${p}.sa_layer_norm`);
    linear(`${p}.ffn.lin1`, dim, hidden);
    linear(`${p}.ffn.lin2`, hidden, dim);
    norm(`${p}.output_layer_norm`);
  }
  linear('pre_classifier', dim, dim);
  linear('classifier', dim, 2);
  return specs;
}

/**
 * Hugging Face's _init_weights: linear and embedding weights ~ N(0, initializer_range), biases 0, LayerNorm 1/0,
 * the [PAD] row (id 0) of the word embeddings 0. Drawn in spec order from one seeded stream.
 */
export function initParams(cfg: DemoModelConfig, seed: number): NamedArrays {
  const rng = new Rng(seed);
  const out: NamedArrays = {};
  for (const spec of paramSpecs(cfg)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    if (spec.kind === 'embedding' || spec.kind === 'linear') {
      for (let i = 0; i < size; i++) data[i] = rng.normal() * cfg.initializer_range;
    } else if (spec.kind === 'norm-weight') data.fill(1);
    if (spec.name === 'distilbert.embeddings.word_embeddings.weight') data.fill(0, 0, cfg.dim);
    out[spec.name] = { shape: spec.shape, data };
  }
  return out;
}
