/**
 * Multiple-comparison adjustments (statsmodels.stats.multitest.multipletests): adjusted p-values in the input
 * order. BH ranks by sorted position (the step Giskard gets wrong: argsort order is not rank).
 */

function ascendingOrder(p: ArrayLike<number>): number[] {
  return Array.from({ length: p.length }, (_, i) => i).sort((i, j) => p[i] - p[j]);
}

/** Bonferroni: min(1, m p). */
export function bonferroni(p: ArrayLike<number>): number[] {
  const m = p.length;
  return Array.from(p, (v) => Math.min(1, v * m));
}

/** Holm step-down: running maximum of (m - i) p_(i) over the sorted p-values (i from 0), capped at 1. */
export function holm(p: ArrayLike<number>): number[] {
  const m = p.length;
  const order = ascendingOrder(p);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, i) => {
    running = Math.max(running, (m - i) * p[idx]);
    out[idx] = Math.min(1, running);
  });
  return out;
}

/** Benjamini-Hochberg step-up: running minimum from the largest of m p_(i) / i (i from 1), capped at 1. */
export function fdr_bh(p: ArrayLike<number>): number[] {
  const m = p.length;
  const order = ascendingOrder(p);
  const out = new Array<number>(m);
  let running = Infinity;
  for (let i = m - 1; i >= 0; i--) {
    const idx = order[i];
    running = Math.min(running, (p[idx] * m) / (i + 1));
    out[idx] = Math.min(1, running);
  }
  return out;
}
