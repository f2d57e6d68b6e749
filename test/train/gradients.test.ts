import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/model/backend.js';
import { registerTrainingGradients } from '../../src/train/gradients.js';

/**
 * Central differences of f at x in float64 space (f runs in float32, so the step is large and the tolerance
 * loose; a wrong gradient is off by far more).
 */
function numericGrad(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor, h = 1e-2): number[] {
  const base = Array.from(x.dataSync());
  return base.map((_, i) => {
    const at = (delta: number): number =>
      tf.tidy(() => {
        const shifted = base.slice();
        shifted[i] += delta;
        return f(tf.tensor(shifted, x.shape)).dataSync()[0];
      });
    return (at(h) - at(-h)) / (2 * h);
  });
}

function expectGradMatches(f: (x: tf.Tensor) => tf.Scalar, x: tf.Tensor): void {
  const analytic = Array.from(tf.grad(f)(x).dataSync());
  const numeric = numericGrad(f, x);
  analytic.forEach((a, i) => expect(Math.abs(a - numeric[i])).toBeLessThan(2e-3 * Math.max(1, Math.abs(numeric[i]))));
}

const seeded = (shape: number[], seed: number, offset = 0): tf.Tensor => tf.add(tf.randomUniform(shape, -1, 1, 'float32', seed), offset);

describe('registered training gradients (wasm)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
    registerTrainingGradients();
  });

  const weightsOf = (shape: number[]): tf.Tensor => seeded(shape, 99);
  const dot = (y: tf.Tensor): tf.Scalar => tf.sum(tf.mul(y, weightsOf(y.shape)));

  it.each<[string, (x: tf.Tensor) => tf.Tensor, number[], number]>([
    ['erf', (x) => tf.erf(x), [2, 3], 0],
    ['rsqrt', (x) => tf.rsqrt(x), [2, 3], 2],
    ['relu', (x) => tf.relu(x), [2, 3], 0],
    ['square, neg', (x) => tf.neg(tf.square(x)), [2, 3], 0],
    ['softmax', (x) => tf.softmax(x), [2, 4], 0],
    ['mean and sum over an axis, kept', (x) => tf.add(tf.mean(x, -1, true), tf.sum(x, 0)), [3, 4], 0],
    ['reshape, transpose', (x) => tf.transpose(tf.reshape(x, [2, 3, 2]), [2, 0, 1]), [3, 4], 0],
    ['slice', (x) => tf.slice(x, [1, 0], [2, 3]), [4, 3], 0],
    ['broadcast add, sub, mul', (x) => tf.mul(tf.sub(tf.add(x, seeded([4], 5)), seeded([3, 1], 6)), seeded([1, 4], 7)), [3, 4], 0],
    ['broadcast operand of add, sub, mul', (x) => tf.mul(tf.sub(seeded([3, 4], 5), tf.add(seeded([3, 4], 6), x)), x), [4], 0],
    ['cast float to float', (x) => tf.cast(x, 'float32'), [3], 0],
  ])('%s', (_name, op, shape, offset) => {
    const x = seeded(shape, 1, offset);
    expectGradMatches((t) => dot(op(t)), x);
  });

  it.each([
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ])('batched matMul with transposeA=%p transposeB=%p, both operands', (tA, tB) => {
    const a = seeded(tA ? [2, 3, 4, 2] : [2, 3, 2, 4], 11);
    const b = seeded(tB ? [2, 3, 5, 4] : [2, 3, 4, 5], 12);
    expectGradMatches((t) => dot(tf.matMul(t, b, tA, tB)), a);
    expectGradMatches((t) => dot(tf.matMul(a, t, tA, tB)), b);
  });
});
