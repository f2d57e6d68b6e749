/** Tests and intervals built on the normal / Student t model (scipy.stats names and conventions). */
import { tPpf, tSf } from './distributions.js';
import { mean, std, type Sample } from './descriptive.js';

export type TestResult = [statistic: number, pvalue: number];

/** Paired t-test (scipy.stats.ttest_rel, two-sided): t = mean(a-b) / (sd(a-b)/√n), df = n - 1. */
export function ttest_rel(a: Sample, b: Sample): TestResult {
  const n = a.length;
  if (b.length !== n) throw new RangeError('ttest_rel: samples differ in length');
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = a[i] - b[i];
  const t = mean(d) / (std(d, 1) / Math.sqrt(n));
  return [t, Math.min(1, 2 * tSf(Math.abs(t), n - 1))];
}

/** Confidence interval for the mean from the t distribution (scipy.stats.t.interval with loc=mean, scale=sem). */
export function t_ci_mean(x: Sample, confidence = 0.95): [number, number] {
  const n = x.length;
  const m = mean(x);
  const half = tPpf(0.5 + confidence / 2, n - 1) * (std(x, 1) / Math.sqrt(n));
  return [m - half, m + half];
}

/** Pearson correlation with the two-sided p from the exact null distribution (scipy.stats.pearsonr). */
export function pearsonr(x: Sample, y: Sample): TestResult {
  const n = x.length;
  if (y.length !== n) throw new RangeError('pearsonr: samples differ in length');
  if (n < 2) return [NaN, NaN];
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  if (n === 2) return [r, 1];
  return [r, correlationPValue(r, n - 2)];
}

/** Two-sided p for a correlation r with `df` = n - 2: the t test t = r √(df / (1 - r²)). */
export function correlationPValue(r: number, df: number): number {
  if (Math.abs(r) === 1) return 0;
  // (1 - r)(1 + r) instead of 1 - r² keeps precision when |r| is near 1.
  const t = r * Math.sqrt(df / ((1 - r) * (1 + r)));
  return Math.min(1, 2 * tSf(Math.abs(t), df));
}
