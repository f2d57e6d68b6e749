/**
 * Counterfactual swap statistics: each row is one counterfactual of one source text (an identity mention
 * replaced by a term of another group), with the original's and the counterfactual's score. Per set of rows
 * (an axis, or one from -> to pair): the mean score change (counterfactual minus original), the mean |change|
 * (counterfactual token fairness gap, Garg et al. 2019) and the flip rate at the threshold, and a Wilcoxon
 * signed-rank test on the per-source mean changes (independent units; Holm-adjusted by the caller).
 *
 * Intervals hold at small numbers of source texts (a text's counterfactuals are one cluster):
 * - mean change and CTF gap: cluster-robust t intervals over source texts (S − 1 df, the CR1 small-sample
 *   factor S / (S − 1)), kept on their scale ([−1, 1], [0, 1]); with fewer than 3 source texts there is no
 *   interval ("too few source texts to estimate"), never a zero-width one;
 * - flip rate: a Wilson interval with the source texts as the sample size (the flips of one text counted as one
 *   text's share: conservative under clustering, never zero-width at 0 flips).
 */
import { tPpf, tSf } from '../distributions.js';
import { holm } from '../multitest.js';
import { wilcoxon } from '../nonparametric.js';
import type { Estimate } from './analyze.js';
import { wilson } from './intervals.js';
import { bootstrapValues, clusterResampler, finite, pairedColumn, type BootstrapOptions, type PairedValue } from './resample.js';

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

export interface SwapOptions extends BootstrapOptions {
  threshold: number;
}


/** Fewer source texts than this: no interval for the mean change and the CTF gap. */
export const MIN_SWAP_SOURCES = 3;

/** Summary of one set of counterfactual rows. */
export function summarizeSwaps(rows: SwapRow[], options: SwapOptions): SwapSummary {
  const n = rows.length;
  const change = Float64Array.from(rows, (r) => r.counterfactual - r.original);
  const flip = Float64Array.from(rows, (r) => ((r.original >= options.threshold) !== (r.counterfactual >= options.threshold) ? 1 : 0));
  const { clusterOf, count: sources } = clustersOf(rows);
  const point = swapMeans(change, flip)(null);
  const absChange = change.map(Math.abs);
  const est = (value: number, ci: [number, number]): Estimate =>
    Number.isFinite(value) ? { value, ci: [finite(ci[0]), finite(ci[1])] } : { value: null, ci: [null, null] };
  // Per-source mean change: the test's independent units.
  const sum = new Float64Array(sources);
  const count = new Float64Array(sources);
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
  return {
    counterfactuals: n,
    sources,
    mean_change: est(point[0], clusterT(change, clusterOf, sources, point[0], [-1, 1])),
    ctf_gap: est(point[1], clusterT(absChange, clusterOf, sources, point[1], [0, 1])),
    flip_rate: est(point[2], sources > 0 ? wilson(point[2] * sources, sources) : [NaN, NaN]),
    p,
  };
}

/**
 * Cluster-robust 95% t interval of a mean over rows grouped in S clusters: SE² = S/(S−1) · Σ_c (Σ_{i∈c} (x_i − m))² / n²,
 * t quantile with S − 1 df; clamped to `range` (the estimate stays inside). NaN bounds below MIN_SWAP_SOURCES.
 */
function clusterT(x: Float64Array, clusterOf: Int32Array, S: number, m: number, range: [number, number]): [number, number] {
  if (S < MIN_SWAP_SOURCES || !Number.isFinite(m)) return [NaN, NaN];
  const resid = new Float64Array(S);
  for (let i = 0; i < x.length; i++) resid[clusterOf[i]] += x[i] - m;
  let ss = 0;
  for (let c = 0; c < S; c++) ss += resid[c] * resid[c];
  const se = Math.sqrt((S / (S - 1)) * ss) / x.length;
  const half = tPpf(0.975, S - 1) * se;
  return [Math.max(range[0], m - half), Math.min(range[1], m + half)];
}

/**
 * The mean change's 95% interval made simultaneous over `k` pairs (Šidák): the cluster-robust t interval's half-width
 * (the side the clamp left alone) times t_{S−1} at 1 − (1 − 0.95^(1/k))/2 over t_{S−1} at 0.975, clamped to [−1, 1].
 * Null bounds where the pair has no interval (fewer than MIN_SWAP_SOURCES source texts).
 */
