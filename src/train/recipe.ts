/** Everything that determines a training run's result, saved in checkpoints and the model card. */
import { DEMO_MODEL, type DemoModelConfig } from './config.js';

export interface Recipe {
  model: DemoModelConfig;
  seed: number;
  epochs: number;
  batchSize: number;
  /** Peak learning rate (AdamW). */
  lr: number;
  /** Fraction of all steps spent warming the learning rate up linearly from 0; then linear decay to 0. */
  warmup: number;
  weightDecay: number;
  /** Truncation length in tokens, [CLS] and [SEP] included. */
  maxLength: number;
}

export const DEFAULT_RECIPE: Recipe = {
  model: DEMO_MODEL,
  seed: 42,
  epochs: 2,
  batchSize: 64,
  lr: 1e-3,
  warmup: 0.06,
  weightDecay: 0.01,
  maxLength: 64,
};

/** Learning rate for update number `step` (0-based) of `total`. */
export function learningRate(recipe: Recipe, step: number, total: number): number {
  const warm = Math.max(1, Math.round(recipe.warmup * total));
  if (step < warm) return (recipe.lr * (step + 1)) / warm;
  return recipe.lr * Math.max(0, (total - step) / Math.max(1, total - warm));
}
