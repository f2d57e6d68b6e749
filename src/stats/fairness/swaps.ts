/**
 * Counterfactual swap statistics: each row is one counterfactual of one source text (an identity mention
 * replaced by a term of another group), with the original's and the counterfactual's score. Per set of rows
 * (an axis, or one from -> to pair): the mean score change (counterfactual minus original) and the mean |change|
 * (counterfactual token fairness gap, Garg et al. 2019), the flip rate at the threshold, each with a 95%
 * cluster-bootstrap interval over source texts (a text's counterfactuals resample together), and a Wilcoxon
 * signed-rank test on the per-source mean changes (independent units), Holm-adjusted across the pairs.
 */
import { holm } from '../multitest.js';
import { wilcoxon } from '../nonparametric.js';
import type { Estimate } from './analyze.js';
import { bootstrapValues, clusterResampler, columnInterval } from './resample.js';

export interface SwapRow {
  /** Index of the source text (the cluster). */
  source: number;
  original: number;
  counterfactual: number;
}

export interface SwapSummary {
  counterfactuals: number;
  sources: number;
  mean_change: Estimate;
  ctf_gap: Estimate;
  flip_rate: Estimate;
  /** Wilcoxon signed-rank p on the per-source mean changes (null when every change is zero or n < 1). */
  p: number | null;
}

export interface SwapOptions {
  threshold: number;
  resamples: number;
  seed: number;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Summary of one set of counterfactual rows. */
export function summarizeSwaps(rows: SwapRow[], options: SwapOptions): SwapSummary {
  const n = rows.length;
  const change = Float64Array.from(rows, (r) => r.counterfactual - r.original);
  const flip = Float64Array.from(rows, (r) => ((r.original >= options.threshold) !== (r.counterfactual >= options.threshold) ? 1 : 0));
  const ids = new Map<number, number>();
  const clusterOf = Int32Array.from(rows, (r) => {
    let c = ids.get(r.source);
    if (c === undefined) ids.set(r.source, (c = ids.size));
    return c;
  });
  const stat = (w: Float64Array | null): number[] => {
    let W = 0, d = 0, a = 0, f = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1;
      W += wi;
      d += wi * change[i];
      a += wi * Math.abs(change[i]);
      f += wi * flip[i];
    }
    return W > 0 ? [d / W, a / W, f / W] : [NaN, NaN, NaN];
  };
  const point = stat(null);
  const values = options.resamples > 0 && n > 0
    ? bootstrapValues(n, 3, stat, clusterResampler({ clusterOf }), options)
    : new Float64Array(0);
  const est = (j: number): Estimate => {
    if (!Number.isFinite(point[j])) return { value: null, ci: [null, null] };
    const [lo, hi] = values.length ? columnInterval(values, 3, j) : [NaN, NaN];
    return { value: point[j], ci: [finite(lo), finite(hi)] };
  };
  // Per-source mean change: the test's independent units.
  const sum = new Float64Array(ids.size);
  const count = new Float64Array(ids.size);
  for (let i = 0; i < n; i++) {
    sum[clusterOf[i]] += change[i];
    count[clusterOf[i]]++;
  }
  const perSource = Array.from(sum, (s, c) => s / count[c]);
  let p: number | null = null;
  if (perSource.some((x) => x !== 0)) {
    const r = wilcoxon(perSource);
    p = Number.isFinite(r[1]) ? r[1] : null;
  }
  return { counterfactuals: n, sources: ids.size, mean_change: est(0), ctf_gap: est(1), flip_rate: est(2), p };
}

/** Holm-adjusted p-values for summaries (null p stays null and is not counted in the family). */
export function holmAdjust(ps: (number | null)[]): (number | null)[] {
  const idx = ps.map((p, i) => (p === null ? -1 : i)).filter((i) => i >= 0);
  const adj = holm(idx.map((i) => ps[i]!));
  const out: (number | null)[] = ps.map(() => null);
  idx.forEach((i, k) => { out[i] = adj[k]; });
  return out;
}
