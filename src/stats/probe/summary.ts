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
    const maxAbs = spreadValues(effect, se).max_abs_effect;
    // Each group's simultaneous interval at its own df: max over groups of the lower / upper bound of |θ_g|.
    const crit = (g: number) => simultaneousCritical(G, core.df[g]);
    const enough = nFamilies >= MIN_FAMILIES;
    const low = enough ? Math.max(0, ...finite.map((g) => Math.abs(effect[g]) - crit(g) * se[g])) : NaN;
    const high = enough ? Math.min(1, Math.max(...finite.map((g) => Math.abs(effect[g]) + crit(g) * se[g]))) : NaN;
    summary.max_abs_effect = { value: maxAbs, ci: [low, high] };
    summary.effect_sd = effectSd(core, finite, seed);
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
 * Q = mean_g(θ̂_g² − SE_g²) (the sampling variance subtracted once). Interval: basic bootstrap on the squared scale,
 * [2Q − q_hi, 2Q − q_lo], from draws θ*_g = θ̂_g + k (T*_g − θ̂_g) + (u*_g − mean_h u*_h): T* the family bootstrap
 * (k its t-type correction), u*_h ~ N(0, σ²_u / n_h) the fillers' part (none where conditional), and
 * Q* = mean_g(θ*_g² − SE_g²) − mean_g SE_g², since a draw's θ*² carries SE² once more (schema 2's interval left that
 * in: the sampling variance was subtracted twice and the true spread covered in 71% of runs, issue 22).
 * Then the root, clamped at 0.
 */
function effectSd(core: Core, units: number[], seed: number): Interval {
  const { effect, se, draws, fillers } = core;
  const R = draws.R;
  const G = effect.length;
  const k = inflation(core.nFamilies);
  const meanSe2 = units.reduce((a, g) => a + se[g] ** 2, 0) / units.length;
  const Q = units.reduce((a, g) => a + effect[g] ** 2 - se[g] ** 2, 0) / units.length;
  const root = (x: number) => Math.sqrt(Math.max(0, x));
  if (core.nFamilies < MIN_FAMILIES) return { value: root(Q), ci: [NaN, NaN] };
  const rng = stream(seed, 'effect_sd:fillers');
  const u = new Float64Array(G);
  const boot = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    let ubar = 0;
    for (let h = 0; h < G; h++) {
      u[h] = Math.sqrt(fillers.variance * fillers.inverseFillers[h]) * gaussian(rng);
      ubar += u[h] / G;
    }
    let q = 0;
    for (const g of units) {
      const theta = effect[g] + k * (draws.effect[g * R + r] - effect[g]) + u[g] - ubar;
      q += theta ** 2 - se[g] ** 2;
    }
    boot[r] = q / units.length - meanSe2;
  }
  const [lo, hi] = percentileInterval(boot);
  return { value: root(Q), ci: [root(2 * Q - hi), root(2 * Q - lo)] };
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
