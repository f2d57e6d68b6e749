/** Per-template summaries over groups: centre, spread and label flips (PSA-style, Prabhakaran et al. 2019). */
import type { Grid } from './grid.js';

export interface RowSummary {
  n: number;
  mean: number;
  median: number;
  min: number;
  max: number;
  sd: number;
}

/** Summary of the finite values among the first `length` entries of row (scratch is reused for sorting). */
export function summarizeRow(row: ArrayLike<number>, length: number, scratch: Float64Array): RowSummary {
  let n = 0;
  let s = 0;
  for (let g = 0; g < length; g++) {
    const v = row[g];
    if (!Number.isNaN(v)) {
      scratch[n++] = v;
      s += v;
    }
  }
  if (n === 0) return { n, mean: NaN, median: NaN, min: NaN, max: NaN, sd: NaN };
  const sorted = scratch.subarray(0, n).sort();
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i] - mean) ** 2;
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { n, mean, median, min: sorted[0], max: sorted[n - 1], sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/**
 * Counterfactual flip rate of one filler combination: the share of pairs of sentences from different (real)
 * groups whose predicted labels differ, i.e. TFMA's flip rate / Giskard's fail rate over all same-frame
 * group swaps (field-anchors (b) 2). With one sentence per group this is the share of group pairs whose
 * labels differ; with several (the names of one gender) every cross-group sentence pair counts once.
 * NaN when fewer than two groups have a sentence.
 */
export function flipShare(counts: Int32Array, offset: number, groups: number, labelCount: number): number {
  let pairs = 0;
  let same = 0;
  let n = 0;
  let sumSquares = 0;
  let present = 0;
  for (let g = 0; g < groups; g++) {
    let ng = 0;
    for (let l = 0; l < labelCount; l++) ng += counts[offset + g * labelCount + l];
    if (ng > 0) present++;
    n += ng;
    sumSquares += ng * ng;
  }
  if (present < 2) return NaN;
  pairs = (n * n - sumSquares) / 2;
  for (let l = 0; l < labelCount; l++) {
    let total = 0;
    let squares = 0;
    for (let g = 0; g < groups; g++) {
      const k = counts[offset + g * labelCount + l];
      total += k;
      squares += k * k;
    }
    same += (total * total - squares) / 2;
  }
  return (pairs - same) / pairs;
}

/** Flip share per (template, combo), and per template the mean over its combos. */
export function flipShares(grid: Grid): { perCombo: Float64Array[]; perTemplate: Float64Array } {
  const perTemplate = new Float64Array(grid.templates.length);
  const perCombo = grid.templates.map((info, t) => {
    const shares = new Float64Array(info.combos);
    let s = 0;
    let m = 0;
    for (let c = 0; c < info.combos; c++) {
      shares[c] = flipShare(grid.labelCounts[t], c * grid.columns * grid.labels.length, grid.groups, grid.labels.length);
      if (!Number.isNaN(shares[c])) {
        s += shares[c];
        m++;
      }
    }
    perTemplate[t] = m > 0 ? s / m : NaN;
    return shares;
  });
  return { perCombo, perTemplate };
}
