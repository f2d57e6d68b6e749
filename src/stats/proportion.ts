/** Binomial test and interval for a proportion. */
import { binomPmf, normalPpf } from './distributions.js';
import type { TestResult } from './parametric.js';

/**
 * Exact two-sided binomial test (scipy.stats.binomtest): p = total probability of outcomes no more likely than
 * the observed one, with scipy's relative tolerance 1e-7 on "no more likely". Statistic: k / n.
 */
export function binomtest(k: number, n: number, p = 0.5): TestResult {
  const observed = binomPmf(k, n, p);
  if (k === p * n) return [k / n, 1];
  const cutoff = observed * (1 + 1e-7);
  let total = 0;
  for (let i = 0; i <= n; i++) {
    const pi = binomPmf(i, n, p);
    if (pi <= cutoff) total += pi;
  }
  return [k / n, Math.min(1, total)];
}

/** Wilson score interval without continuity correction (statsmodels proportion_confint method='wilson'). */
export function wilson_ci(k: number, n: number, confidence = 0.95): [number, number] {
  const z = normalPpf(0.5 + confidence / 2);
  const z2 = z * z;
  const q = k / n;
  const denom = 1 + z2 / n;
  const centre = (q + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((q * (1 - q)) / n + z2 / (4 * n * n))) / denom;
  return [centre - half, centre + half];
}
