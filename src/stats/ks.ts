/**
 * Two-sample Kolmogorov-Smirnov test (scipy.stats.ks_2samp, two-sided, method 'auto'): exact when the larger
 * sample has at most 10,000 values, else the asymptotic p from the one-sample distribution kstwo(n = round(mn/(m+n))).
 */
import { logChoose, logFactorial } from './special.js';
import type { Sample } from './descriptive.js';
import type { TestResult } from './parametric.js';

const MAX_EXACT_N = 10_000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The largest distance between the two empirical CDFs. */
function ksStatistic(x: Float64Array, y: Float64Array): number {
  const n1 = x.length;
  const n2 = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 && j < n2) {
    const v = Math.min(x[i], y[j]);
    while (i < n1 && x[i] === v) i++;
    while (j < n2 && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / n1 - j / n2));
  }
  return d;
}

/**
 * P(D >= h/n) for two samples of equal size n: 2 Σ_k (-1)^(k-1) C(2n, n-kh) / C(2n, n) (reflection principle),
 * evaluated nested from the innermost term so the alternating sum does not cancel.
 */
function equalSizeTail(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 1; k--) {
    // ratio C(2n, n-kh) / C(2n, n-(k-1)h) as a product of h factors.
    let ratio = 1;
    for (let j = (k - 1) * h; j < k * h; j++) ratio *= (n - j) / (n + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D >= d) for sizes n1 != n2: walk the lattice paths from (0,0) to (n1,n2) with their sampling-without-
 * replacement step probabilities and add up the mass that first touches |i n2 - j n1| >= hg. Summing the
 * absorbed mass (instead of 1 - mass inside) keeps small p-values accurate.
 */
function latticeTail(n1: number, n2: number, bound: number): number {
  let row = new Float64Array(n2 + 1);
  row[0] = 1;
  let outside = 0;
  for (let i = 0; i <= n1; i++) {
    const next = new Float64Array(n2 + 1);
    for (let j = 0; j <= n2; j++) {
      const mass = row[j];
      if (mass === 0) continue;
      const left = n1 + n2 - i - j;
      if (left === 0) continue;
      if (i < n1) {
        const pm = (mass * (n1 - i)) / left;
        if (Math.abs((i + 1) * n2 - j * n1) >= bound) outside += pm;
        else next[j] += pm;
      }
      if (j < n2) {
        const pm = (mass * (n2 - j)) / left;
        if (Math.abs(i * n2 - (j + 1) * n1) >= bound) outside += pm;
        else row[j + 1] += pm;
      }
    }
    row = next;
  }
  return outside;
}

export function ks_2samp(x: Sample, y: Sample): TestResult {
  const a = Float64Array.from(x).sort();
  const b = Float64Array.from(y).sort();
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('ks_2samp: empty sample');
  let d = ksStatistic(a, b);
  if (Math.max(n1, n2) <= MAX_EXACT_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    d = h / lcm;
    if (h === 0) return [d, 1];
    const p = n1 === n2 ? equalSizeTail(n1, h) : latticeTail(n1, n2, h * g);
    return [d, Math.min(1, Math.max(0, p))];
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  return [d, Math.min(1, Math.max(0, kstwoSf(d, Math.round((m * n) / (m + n)))))];
}

/** One-sided Smirnov P(D+_n >= d), Birnbaum-Tingey formula (all terms positive, summed in log space). */
export function smirnovSf(n: number, d: number): number {
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  let s = 0;
  const jmax = Math.floor(n * (1 - d) + 1e-12);
  for (let j = 0; j <= jmax; j++) {
    const a = 1 - d - j / n;
    if (a <= 0 && n - j > 0) continue;
    const logTerm = logChoose(n, j) + (n - j) * Math.log(a) + (j - 1) * Math.log(d + j / n);
    s += Math.exp(logTerm);
  }
  return Math.min(1, d * s);
}

/**
 * P(D_n < d) by the Durbin matrix method (Marsaglia, Tsang & Wang 2003, "Evaluating Kolmogorov's distribution",
 * J. Stat. Softw. 8(18)): the (k,k) entry of H^n times n!/n^n, with decimal exponent tracking against overflow.
 */
export function kolmogorovDurbinCdf(n: number, d: number): number {
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const h = k - n * d;
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 < 0 ? 0 : 1;
  for (let i = 0; i < m; i++) {
    H[i * m] -= h ** (i + 1);
    H[(m - 1) * m + i] -= h ** (m - i);
  }
  H[(m - 1) * m] += 2 * h - 1 > 0 ? (2 * h - 1) ** m : 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const span = i - j + 1;
      if (span > 0) H[i * m + j] /= Math.exp(logFactorial(span));
    }
  }
  const { matrix, exponent } = matrixPower(H, m, n);
  let s = matrix[(k - 1) * m + (k - 1)];
  let e = exponent;
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n;
    if (s < 1e-140) {
      s *= 1e140;
      e -= 140;
    }
  }
  return s * 10 ** e;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l];
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j] += ail * b[l * m + j];
    }
  }
  return out;
}

function matrixPower(a: Float64Array, m: number, n: number): { matrix: Float64Array; exponent: number } {
  if (n === 1) return { matrix: a.slice(), exponent: 0 };
  const half = matrixPower(a, m, Math.floor(n / 2));
  let matrix = multiply(half.matrix, half.matrix, m);
  let exponent = 2 * half.exponent;
  if (n % 2 === 1) matrix = multiply(a, matrix, m);
  let max = 0;
  for (const v of matrix) max = Math.max(max, Math.abs(v));
  if (max > 1e140) {
    for (let i = 0; i < matrix.length; i++) matrix[i] *= 1e-140;
    exponent += 140;
  }
  return { matrix, exponent };
}

/** Limiting Kolmogorov survival function P(K > x) = 2 Σ (-1)^(k-1) exp(-2 k² x²). */
export function kolmogorovSf(x: number): number {
  if (x <= 0) return 1;
  let s = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    s += (k % 2 ? 1 : -1) * term;
    if (term < 1e-18) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/** Largest Durbin matrix (m = 2k - 1) we multiply; beyond it the limiting distribution is used. */
const MAX_DURBIN_M = 301;

/**
 * P(D_n >= d) for the two-sided one-sample statistic (scipy.stats.kstwo.sf), following the region choices of
 * Simard & L'Ecuyer (2011) as scipy does: closed forms at the ends, 2 x Smirnov in the upper tail, the exact
 * Durbin matrix in the middle. Where scipy switches to the Pelz-Good approximation (large n, middle range) we keep
 * the exact matrix while it is small and fall back to the limiting Kolmogorov distribution beyond that.
 */
export function kstwoSf(d: number, n: number): number {
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 0.5) return 1;
  if (t <= 1) {
    let prob = 1;
    for (let i = 1; i <= n; i++) prob *= (i / n) * (2 * t - 1);
    return 1 - prob;
  }
  if (t >= n - 1) return 2 * (1 - d) ** n;
  const nd2 = t * d;
  const upperTail = d >= 0.5 || (n <= 140 ? nd2 > 4 : nd2 >= 2.2);
  if (upperTail) return n > 140 && nd2 >= 370 ? 0 : Math.min(1, 2 * smirnovSf(n, d));
  if (2 * (Math.floor(t) + 1) - 1 <= MAX_DURBIN_M) return Math.max(0, 1 - kolmogorovDurbinCdf(n, d));
  return kolmogorovSf(Math.sqrt(n) * d);
}
