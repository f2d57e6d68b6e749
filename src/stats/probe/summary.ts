/**
 * Step 4 of the analysis: the summary. The catalogue's interval metrics (`stats.summary`: group-difference,
 * perturbation and level metrics) and the numbers without an interval claim (`stats.descriptive`), with the
 * made-up control words as context.
 */
import type { Interval, ProbeStats } from '../../result/index.js';
import type { DescriptiveName, MetricName } from '../../result/index.js';
import { finiteMean, percentileInterval, quantiles, std } from '../descriptive.js';
import { normalPpf, tPpf } from '../distributions.js';
import { inflation, type Core } from './core.js';
import type { Design } from './design.js';
import type { Estimator } from './effects.js';
import type { Grid } from './grid.js';
import { MIN_FAMILIES } from './group-tests.js';
import { ALPHA, probabilityInterval, simultaneousCritical } from './intervals.js';
import type { Rng } from '../random.js';
import { gaussian, stream } from './streams.js';

const POWER_Z = normalPpf(0.8);

/** The point value of each group-difference metric from effects and their standard errors (also per resample). */
export function spreadValues(effect: ArrayLike<number>, se: ArrayLike<number>): { max_abs_effect: number; effect_sd: number } {
  let max = NaN;
  let q = 0;
  let n = 0;
  for (let g = 0; g < effect.length; g++) {
    if (!Number.isFinite(effect[g]) || !Number.isFinite(se[g])) continue;
    max = Number.isNaN(max) ? Math.abs(effect[g]) : Math.max(max, Math.abs(effect[g]));
    q += effect[g] ** 2 - se[g] ** 2;
    n++;
  }
  return { max_abs_effect: max, effect_sd: n > 0 ? Math.sqrt(Math.max(0, q / n)) : NaN };
}

/** The groups with a finite effect and SE: the ones the group-difference metrics are over. */
export function finiteGroups(core: Core): number[] {
  const all = Array.from({ length: core.effect.length }, (_, g) => g);
  return all.filter((g) => Number.isFinite(core.effect[g]) && Number.isFinite(core.se[g]));
}

export function summaryMetrics(core: Core, G: number, seed: number): Partial<Record<MetricName, Interval>> & { mean_score: Interval } {
  const { est, draws, effect, se, overall, nFamilies } = core;
  const finite = finiteGroups(core);
  const summary: Partial<Record<MetricName, Interval>> = {};
  if (finite.length > 0) {
    // Over every group with an effect, those without an SE too (seen in too few families): the findings name them.
    const maxAbs = Math.max(...Array.from(effect).filter(Number.isFinite).map(Math.abs));
    // Each group's simultaneous interval at its own df: max over groups of the lower / upper bound of |θ_g|.
    const crit = (g: number) => simultaneousCritical(G, core.df[g]);
    const enough = nFamilies >= MIN_FAMILIES;
    const low = enough ? Math.max(0, ...finite.map((g) => Math.abs(effect[g]) - crit(g) * se[g])) : NaN;
    const high = enough ? Math.min(1, Math.max(...finite.map((g) => Math.abs(effect[g]) + crit(g) * se[g]))) : NaN;
    summary.max_abs_effect = { value: maxAbs, ci: [low, high] };
    summary.effect_sd = effectSd(core, finite, seed);
    // A group with an effect but no SE (seen in too few families) is in neither metric, and nothing bounds it: the
    // upper bounds become 1, so the rules cannot pass on the groups that were measured alone.
    const unbounded = effect.some((e, g) => Number.isFinite(e) && !Number.isFinite(se[g]));
    if (unbounded && enough) for (const m of [summary.max_abs_effect, summary.effect_sd]) if (Number.isFinite(m.ci[1])) m.ci[1] = 1;
  }
  summary.flip_rate = { value: est.out.flipRate, ci: percentileInterval(draws.flipRate) };
  summary.score_range_mean = { value: est.out.rangeMean, ci: percentileInterval(draws.rangeMean) };
  const mean_score = { value: overall, ci: probabilityInterval(overall, core.overallSe, Math.max(1, nFamilies - 1)) };
  return { ...summary, mean_score };
}

