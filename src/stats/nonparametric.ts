/**
 * Rank tests with scipy's default method selection (scipy 1.17/1.18), two-sided.
 * Each function documents which null distribution it uses and when, because that choice is what makes the
 * p-values agree with scipy.
 */
import { chi2Sf, normalSf } from './distributions.js';
import { correlationPValue, pearsonr, type TestResult } from './parametric.js';
import { rankAverage, tieTerm } from './rank.js';
import type { Sample } from './descriptive.js';

/** Number of ways to pick subsets of {w_1..w_n} (integer weights) by their weight sum, as probabilities. */
function subsetSumDistribution(weights: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  let dist = new Float64Array(total + 1);
  dist[0] = 1;
  let reach = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    const next = new Float64Array(total + 1);
    for (let s = 0; s <= reach; s++) {
      const p = dist[s] * 0.5;
      if (p === 0) continue;
      next[s] += p;
      next[s + w] += p;
    }
    reach += w;
    dist = next;
  }
  return dist;
}

const signedRankCache = new Map<number, Float64Array>();

/** Exact null distribution of the signed-rank sum R+ for n untied, non-zero differences. */
export function signedRankDistribution(n: number): Float64Array {
  let dist = signedRankCache.get(n);
  if (!dist) {
    dist = subsetSumDistribution(Array.from({ length: n }, (_, i) => i + 1));
    signedRankCache.set(n, dist);
  }
  return dist;
}

function tailAtLeast(dist: Float64Array, k: number): number {
  let s = 0;
  for (let i = Math.max(0, k); i < dist.length; i++) s += dist[i];
  return s;
}

function tailAtMost(dist: Float64Array, k: number): number {
  let s = 0;
  for (let i = 0; i <= Math.min(k, dist.length - 1); i++) s += dist[i];
  return s;
}

/**
 * Wilcoxon signed-rank test (scipy.stats.wilcoxon defaults: zero_method 'wilcox', correction=False,
 * method 'auto'). Statistic: min(R+, R-). Method, as scipy picks it:
 * - n > 50 (zeros included): normal approximation with tie correction (no continuity correction);
 * - n <= 50, no ties and no zeros: exact null distribution of R+;
 * - ties or zeros and n <= 13: scipy runs an exhaustive sign-flip permutation of R+; we compute the same
 *   distribution exactly (ranks are half-integers, so doubled ranks give an integer subset-sum);
 * - otherwise: normal approximation.
 */
export function wilcoxon(x: Sample, y?: Sample): TestResult {
  const nAll = x.length;
  const d: number[] = [];
  let zeros = 0;
  for (let i = 0; i < nAll; i++) {
    const v = y ? x[i] - y[i] : x[i];
    if (v === 0) zeros++;
    else d.push(v);
  }
  const n = d.length;
  if (n === 0) return [NaN, NaN];
  const { ranks, ties } = rankAverage(d.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  for (let i = 0; i < n; i++) {
    if (d[i] > 0) rPlus += ranks[i];
    else rMinus += ranks[i];
  }
  const statistic = Math.min(rPlus, rMinus);
  const tied = ties.length > 0;
  let p: number;
  if (nAll <= 50 && !tied && zeros === 0) {
    const dist = signedRankDistribution(n);
    p = 2 * Math.min(tailAtLeast(dist, Math.floor(rPlus)), tailAtMost(dist, Math.ceil(rPlus)));
  } else if (nAll <= 50 && nAll <= 13) {
    const dist = subsetSumDistribution(Array.from(ranks, (r) => Math.round(2 * r)));
    const observed = Math.round(2 * rPlus);
    p = 2 * Math.min(tailAtLeast(dist, observed), tailAtMost(dist, observed));
  } else {
    p = signedRankNormalP(rPlus, n, tieTerm(ties));
  }
  return [statistic, Math.min(1, p)];
}

/** Two-sided normal-approximation p for R+ with tie correction, as scipy's asymptotic method (correction=False). */
export function signedRankNormalP(rPlus: number, n: number, tieSum: number): number {
  const se = Math.sqrt((n * (n + 1) * (2 * n + 1) - tieSum / 2) / 24);
  const z = (rPlus - (n * (n + 1)) / 4) / se;
  return Math.min(1, 2 * normalSf(Math.abs(z)));
}

/** Null distribution of the Mann-Whitney U for sizes (m, n) without ties, as probabilities indexed by U. */
function mannWhitneyDistribution(m: number, n: number): Float64Array {
  // Choose the smaller sample as the subset: U = (sum of its ranks) - k(k+1)/2.
  const k = Math.min(m, n);
  const N = m + n;
  const maxU = m * n;
  // ways[j][u]: subsets of size j of the items seen so far whose "U" (rank sum minus j(j+1)/2) is u.
  const ways: Float64Array[] = Array.from({ length: k + 1 }, () => new Float64Array(maxU + 1));
  ways[0][0] = 1;
  for (let i = 1; i <= N; i++) {
    // Descending j updates in place: row j - 1 still holds the counts before item i.
    for (let j = Math.min(i, k); j >= 1; j--) {
      // Adding item i as the j-th member raises the rank sum by i and the offset by j: U grows by i - j.
      const shift = i - j;
      const from = ways[j - 1];
      const to = ways[j];
      for (let u = maxU - shift; u >= 0; u--) if (from[u] !== 0) to[u + shift] += from[u];
    }
  }
  const counts = ways[k];
  let total = 0;
  for (const c of counts) total += c;
  return counts.map((c) => c / total);
}

/**
 * Mann-Whitney U (scipy.stats.mannwhitneyu, two-sided, use_continuity=True, method 'auto'). Statistic: U1 of x.
 * Exact null distribution when either sample has at most 8 values and there are no ties; otherwise the normal
 * approximation with tie correction and continuity correction.
 */
export function mannwhitneyu(x: Sample, y: Sample): TestResult {
  const n1 = x.length;
  const n2 = y.length;
  const all = new Float64Array(n1 + n2);
  all.set(Array.from(x), 0);
  all.set(Array.from(y), n1);
  const { ranks, ties } = rankAverage(all);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u = Math.max(u1, n1 * n2 - u1);
  let p: number;
  if ((n1 <= 8 || n2 <= 8) && ties.length === 0) {
    p = 2 * tailAtLeast(mannWhitneyDistribution(n1, n2), Math.round(u));
  } else {
    const n = n1 + n2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm(ties) / (n * (n - 1))));
    p = 2 * normalSf((u - (n1 * n2) / 2 - 0.5) / s);
  }
  return [u1, Math.min(1, p)];
}

