/**
 * AdamW (Loshchilov & Hutter): dense, written with tfjs ops on tf.Variables, and lazy, written in plain
 * TypeScript over the rows of the word-embedding table that a batch touches.
 *
 * Why lazy for the word embeddings: the table is 30,522 rows but a batch uses a few hundred. A dense update reads
 * and writes all 3.9 M weights and both moments every step (about 50 ms on wasm, more than the forward), and SST-2
 * never uses most rows at all. The lazy variant (as TensorFlow's LazyAdam and PyTorch's SparseAdam) updates only
 * the touched rows, so rows of words that never occur keep their small random initialisation.
 *
 * Decoupled weight decay applies to matrices only (linear weights and embeddings), not to biases or LayerNorm, as
 * in BERT's recipe. Both variants share the step count (bias correction) and the clipping scale.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec } from './params.js';
import type { NamedArrays } from './safetensors.js';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  /** Gradients are rescaled when their global L2 norm exceeds this. */
  clipNorm: number;
}

export const ADAMW_DEFAULTS: AdamWOptions = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01, clipNorm: 1 };

/** Sum of squares of all gradients (a scalar tensor; the caller reads it once per step). */
export function squaredNorm(grads: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.addN(grads.map((g) => tf.sum(tf.square(g)))) as tf.Scalar);
}

/** The factor that brings gradients of global norm `norm` down to at most `clipNorm`. */
export function clipScale(norm: number, clipNorm: number): number {
  return Math.min(1, clipNorm / (norm + 1e-6));
}

export class AdamW {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();

  constructor(
    private readonly specs: ParamSpec[],
    private readonly params: Map<string, tf.Variable>,
    private readonly options: AdamWOptions = ADAMW_DEFAULTS,
  ) {
    for (const spec of specs) {
      this.m.set(spec.name, tf.tidy(() => tf.variable(tf.zeros(spec.shape), false)));
      this.v.set(spec.name, tf.tidy(() => tf.variable(tf.zeros(spec.shape), false)));
    }
  }

  /** Update number `step` (1-based) with learning rate `lr`, gradients multiplied by `scale` first. */
  apply(grads: Map<string, tf.Tensor>, lr: number, scale: number, step: number): void {
    const { beta1, beta2, epsilon, weightDecay } = this.options;
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    tf.tidy(() => {
      for (const spec of this.specs) {
        const g = tf.mul(grads.get(spec.name)!, scale);
        const p = this.params.get(spec.name)!;
        const m = this.m.get(spec.name)!;
        const v = this.v.get(spec.name)!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        let update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
        if (weightDecay > 0 && (spec.kind === 'linear' || spec.kind === 'embedding')) {
          update = tf.add(update, tf.mul(p, weightDecay));
        }
        p.assign(tf.sub(p, tf.mul(update, lr)));
      }
    });
  }

  /** Moments as named arrays (`m.<param>`, `v.<param>`) for a checkpoint. */
  async stateArrays(): Promise<NamedArrays> {
    const out: NamedArrays = {};
    for (const spec of this.specs) {
      out[`m.${spec.name}`] = { shape: spec.shape, data: (await this.m.get(spec.name)!.data()) as Float32Array };
      out[`v.${spec.name}`] = { shape: spec.shape, data: (await this.v.get(spec.name)!.data()) as Float32Array };
    }
    return out;
  }

  loadState(arrays: NamedArrays): void {
    for (const spec of this.specs) {
      for (const [key, vars] of [['m', this.m], ['v', this.v]] as const) {
        const a = arrays[`${key}.${spec.name}`];
        if (!a) throw new Error(`optimizer state is missing ${key}.${spec.name}`);
        tf.tidy(() => vars.get(spec.name)!.assign(tf.tensor(a.data, a.shape)));
      }
    }
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

/** Lazy AdamW over a row-major table held in a Float32Array (updated in place). */
export class LazyRowAdamW {
  readonly m: Float32Array;
  readonly v: Float32Array;

  constructor(
    readonly table: Float32Array,
    readonly width: number,
    private readonly options: AdamWOptions = ADAMW_DEFAULTS,
  ) {
    this.m = new Float32Array(table.length);
    this.v = new Float32Array(table.length);
  }

  /** `grad` holds one row of gradient per entry of `rows` (distinct row indices). */
  apply(rows: ArrayLike<number>, grad: Float32Array, lr: number, scale: number, step: number): void {
    const { beta1, beta2, epsilon, weightDecay } = this.options;
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    const { table, m, v, width } = this;
    for (let r = 0; r < rows.length; r++) {
      const base = rows[r] * width;
      for (let j = 0; j < width; j++) {
        const i = base + j;
        const g = grad[r * width + j] * scale;
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        table[i] -= lr * ((m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon) + weightDecay * table[i]);
      }
    }
  }
}