export function simultaneousChange(change: Estimate, sources: number, k: number): [number | null, number | null] {
  const [lo, hi] = change.ci;
  const m = change.value;
  if (m === null || lo === null || hi === null || sources < MIN_SWAP_SOURCES || k < 1) return [null, null];
  const half = Math.max(hi - m, m - lo);
  const q = tPpf(1 - (1 - 0.95 ** (1 / k)) / 2, sources - 1) / tPpf(0.975, sources - 1);
  return [Math.max(-1, m - q * half), Math.min(1, m + q * half)];
}

/** Weighted mean change, mean |change| and flip rate of the rows (`w` null = each row once). */
function swapMeans(change: Float64Array, flip: Float64Array): (w: Float64Array | null) => number[] {
  const n = change.length;
  return (w) => {
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
}

function clustersOf(rows: { source: number }[]): { clusterOf: Int32Array; count: number } {
  const ids = new Map<number, number>();
  const clusterOf = Int32Array.from(rows, (r) => {
    let c = ids.get(r.source);
    if (c === undefined) ids.set(r.source, (c = ids.size));
    return c;
  });
  return { clusterOf, count: ids.size };
}

/** One counterfactual scored by two runs: its source text's and its own score in each. */
export interface PairedSwapRow {
  source: number;
  a: { original: number; counterfactual: number };
  b: { original: number; counterfactual: number };
}

export interface PairedSwapSummary {
  counterfactuals: number;
  sources: number;
  mean_change: PairedValue;
  ctf_gap: PairedValue;
  flip_rate: PairedValue;
}

/**
 * The change between two runs of each swap statistic (B − A), with a paired interval: one cluster bootstrap over
 * source texts weighs both runs' counterfactuals alike.
 */
export function pairedSwaps(rows: PairedSwapRow[], options: SwapOptions): PairedSwapSummary {
  const side = (k: 'a' | 'b') => {
    const change = Float64Array.from(rows, (r) => r[k].counterfactual - r[k].original);
    const t = options.threshold;
    const flip = Float64Array.from(rows, (r) => ((r[k].original >= t) !== (r[k].counterfactual >= t) ? 1 : 0));
    return swapMeans(change, flip);
  };
  const statA = side('a');
  const statB = side('b');
  const { clusterOf, count } = clustersOf(rows);
  const pointA = statA(null);
  const pointB = statB(null);
  const values = options.resamples > 0 && rows.length > 0
    ? bootstrapValues(rows.length, 6, (w) => statA(w).concat(statB(w)), clusterResampler({ clusterOf }), options)
    : new Float64Array(0);
  const at = (j: number) => pairedColumn(pointA[j], pointB[j], values, 3, j);
  return { counterfactuals: rows.length, sources: count, mean_change: at(0), ctf_gap: at(1), flip_rate: at(2) };
}

/** Holm-adjusted p-values for summaries (null p stays null and is not counted in the family). */
export function holmAdjust(ps: (number | null)[]): (number | null)[] {
  const idx = ps.map((p, i) => (p === null ? -1 : i)).filter((i) => i >= 0);
  const adj = holm(idx.map((i) => ps[i]!));
  const out: (number | null)[] = ps.map(() => null);
  idx.forEach((i, k) => { out[i] = adj[k]; });
  return out;
}

/**
 * The mean of one value per source text (the swap interaction of a pair of swaps: change(both) − change(A) −
 * change(B)) with its 95% t interval (S − 1 df; none below MIN_SWAP_SOURCES texts), kept in [−2, 2], and the t test of
 * the same mean (null below MIN_SWAP_SOURCES texts or when every value is the same). The t test, not Wilcoxon's
 * signed-rank test (the first version): the estimand is the mean, and with skewed per-text values (a few texts that
 * react strongly to both swaps) a signed-rank test rejects a mean of 0 in up to 15% of runs (docs/statistics.md,
 * "Swap interactions"); the t test and its interval also cannot disagree.
 */
export function summarizeInteraction(values: number[]): { texts: number; mean: Estimate; p: number | null } {
  const S = values.length;
  if (!S) return { texts: 0, mean: { value: null, ci: [null, null] }, p: null };
  const m = values.reduce((a, b) => a + b, 0) / S;
  let ci: [number | null, number | null] = [null, null];
  let p: number | null = null;
  if (S >= MIN_SWAP_SOURCES) {
    const se = Math.sqrt(values.reduce((a, x) => a + (x - m) ** 2, 0) / (S - 1)) / Math.sqrt(S);
    const half = tPpf(0.975, S - 1) * se;
    if (half > 0) {
      ci = [Math.max(-2, m - half), Math.min(2, m + half)];
      p = Math.min(1, 2 * tSf(Math.abs(m) / se, S - 1));
    }
  }
  return { texts: S, mean: { value: m, ci }, p };
}
