/**
 * The point estimates and the pigeonhole bootstrap of one set of templates (the headline, or one frame), with the
 * t-type standard errors every interval and test of the probe uses.
 */
import { Estimator, UNIT_WEIGHTS } from './effects.js';
import type { Grid } from './grid.js';
import { bootSd, pigeonhole, type Draws } from './resample.js';

export interface Core {
  est: Estimator;
  draws: Draws;
  effect: Float64Array;
  mean: Float64Array;
  overall: number;
  se: Float64Array;
  meanSe: Float64Array;
  nFamilies: number;
}

/** The t-type correction of the bootstrap SD: the family draw shrinks the variance by (n - 1) / n. */
export function inflation(n: number): number {
  return n > 1 ? Math.sqrt(n / (n - 1)) : NaN;
}

/** Standard errors of the effects from a run's bootstrap draws (t-type corrected). */
export function effectSes(draws: Draws, groups: number, nFamilies: number): Float64Array {
  const k = inflation(nFamilies);
  return Float64Array.from({ length: groups }, (_, g) => k * bootSd(draws.effect.subarray(g * draws.R, (g + 1) * draws.R)));
}

export function runCore(grid: Grid, templates: number[], seed: number, R: number, prefix: string): Core {
  const est = new Estimator(grid, templates);
  const point = est.run(UNIT_WEIGHTS, undefined, true);
  const effect = Float64Array.from(point.effect);
  const mean = Float64Array.from(point.mean);
  const overall = point.overall;
  const draws = pigeonhole(est, seed, R, prefix);
  const nFamilies = est.included.filter((ts) => ts.length > 0).length;
  const k = inflation(nFamilies);
  const G = grid.groups;
  const se = effectSes(draws, G, nFamilies);
  const meanSe = Float64Array.from({ length: G }, (_, g) => k * bootSd(draws.mean.subarray(g * R, (g + 1) * R)));
  est.run(UNIT_WEIGHTS, undefined, true);
  return { est, draws, effect, mean, overall, se, meanSe, nFamilies };
}
