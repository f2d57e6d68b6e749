/**
 * Step 4 of the analysis: the summary. The catalogue's interval metrics (`stats.summary`: group-difference,
 * perturbation and level metrics) and the numbers without an interval claim (`stats.descriptive`), with the
 * made-up control words as context.
 */
import type { Interval, ProbeStats } from '../../result-types.js';
import type { DescriptiveName, MetricName } from '../metrics/index.js';
import { finiteMean, percentileInterval, quantiles, std } from '../descriptive.js';
import { normalPpf, tPpf } from '../distributions.js';
import { inflation, type Core } from './core.js';
import type { Design } from './design.js';
import type { Estimator } from './effects.js';
import type { Grid } from './grid.js';
import { ALPHA, probabilityInterval } from './intervals.js';
import { bootSd } from './resample.js';

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

export function summaryMetrics(core: Core, crit: number): Partial<Record<MetricName, Interval>> & { mean_score: Interval } {
  const { est, draws, effect, se, overall, nFamilies } = core;
  const R = draws.R;
  const finite = finiteGroups(core);
  const summary: Partial<Record<MetricName, Interval>> = {};
  if (finite.length > 0) {
    const maxAbs = spreadValues(effect, se).max_abs_effect;
    const low = Math.max(0, ...finite.map((g) => Math.abs(effect[g]) - crit * se[g]));
    const high = Math.max(...finite.map((g) => Math.abs(effect[g]) + crit * se[g]));
    summary.max_abs_effect = { value: maxAbs, ci: [low, high] };
    summary.effect_sd = effectSd(effect, se, draws.effect, finite, R);
  }
  summary.flip_rate = { value: est.out.flipRate, ci: percentileInterval(draws.flipRate) };
  summary.score_range_mean = { value: est.out.rangeMean, ci: percentileInterval(draws.rangeMean) };
  const overallSe = inflation(nFamilies) * bootSd(draws.overall);
  const mean_score = { value: overall, ci: probabilityInterval(overall, overallSe, Math.max(1, nFamilies - 1)) };
  return { ...summary, mean_score };
}

export function descriptiveValues(
  design: Design, core: Core, significant: number, df: number, control: ProbeStats['control'],
): Record<DescriptiveName, number> {
  const { G, B, multiFiller } = design;
  const { effect, se } = core;
  const finite = finiteGroups(core);
  const medianSe = quantiles(Float64Array.from(finite.map((g) => se[g])), [0.5])[0];
  const bonferroni = tPpf(1 - ALPHA / (2 * G), df);
  return {
    group_range: finite.length > 0 ? Math.max(...finite.map((g) => effect[g])) - Math.min(...finite.map((g) => effect[g])) : NaN,
    share_significant: significant / G,
    min_detectable_effect: (bonferroni + POWER_Z) * medianSe,
    min_p: multiFiller ? 1 / (B + 1) : 0,
    control_shift: control ? control.mean_abs_shift : NaN,
  };
}

/**
 * Between-group SD (root mean square) of the true effects: sqrt(mean_g(effect_g^2 - se_g^2)), the sampling
 * variance subtracted. Interval: basic bootstrap on the squared scale (2Q - quantiles of Q*), clamped at 0, so that
 * the bootstrap's own added noise is not counted as spread.
 */
function effectSd(effect: Float64Array, se: Float64Array, draws: Float64Array, units: number[], R: number): Interval {
  const q = (value: (g: number) => number) => finiteMean(units.map((g) => value(g) ** 2 - se[g] ** 2));
  const Q = q((g) => effect[g]);
  // (sqrt(max(0, Q)) is spreadValues' effect_sd: the same number.)
  const boot = Float64Array.from({ length: R }, (_, r) => q((g) => draws[g * R + r]));
  const [lo, hi] = percentileInterval(boot);
  const root = (x: number) => Math.sqrt(Math.max(0, x));
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