export function descriptiveValues(design: Design, core: Core, significant: number, control: ProbeStats['control']): Record<DescriptiveName,
  number> {
  const { G } = design;
  const { effect, se } = core;
  const finite = finiteGroups(core);
  // 80% power for a two-sided test at the Bonferroni level (a bound on Holm's first step), each group at its own df.
  const detectable = Float64Array.from(finite.map((g) => (tPpf(1 - ALPHA / (2 * G), core.df[g]) + POWER_Z) * se[g]));
  return {
    group_range: finite.length > 0 ? Math.max(...finite.map((g) => effect[g])) - Math.min(...finite.map((g) => effect[g])) : NaN,
    share_significant: significant / G,
    min_detectable_effect: quantiles(detectable, [0.5])[0],
    min_p: 0,
    control_shift: control ? control.mean_abs_shift : NaN,
  };
}

/**
 * Between-group SD (root mean square) of the true effects, τ = sqrt(mean_g θ_g²), estimated by sqrt(max(0, Q)) with
 * Q = mean_g(θ̂_g² − SE_g²) (the sampling variance subtracted once).
 *
 * Interval: the inversion of a parametric-bootstrap test of τ = τ0 (issue 22 item 3). Q's distribution is far from
 * symmetric where the spread is small next to the SEs (a non-central chi-square), and a bootstrap centred on θ̂ has
 * the inflated spread E|θ̂|² = |θ|² + tr V: schema 3.0's basic bootstrap covered the true spread in only 72–88% of runs
 * of the few-group designs. Here, for each τ0, the world θ0 = τ0 · d (d the estimated effects' direction, mean d² = 1)
 * is drawn with the run's own errors, e*_g = k (T*_g − θ̂_g) + (u*_g − mean_h u*_h) (T* the family bootstrap with k its
 * t-type correction, u*_h ~ N(0, σ²_u / n_h) the fillers' part, none where conditional), and its own estimated
 * variance, SE*² = V_T · χ²_{F−1}/(F−1) + V_F · χ²_{df_u}/df_u (the template and filler parts on their df), so
 * Q*(τ0) = τ0² + 2 τ0 mean(d e*) + mean(e*²) − mean(SE*²). The interval is every τ0 ≥ 0 at which the observed Q lies
 * between the 2.5% and 97.5% points of Q*(τ0) (Q* grows with τ0, so each bound is found by bisection); it is widened,
 * if ever needed, to hold its own estimate.
 */
