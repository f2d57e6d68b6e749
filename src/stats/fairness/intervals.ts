/**
 * Small-sample-valid intervals for the labelled-data metrics, at any confidence level (so that the same code
 * gives marginal 95% intervals and Šidák-simultaneous ones over k subgroups):
 * - a rate k/n: Wilson score interval with continuity correction (never zero-width, also for 0/n and n/n; always
 *   contains k/n; the correction keeps coverage near 95% for the handful of texts a small subgroup has);
 * - a difference of two independent rates (subgroup versus background): Newcombe's hybrid score interval with
 *   continuity correction (Newcombe 1998, method 11), built from the two Wilson intervals: holds the estimate,
 *   never zero-width;
 * - a Mann-Whitney AUC of two independent samples: the union of Newcombe's (2006) score interval (width also at
 *   an AUC of 0 or 1: a perfect separation of 20 against 20 texts is not zero-width) and DeLong's interval on the
 *   logit scale (the data's own placement variance, ties counted one half); bounds stay in [0, 1] and the
 *   estimate always lies inside.
 * Why by hand: the formulas are short, and no maintained JavaScript library has Newcombe or a weighted DeLong.
 */
import { normalPpf } from '../distributions.js';

export type Bounds = [number, number];

/** The normal quantile of a two-sided interval at `level`. */
export const zOf = (level: number): number => normalPpf(0.5 + level / 2);

/** Per-interval level that makes k independent intervals hold jointly at `level` (Šidák). */
export const sidakLevel = (level: number, k: number): number => (k <= 1 ? level : level ** (1 / k));

/** Wilson score interval with continuity correction (Newcombe 1998, single-proportion method 4; R prop.test). */
export function wilson(k: number, n: number, level = 0.95): Bounds {
  if (!(n > 0)) return [NaN, NaN];
  const z = zOf(level);
  const z2 = z * z;
  const q = k / n;
  const denom = 2 * (n + z2);
  const low = (2 * n * q + z2 - 1 - z * Math.sqrt(Math.max(0, z2 - 2 - 1 / n + 4 * q * (n * (1 - q) + 1)))) / denom;
  const high = (2 * n * q + z2 + 1 + z * Math.sqrt(Math.max(0, z2 + 2 - 1 / n + 4 * q * (n * (1 - q) - 1)))) / denom;
  // 0/n has lower bound 0, n/n upper bound 1; the bounds always hold k/n.
  return [k <= 0 ? 0 : Math.min(q, Math.max(0, low)), k >= n ? 1 : Math.max(q, Math.min(1, high))];
}

/** Newcombe's hybrid score interval of k1/n1 − k2/n2 (independent samples), from the continuity-corrected Wilson limits (method 11). */
export function newcombe(k1: number, n1: number, k2: number, n2: number, level = 0.95): Bounds {
  if (!(n1 > 0 && n2 > 0)) return [NaN, NaN];
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const [l1, u1] = wilson(k1, n1, level);
  const [l2, u2] = wilson(k2, n2, level);
  const d = p1 - p2;
  return [
    Math.max(-1, d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
    Math.min(1, d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)),
  ];
}

/** The interval of |x| from an interval of x. */
export function absBounds([lo, hi]: Bounds): Bounds {
  if (Number.isNaN(lo) || Number.isNaN(hi)) return [NaN, NaN];
  return [lo > 0 ? lo : hi < 0 ? -hi : 0, Math.max(Math.abs(lo), Math.abs(hi))];
}

/**
 * AUC = P(x > y) + ½ P(x = y) of two samples given as counts per tie block (blocks ascend with the score):
 * `x[b]`, `y[b]` texts of each sample in block b. Returns the AUC, DeLong's variance and the sample sizes.
 */
export function delong(x: ArrayLike<number>, y: ArrayLike<number>): { auc: number; variance: number; m: number; n: number } {
  let m = 0;
  let n = 0;
  for (let b = 0; b < x.length; b++) {
    m += x[b];
    n += y[b];
  }
  if (m === 0 || n === 0) return { auc: NaN, variance: NaN, m, n };
  // Placements: a block's x texts beat the y texts below it (and half of those tied); y texts likewise lose.
  let yBelow = 0;
  let sum = 0;
  for (let b = 0; b < x.length; b++) {
    sum += x[b] * (yBelow + 0.5 * y[b]);
    yBelow += y[b];
  }
  const auc = sum / (m * n);
  let vx = 0;
  let vy = 0;
  yBelow = 0;
  let xBelow = 0;
  for (let b = 0; b < x.length; b++) {
    if (x[b]) vx += x[b] * ((yBelow + 0.5 * y[b]) / n - auc) ** 2;
    if (y[b]) vy += y[b] * ((m - xBelow - x[b] + 0.5 * x[b]) / m - auc) ** 2;
    yBelow += y[b];
    xBelow += x[b];
  }
  const variance = (m > 1 ? vx / (m - 1) / m : 0) + (n > 1 ? vy / (n - 1) / n : 0);
  return { auc, variance, m, n };
}

/**
 * Newcombe's (2006, Stat Med 25:559-573, method 5) variance of an AUC θ: Hanley and McNeil's with both sample
 * sizes replaced by their mean, so that it depends on θ alone and can be inverted as a score interval.
 */
function newcombeVariance(theta: number, m: number, n: number): number {
  const k = (m + n) / 2 - 1;
  return (theta * (1 - theta) * (1 + k * ((1 - theta) / (2 - theta) + theta / (1 + theta)))) / (m * n);
}

/** Root of f on [lo, hi] (f(lo) and f(hi) of opposite signs) by bisection: 60 halvings reach double precision. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  const flo = f(lo);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if ((f(mid) > 0) === (flo > 0)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * AUC interval: the union of Newcombe's score interval (method 5: the θ with (A − θ)² <= z² V(θ); stays in
 * [0, 1], has width at A = 0 or 1) and DeLong's on the logit scale (which follows ties and the data's own
 * placement variance, where 0 < A < 1). Always contains the estimate.
 */
export function aucInterval(d: { auc: number; variance: number; m: number; n: number }, level = 0.95): Bounds {
  const a = d.auc;
  if (!Number.isFinite(a)) return [NaN, NaN];
  const z2 = zOf(level) ** 2;
  const f = (t: number) => (a - t) ** 2 - z2 * newcombeVariance(t, d.m, d.n);
  let lo = a <= 0 ? 0 : bisect(f, 0, a);
  let hi = a >= 1 ? 1 : bisect(f, a, 1);
  if (a > 0 && a < 1 && d.variance > 0) {
    const half = (zOf(level) * Math.sqrt(d.variance)) / (a * (1 - a));
    const centre = Math.log(a / (1 - a));
    const expit = (t: number) => 1 / (1 + Math.exp(-t));
    lo = Math.min(lo, expit(centre - half));
    hi = Math.max(hi, expit(centre + half));
  }
  return [lo, hi];
}
