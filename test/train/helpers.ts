import type { DemoModelConfig } from '../../src/train/config.js';
import type { EncodedSet } from '../../src/train/data.js';
import { DEFAULT_RECIPE, type Recipe } from '../../src/train/recipe.js';
import { selectBackend } from '../../src/model/backend.js';

/** A DistilBERT small enough that a training step takes milliseconds. */
export const TINY_MODEL: DemoModelConfig = {
  vocab_size: 40,
  max_position_embeddings: 16,
  dim: 16,
  n_layers: 1,
  n_heads: 2,
  hidden_dim: 32,
  dropout: 0.1,
  attention_dropout: 0.1,
  seq_classif_dropout: 0.2,
  initializer_range: 0.02,
};

export function tinyRecipe(overrides: Partial<Recipe> = {}): Recipe {
  return { ...DEFAULT_RECIPE, model: TINY_MODEL, batchSize: 8, epochs: 2, lr: 1e-2, warmup: 0.1, maxLength: 12, ...overrides };
}

/**
 * A learnable toy task: [CLS] words [SEP], label 1 when "good" (id 10) occurs more often than "bad" (id 11);
 * filler ids 12..39. Lengths vary so batches need padding.
 */
export function toyData(n: number, seed = 1): EncodedSet {
  let s = seed;
  const rand = (k: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % k;
  };
  const ids: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const words = Array.from({ length: 2 + rand(7) }, () => 12 + rand(28));
    words[rand(words.length)] = label ? 10 : 11;
    ids.push([1, ...words, 2]);
    labels.push(label);
  }
  return { ids, labels };
}

export async function useWasm(): Promise<void> {
  await selectBackend('wasm');
}
