/**
 * The point estimates of one set of templates (the headline, or one frame) and their standard errors: the
 * pigeonhole bootstrap over families and crossed slots with the fillers held fixed gives the template part, the
 * fillers' own variance (fillers.ts) is added to it, and each group gets Satterthwaite's degrees of freedom for
 * the sum. Every interval and test of the probe uses these.
 */
import { Estimator, UNIT_WEIGHTS } from './effects.js';
import { fillerVariance, satterthwaite, type FillerVariance } from './fillers.js';
import type { Grid } from './grid.js';
import { bootSd, pigeonhole, type Draws } from './resample.js';

export interface Core {
  est: Estimator;
  /** Bootstrap draws with the fillers held fixed (the template and crossed-slot part). */
  draws: Draws;
  effect: Float64Array;
  mean: Float64Array;
  overall: number;
  /** Per group: SE of the effect (template and filler parts), its degrees of freedom, SE of the mean score. */
  se: Float64Array;
  df: Float64Array;
  meanSe: Float64Array;
  overallSe: number;
  nFamilies: number;
  /** Per group: the families in which it has a contrast (a sparse design, e.g. --limit, leaves some groups in few). */
  groupFamilies: Int32Array;
  fillers: FillerVariance;
}

/** Fewer paraphrase families than this: no t interval and no test ("too few templates to estimate"). */
export const MIN_FAMILIES = 3;

/** The t-type correction of the bootstrap SD: the family draw shrinks the variance by (n - 1) / n. */
export function inflation(n: number): number {
  return n > 1 ? Math.sqrt(n / (n - 1)) : NaN;
}

/** Standard errors of the effects from a run's bootstrap draws (t-type corrected). */
export function effectSes(draws: Draws, groups: number, nFamilies: number): Float64Array {
  const k = inflation(nFamilies);
  return Float64Array.from({ length: groups }, (_, g) => k * bootSd(draws.effect.subarray(g * draws.R, (g + 1) * draws.R)));
}

/** SE and df of an estimate whose template part has bootstrap SE `seTemplate` and filler part σ²_u x `coefficient`. */
export function combine(seTemplate: number, templateDf: number, fillers: FillerVariance, coefficient: number): { se: number; df: number } {
  const vT = seTemplate ** 2;
  const vF = fillers.variance * coefficient;
  return { se: Math.sqrt(vT + vF), df: satterthwaite(vT, templateDf, vF, fillers.df) };
}

/** Per group, the families whose contrast for it is defined (familyD[f * G + g] not NaN). */
export function familiesPerGroup(familyD: Float64Array, families: number, G: number): Int32Array {
  const out = new Int32Array(G);
  for (let f = 0; f < families; f++) for (let g = 0; g < G; g++) if (!Number.isNaN(familyD[f * G + g])) out[g]++;
  return out;
}

export function runCore(grid: Grid, templates: number[], seed: number, R: number, prefix: string): Core {
  const est = new Estimator(grid, templates);
  const point = est.run(UNIT_WEIGHTS, undefined, true);
  const effect = Float64Array.from(point.effect);
  const mean = Float64Array.from(point.mean);
  const overall = point.overall;
  const fillers = fillerVariance(grid, est, templates);
  const draws = pigeonhole(est, seed, R, prefix, false);
  const nFamilies = est.included.filter((ts) => ts.length > 0).length;
  const k = inflation(nFamilies);
  const G = grid.groups;
  const templateDf = Math.max(1, nFamilies - 1);
  est.run(UNIT_WEIGHTS, undefined, true);
  const groupFamilies = familiesPerGroup(est.familyD, grid.families.length, G);
  const se = new Float64Array(G);
  const df = new Float64Array(G);
  const meanSe = new Float64Array(G);
  const seT = effectSes(draws, G, nFamilies);
  for (let g = 0; g < G; g++) {
    // A group seen in fewer families than MIN_FAMILIES (when the design has enough) has no template variance to speak
    // of: in one family every bootstrap draw repeats its one contrast (SE 0). It gets no SE, so no interval and no
    // test. Groups seen in more keep the design's t-type correction and df (calibrated: docs/statistics.md).
    if (nFamilies >= MIN_FAMILIES && groupFamilies[g] < MIN_FAMILIES) {
      se[g] = df[g] = meanSe[g] = NaN;
      continue;
    }
    const e = combine(seT[g], templateDf, fillers, fillers.effectCoefficient[g]);
    se[g] = e.se;
    df[g] = e.df;
    meanSe[g] = combine(k * bootSd(draws.mean.subarray(g * R, (g + 1) * R)), templateDf, fillers, fillers.inverseFillers[g]).se;
  }
  const sumInverse = fillers.inverseFillers.reduce((a, b) => a + b, 0);
  const overallSe = combine(k * bootSd(draws.overall), templateDf, fillers, sumInverse / (G * G)).se;
  return { est, draws, effect, mean, overall, se, df, meanSe, overallSe, nFamilies, groupFamilies, fillers };
}
