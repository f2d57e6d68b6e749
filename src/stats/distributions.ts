/**
 * Distribution functions (normal, Student t, chi-square, binomial) built on ./special.ts.
 * Each upper tail (`*Sf`) is computed directly, so small p-values keep their relative accuracy.
 */
import { betaInc, gammaP, gammaQ, logChoose, logGamma } from './special.js';

/** erfc(x), via erfc(x) = Q(1/2, x^2) for x >= 0. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x >= 0 ? gammaQ(0.5, x * x) : 1 + gammaP(0.5, x * x);
}

export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

export function normalSf(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

// Acklam's rational approximation (relative error 1.15e-9), then one Halley step against normalCdf.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Standard normal quantile. */
export function normalPpf(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  // Halley refinement; the error term uses whichever tail is small to avoid cancellation.
  const e = p < 0.5 ? normalCdf(x) - p : 1 - p - normalSf(x);
  const u = (e * Math.sqrt(2 * Math.PI)) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** P(T > t) for Student t with `df` degrees of freedom. */
export function tSf(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const tail = 0.5 * betaInc(df / 2, 0.5, df / (df + t * t));
  return t > 0 ? tail : 1 - tail;
}

export function tCdf(t: number, df: number): number {
  return tSf(-t, df);
}

function tPdf(t: number, df: number): number {
  const logNorm = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logNorm - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** Student t quantile: Newton steps on tCdf, safeguarded by bisection on a bracket. */
export function tPpf(p: number, df: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (p === 0.5) return 0;
  // Solve in the lower tail for accuracy, then mirror.
  const lower = p < 0.5;
  const q = lower ? p : 1 - p;
  let x = Math.min(normalPpf(q), -1e-8);
  let lo = -1;
  while (tCdf(lo, df) > q) lo *= 2;
  let hi = 0;
  if (x < lo || x > hi) x = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const f = tCdf(x, df) - q;
    if (f > 0) hi = x;
    else lo = x;
    let next = x - f / tPdf(x, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) {
      x = next;
      break;
    }
    x = next;
  }
  return lower ? x : -x;
}

/** P(X > x) for chi-square with `df` degrees of freedom. */
export function chi2Sf(x: number, df: number): number {
  if (Number.isNaN(x)) return NaN;
  return gammaQ(df / 2, x / 2);
}

/** Binomial probability mass P(X = k). */
export function binomPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X <= k), summed term by term (exact enough for the n of a probe and keeps small tails accurate). */
export function binomCdf(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = 0; i <= Math.min(k, n); i++) s += binomPmf(i, n, p);
  return Math.min(1, s);
}

/** P(X >= k). */
export function binomSfInclusive(k: number, n: number, p: number): number {
  let s = 0;
  for (let i = Math.max(0, k); i <= n; i++) s += binomPmf(i, n, p);
  return Math.min(1, s);
}