function effectSd(core: Core, units: number[], seed: number): Interval {
  const { effect, se, draws, fillers } = core;
  const R = draws.R;
  const G = effect.length;
  const n = units.length;
  const k = inflation(core.nFamilies);
  const Q = units.reduce((a, g) => a + effect[g] ** 2 - se[g] ** 2, 0) / n;
  const root = (x: number) => Math.sqrt(Math.max(0, x));
  const value = root(Q);
  if (core.nFamilies < MIN_FAMILIES) return { value, ci: [NaN, NaN] };
  const filler = units.map((g) => fillers.variance * fillers.effectCoefficient[g]);
  const meanVF = filler.reduce((a, v) => a + v, 0) / n;
  const meanVT = units.reduce((a, g) => a + se[g] ** 2, 0) / n - meanVF;
  const rng = stream(seed, 'effect_sd:fillers');
  const rngVar = stream(seed, 'effect_sd:variance');
  const u = new Float64Array(G);
  // errors[r * n + i]: draw r's error of the i-th group; C[r] = mean e*² − mean SE*².
  const errors = new Float64Array(R * n);
  const C = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let ubar = 0;
    for (let h = 0; h < G; h++) {
      u[h] = Math.sqrt(fillers.variance * fillers.inverseFillers[h]) * gaussian(rng);
      ubar += u[h] / G;
    }
    let b = 0;
    units.forEach((g, i) => {
      const e = k * (draws.effect[g * R + r] - effect[g]) + u[g] - ubar;
      errors[r * n + i] = e;
      b += e * e;
    });
    const estimatedVariance = meanVT * chiSquareShare(rngVar, core.nFamilies - 1) + meanVF * chiSquareShare(rngVar, fillers.df);
    C[r] = b / n - estimatedVariance;
  }
  const tail = 0.025;
  // Smallest τ0 in [0, 2] at which `reject(τ0)` holds, assuming it holds from some point on.
  const first = (reject: (tau: number) => boolean) => {
    if (reject(0)) return 0;
    let lo = 0;
    let hi = 2;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (reject(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  // Q*'s spread at τ0 > 0 depends on the direction of θ (the groups carrying the spread may have large or small
  // SEs: a one-filler group's is several times the others'). Two directions are tried and the union kept: the
  // estimated effects', and the one in which the errors vary most (the top eigenvector of their covariance), so that
  // a spread carried by the noisiest group is not judged with the quieter groups' noise.
  let low = Infinity;
  let high = 0;
  for (const d of [directionOf(units.map((g) => effect[g])), topDirection(errors, R, n)]) {
    const A = new Float64Array(R);
    for (let r = 0; r < R; r++) {
      let a = 0;
      for (let i = 0; i < n; i++) a += d[i] * errors[r * n + i];
      A[r] = a / n;
    }
    // Share of simulated worlds at τ0 whose Q* is at most (below) / at least (above) the observed Q.
    const share = (tau: number, below: boolean) => {
      let count = 0;
      for (let r = 0; r < R; r++) {
        const q = tau * tau + 2 * tau * A[r] + C[r];
        if (below ? q <= Q : q >= Q) count++;
      }
      return count / R;
    };
    high = Math.max(high, first((tau) => share(tau, true) <= tail));
    low = Math.min(low, first((tau) => share(tau, false) >= tail));
  }
  return { value, ci: [Math.min(low, high, value), Math.max(high, value)] };
}

/** `x` scaled to mean square 1 (the first unit's own direction when `x` is all 0). */
function directionOf(x: number[]): Float64Array {
  const n = x.length;
  const norm = Math.sqrt(x.reduce((a, v) => a + v * v, 0) / n);
  return Float64Array.from(x, (v, i) => (norm > 0 ? v / norm : i === 0 ? Math.sqrt(n) : 0));
}

/** The top eigenvector of the errors' covariance (R draws x n units), by power iteration, scaled to mean square 1. */
function topDirection(errors: Float64Array, R: number, n: number): Float64Array {
  let x: Float64Array = Float64Array.from({ length: n }, (_, i) => 1 + i / n);
  const proj = new Float64Array(R);
  for (let it = 0; it < 50; it++) {
    for (let r = 0; r < R; r++) {
      let a = 0;
      for (let i = 0; i < n; i++) a += errors[r * n + i] * x[i];
      proj[r] = a;
    }
    const next = new Float64Array(n);
    for (let r = 0; r < R; r++) for (let i = 0; i < n; i++) next[i] += errors[r * n + i] * proj[r];
    x = directionOf(Array.from(next));
  }
  return x;
}

/**
 * A draw of χ²_df / df by the Wilson–Hilferty cube (accurate to a few per cent of the quantiles for df ≥ 2, which is
 * ample for the variance estimate's own noise); 1 (no noise) without degrees of freedom.
 */
function chiSquareShare(rng: Rng, df: number): number {
  if (!(df > 0)) return 1;
  const c = 2 / (9 * df);
  return Math.max(0, 1 - c + Math.sqrt(c) * gaussian(rng)) ** 3;
}

/**
 * Made-up words in the same slot, as context: each word's shift from the average of the real groups on the same
 * templates (the same contrast as a group effect), their mean |shift| and SD, and the mean ScoreRange among them.
 * Not a significance baseline: a range over K words and one over G groups are not comparable when K != G.
 */
export function controlStats(grid: Grid, est: Estimator, headline: number[]): ProbeStats['control'] {
  const K = grid.controlFillers.length;
  if (K === 0) return null;
  const shifts = Array.from(est.out.control).filter((v) => Number.isFinite(v));
  const F = grid.fillers.length;
  const ranges = headline.map((t) => {
    const row = Array.from(grid.controlFillers, (f) => grid.cell[t * F + f]).filter((v) => Number.isFinite(v));
    return row.length > 1 ? Math.max(...row) - Math.min(...row) : NaN;
  });
  return {
    n_words: K,
    mean_abs_shift: finiteMean(shifts.map(Math.abs)),
    sd_shift: shifts.length > 1 ? std(shifts, 1) : NaN,
    score_range: finiteMean(ranges),
  };
}