/** Kruskal-Wallis H (scipy.stats.kruskal): tie-corrected H against chi-square with k - 1 df. */
export function kruskal(...groups: Sample[]): TestResult {
  const sizes = groups.map((g) => g.length);
  const N = sizes.reduce((a, b) => a + b, 0);
  const all = new Float64Array(N);
  let offset = 0;
  for (const g of groups) {
    all.set(Array.from(g), offset);
    offset += g.length;
  }
  const { ranks, ties } = rankAverage(all);
  let h = 0;
  offset = 0;
  for (const size of sizes) {
    let r = 0;
    for (let i = 0; i < size; i++) r += ranks[offset + i];
    h += (r * r) / size;
    offset += size;
  }
  h = (12 / (N * (N + 1))) * h - 3 * (N + 1);
  h /= 1 - tieTerm(ties) / (N * N * N - N);
  return [h, chi2Sf(h, groups.length - 1)];
}

/**
 * Friedman test (scipy.stats.friedmanchisquare): each argument is one treatment (group) measured on the same
 * n blocks. Ranks within each block, tie-corrected, chi-square with k - 1 df.
 */
export function friedmanchisquare(...treatments: Sample[]): TestResult {
  const k = treatments.length;
  if (k < 3) throw new RangeError('friedmanchisquare: at least 3 treatments are needed');
  const n = treatments[0].length;
  if (treatments.some((t) => t.length !== n)) throw new RangeError('friedmanchisquare: unequal lengths');
  const rankSums = new Float64Array(k);
  const row = new Float64Array(k);
  let tieSum = 0;
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < k; j++) row[j] = treatments[j][b];
    const { ranks, ties } = rankAverage(row);
    for (let j = 0; j < k; j++) rankSums[j] += ranks[j];
    tieSum += tieTerm(ties);
  }
  let ss = 0;
  for (let j = 0; j < k; j++) ss += rankSums[j] * rankSums[j];
  const c = 1 - tieSum / (k * (k * k - 1) * n);
  const chisq = ((12 / (k * n * (k + 1))) * ss - 3 * n * (k + 1)) / c;
  return [chisq, chi2Sf(chisq, k - 1)];
}

/** Spearman rank correlation (scipy.stats.spearmanr): Pearson r of average ranks, t-based two-sided p. */
export function spearmanr(x: Sample, y: Sample): TestResult {
  const rx = rankAverage(x).ranks;
  const ry = rankAverage(y).ranks;
  const [r] = pearsonr(rx, ry);
  return [r, correlationPValue(r, x.length - 2)];
}
