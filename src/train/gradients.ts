/**
 * Gradients for the kernels the training forward uses.
 *
 * Why this file exists: in Node, `@tensorflow/tfjs-core` resolves to its CommonJS bundle, which ships the ops but
 * none of the gradient registrations (they live only in the per-file ES sources under dist/, whose extensionless
 * imports Node cannot load, and the `@tensorflow/tfjs` bundle that normally carries them is not installed). So
 * the trainer registers the ones it needs with the public tf.registerGradient API. Each is checked against
 * finite differences in test/train/gradients.test.ts. A gradient already registered (for example by
 * `@tensorflow/tfjs`) is left alone.
 */
import * as tf from '@tensorflow/tfjs-core';

type GradConfig = Parameters<typeof tf.registerGradient>[0];
type Attrs = Record<string, unknown>;

/** Sums dy over the axes that broadcasting added or stretched, back to `shape`. */
function unbroadcast(dy: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, dy.shape);
  return tf.reshape(axes.length ? tf.sum(dy, axes) : dy, shape);
}

function keepDimShape(shape: number[], axes: number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reductionAxes(attrs: Attrs, x: tf.Tensor): number[] {
  return tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
}

const configs: GradConfig[] = [
  {
    kernelName: tf.Add,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => unbroadcast(dy as tf.Tensor, a.shape), b: () => unbroadcast(dy as tf.Tensor, b.shape) }),
  },
  {
    kernelName: tf.Sub,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({
      a: () => unbroadcast(dy as tf.Tensor, a.shape),
      b: () => unbroadcast(tf.neg(dy as tf.Tensor), b.shape),
    }),
  },
  {
    kernelName: tf.Multiply,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({
      a: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(b, 'float32')), a.shape),
      b: () => unbroadcast(tf.mul(dy as tf.Tensor, tf.cast(a, 'float32')), b.shape),
    }),
  },
  {
    // Casts on the path are float-to-float (e.g. inside tf.dropout): the gradient passes through.
    kernelName: tf.Cast,
    gradFunc: (dy) => ({ x: () => tf.clone(dy as tf.Tensor) }),
  },
  { kernelName: tf.Identity, gradFunc: (dy) => ({ x: () => tf.clone(dy as tf.Tensor) }) },
  { kernelName: tf.Neg, gradFunc: (dy) => ({ x: () => tf.neg(dy as tf.Tensor) }) },
  {
    kernelName: tf.Square,
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(x, 2)) }),
  },
  {
    // d/dx x^(-1/2) = -1/2 x^(-3/2)
    kernelName: tf.Rsqrt,
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(tf.pow(tf.rsqrt(x), 3), -0.5)) }),
  },
  {
    // d/dx erf(x) = 2/sqrt(pi) exp(-x^2)
    kernelName: tf.Erf,
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.mul(tf.exp(tf.neg(tf.square(x))), 2 / Math.sqrt(Math.PI))) }),
  },
  {
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as tf.Tensor, tf.step(x)) }),
  },
  {
    kernelName: tf.Sum,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const axes = reductionAxes(attrs, x);
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, keepDimShape(x.shape, axes)), tf.onesLike(x)) };
    },
  },
  {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const axes = reductionAxes(attrs, x);
      const count = axes.reduce((n, a) => n * x.shape[a], 1);
      return { x: () => tf.mul(tf.reshape(dy as tf.Tensor, keepDimShape(x.shape, axes)), tf.fill(x.shape, 1 / count)) };
    },
  },
  {
    kernelName: tf.Reshape,
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({ x: () => tf.reshape(dy as tf.Tensor, x.shape) }),
  },
  {
    kernelName: tf.Transpose,
    gradFunc: (dy, _saved, attrs) => {
      const perm = attrs.perm as number[];
      const inverse = perm.map((_, i) => perm.indexOf(i));
      return { x: () => tf.transpose(dy as tf.Tensor, inverse) };
    },
  },
  {
    kernelName: tf.Slice,
    inputsToSave: ['x'],
    gradFunc: (dy, [x], attrs) => {
      const [begin, size] = tf.slice_util.parseSliceParams(x, attrs.begin as number[], attrs.size as number[]);
      const paddings = x.shape.map((d, i) => [begin[i], d - begin[i] - size[i]] as [number, number]);
      return { x: () => tf.pad(dy as tf.Tensor, paddings) };
    },
  },
  {
    // y = softmax(x) along `dim`: dx = y * (dy - sum(dy * y))
    kernelName: tf.Softmax,
    outputsToSave: [true],
    gradFunc: (dy, [y], attrs) => {
      const dim = attrs.dim as number;
      const g = dy as tf.Tensor;
      return { logits: () => tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), dim, true))) };
    },
  },
  {
    kernelName: tf.BatchMatMul,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b], attrs) => {
      const g = dy as tf.Tensor;
      const tA = attrs.transposeA as boolean;
      const tB = attrs.transposeB as boolean;
      if (a.rank !== b.rank) throw new Error('BatchMatMul gradient: broadcast batch dimensions are not supported');
      // Transposes are done explicitly: wasm 4.22's matMul with transpose flags is 5-30x slower than
      // transpose + plain matMul (measured on [768,128] x [128,512]).
      const t = (x: tf.Tensor): tf.Tensor => {
        const perm = x.shape.map((_, i) => i);
        [perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]];
        return tf.transpose(x, perm);
      };
      const mm = (x: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.matMul(x, y);
      if (!tA && !tB) return { a: () => mm(g, t(b)), b: () => mm(t(a), g) };
      if (!tA && tB) return { a: () => mm(g, b), b: () => mm(t(g), a) };
      if (tA && !tB) return { a: () => mm(b, t(g)), b: () => mm(a, g) };
      return { a: () => mm(t(b), t(g)), b: () => mm(t(g), t(a)) };
    },
  },
];

let registered = false;

/** Registers the gradients above (once per process), skipping kernels that already have one. */
export function registerTrainingGradients(): void {
  if (registered) return;
  registered = true;
  for (const config of configs) if (!tf.getGradient(config.kernelName)) tf.registerGradient(config);
}
