/**
 * The interval and test helpers the suite summaries share. Each helper seeds its own generator from the
 * caller's seed, so adding a breakdown never changes the numbers of another one.
 *
 * Items cluster: WinoBias and WinoGender items share occupations, StereoSet items share a target. Where the caller
 * passes `clusters` (one key per item), the bootstrap resamples whole clusters (all items of a drawn occupation
 * together) and the sign-flip test flips the clusters' summed differences, so that items of one occupation are
 * not counted as independent evidence (docs/statistics.md).
 */
import {
  binomtest, drawSigns, EXACT_MAX_N, mean, MONTE_CARLO_FLIPS, mulberry32, normalPpf, pearsonr, percentileInterval, signFlipExact,
  signFlipMonteCarlo, spearmanr, wilcoxon, wilson_ci,
} from '../stats/index.js';
import type { Correlation, PairedGap, Share } from './types.js';

export { DEFAULT_RESAMPLES } from '../config/defaults.js';
/** Streams kept apart: the flips do not depend on `resamples`, the bootstrap not on the flips. */
const FLIP_STREAM = 0x5bd1e995;

/** Item indices per cluster, clusters in key order (so that the draw does not depend on the item order). */
function clusterIndex(clusters: ArrayLike<string>): number[][] {
  const by = new Map<string, number[]>();
  for (let i = 0; i < clusters.length; i++) {
    const list = by.get(clusters[i]) ?? [];
    list.push(i);
    by.set(clusters[i], list);
  }
  return [...by.keys()].sort().map((k) => by.get(k)!);
}

/** Cluster bootstrap: draw clusters with replacement, the mean over every item of the drawn clusters. */
function clusterBootstrapMeanCi(values: ArrayLike<number>, groups: number[][], seed: number, resamples: number): [number, number] {
  const rng = mulberry32(seed);
  const sums = groups.map((g) => g.reduce((a, i) => a + values[i], 0));
  const sizes = groups.map((g) => g.length);
  const C = groups.length;
  const out = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    let n = 0;
    for (let k = 0; k < C; k++) {
      const c = rng.int(C);
      s += sums[c];
      n += sizes[c];
    }
    out[r] = s / n;
  }
  return percentileInterval(out);
}

/**
 * Percentile bootstrap 95% interval of the mean, resampling the values (items) with replacement, or whole
 * clusters when `clusters` (a key per item) is given.
 */
export function bootstrapMeanCi(
  values: ArrayLike<number>,
  seed: number,
  resamples: number,
  clusters?: ArrayLike<string>,
): [number, number] {
  const n = values.length;
  if (n === 0) return [NaN, NaN];
  if (clusters) return clusterBootstrapMeanCi(values, clusterIndex(clusters), seed, resamples);
  const rng = mulberry32(seed);
  const out = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[rng.int(n)];
    out[r] = s / n;
  }
  return percentileInterval(out);
}

/**
 * Two-sided sign-flip permutation p for paired differences: exact for n <= 16, else 10,000 seeded flips. With
 * `clusters`, the unit flipped is a cluster's summed difference.
 */
export function signFlipP(d: ArrayLike<number>, seed: number, clusters?: ArrayLike<string>): number {
  if (d.length === 0) return NaN;
  if (clusters) d = clusterIndex(clusters).map((g) => g.reduce((a, i) => a + d[i], 0));
  if (d.length <= EXACT_MAX_N) return signFlipExact(d);
  const table = drawSigns(mulberry32((seed ^ FLIP_STREAM) >>> 0), MONTE_CARLO_FLIPS, d.length);
  return signFlipMonteCarlo(d, table);
}

/**
 * Mean paired difference with a bootstrap interval, Wilcoxon p and sign-flip p. With `clusters` (a key per item,
 * e.g. its occupation) the interval resamples clusters, the sign-flip flips cluster sums and the Wilcoxon test
 * runs on the clusters' mean differences. Rows of one target or one occupation pass no clusters: they resample
 * their own items, and their Wilcoxon p is scipy's on the same differences.
 */
export function pairedGap(d: ArrayLike<number>, seed: number, resamples: number, clusters?: ArrayLike<string>): PairedGap {
  const n = d.length;
  if (n === 0) return { n: 0, mean: NaN, ci: [NaN, NaN], p_wilcoxon: NaN, p_perm: NaN };
  // A row of one cluster (one target, one occupation) has nothing to resample between clusters: its own items are
  // the units (otherwise its interval is zero-width and its test p = 1).
  if (clusters && new Set(Array.from(clusters)).size < 2) clusters = undefined;
  const clusterMeans = clusters ? clusterIndex(clusters).map((g) => g.reduce((a, i) => a + d[i], 0) / g.length) : null;
  return {
    n,
    mean: mean(d),
    ci: bootstrapMeanCi(d, seed, resamples, clusters),
    p_wilcoxon: wilcoxon(clusterMeans ?? d)[1],
    p_perm: signFlipP(d, seed, clusters),
  };
}

/** Share of `k` out of the `n` untied comparisons, Wilson interval, exact binomial test against 1/2. */
export function share(k: number, n: number, ties: number): Share {
  if (n === 0) return { k, n, ties, value: NaN, ci: [NaN, NaN], p: NaN };
  return { k, n, ties, value: k / n, ci: wilson_ci(k, n), p: binomtest(k, n, 0.5)[1] };
}

/** How often a < b among pairs (ties, a === b, are counted apart and left out of the test). */
export function shareLower(a: ArrayLike<number>, b: ArrayLike<number>): Share {
  let k = 0;
  let ties = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) k++;
    else if (a[i] === b[i]) ties++;
  }
  return share(k, a.length - ties, ties);
}

/** Pearson r with the Fisher z 95% interval, tanh(atanh r ± z_.975 / √(n − 3)). */
export function pearsonWithCi(x: ArrayLike<number>, y: ArrayLike<number>): Correlation {
  const n = x.length;
  const [r, p] = pearsonr(x, y);
  if (n < 4 || !Number.isFinite(r)) return { n, r, ci: [NaN, NaN], p };
  const z = Math.atanh(Math.max(-1 + 1e-15, Math.min(1 - 1e-15, r)));
  const half = normalPpf(0.975) / Math.sqrt(n - 3);
  return { n, r, ci: [Math.tanh(z - half), Math.tanh(z + half)], p };
}

/** Spearman rho with a percentile bootstrap interval over the (x, y) pairs (resamples without variation skipped). */
export function spearmanWithCi(x: ArrayLike<number>, y: ArrayLike<number>, seed: number, resamples: number): Correlation {
  const n = x.length;
  const [r, p] = spearmanr(x, y);
  if (n < 4 || !Number.isFinite(r)) return { n, r, ci: [NaN, NaN], p };
  const rng = mulberry32(seed);
  const out = new Float64Array(resamples);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  for (let k = 0; k < resamples; k++) {
    for (let i = 0; i < n; i++) {
      const j = rng.int(n);
      bx[i] = x[j];
      by[i] = y[j];
    }
    // A resample with constant x or y has no correlation (NaN); quantiles() skips NaN.
    out[k] = spearmanr(bx, by)[0];
  }
  return { n, r, ci: percentileInterval(out), p };
}
