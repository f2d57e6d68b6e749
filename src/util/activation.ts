/**
 * The heads' activations, in float64 from the float32 logits: shared by the engines that compute scores and by the
 * scoring step that checks scores from anywhere (runner/score-check.ts), which must not import model/.
 */
export function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((x) => Math.exp(x - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** The two branches keep exp() from overflowing for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
