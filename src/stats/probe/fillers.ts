/**
 * The fillers' own variance, for the inference over the population of a group's fillers (docs/statistics.md §3).
 *
 * A group's effect contains the mean of its fillers' own effects ū_g, and through the template average every
 * other group's too: θ̂_g − θ_g ⊃ ū_g − (1/G) Σ_h ū_h. With filler effects of variance σ²_u (pooled: one variance
 * for every group's fillers, the stated assumption), that part has variance
 *
 *   σ²_u · [ (1 − 2/G) / n_g + (1/G²) Σ_h 1/n_h ]          (n_h: fillers of group h)
 *
 * and a pairwise difference a − b has σ²_u (1/n_a + 1/n_b). The bootstrap over families (fillers held fixed)
 * gives the template part; the two add up (core.ts), with Satterthwaite's degrees of freedom.
 *
 * σ²_u is estimated from the groups with two or more fillers by the two-way ANOVA of fillers x families within
 * each group, pooled: the filler mean square over families minus the residual's share, clamped at 0
 * (Searle, Casella & McCulloch 1992, method of moments on the balanced layout; with missing cells it is an
 * approximation). Hand-written because it runs on the analysis' own grid of cell means, per resample-free call.
 * When fewer than two groups have two or more fillers, the one-filler groups are conditional on their filler
 * (their filler is not a sample of anything the data can measure): their ū term is left out and they are labelled.
 */
import type { Estimator } from './effects.js';
import type { Grid } from './grid.js';

export interface FillerVariance {
  /** σ²_u on the probability scale; 0 when no group has two or more fillers. */
  variance: number;
  /** Degrees of freedom of the estimate: Σ (n_g − 1) over the groups with several fillers. */
  df: number;
  /** Groups with two or more fillers. */
  groupsWithSeveral: number;
  /** Per group: its filler term is left out (conditional on its one filler). */
  conditional: boolean[];
  /** Per group: the coefficient c_g of σ²_u in the variance of its effect. */
  effectCoefficient: number[];
  /** Per group: 1 / n_g where its filler term counts, else 0 (for pairs and group means). */
  inverseFillers: number[];
}

/** `est` must have been run with `detail` (its m[t, g] filled) on `templates`. */
export function fillerVariance(grid: Grid, est: Estimator, templates: number[]): FillerVariance {
  const G = grid.groups;
  const F = grid.fillers.length;
  const counts = grid.groupFillers.map((fs) => fs.length);
  const several = counts.filter((n) => n >= 2).length;
  const families = est.included.map((ts) => ts.filter((t) => templates.includes(t))).filter((ts) => ts.length > 0);
  let fillerSs = 0;
  let fillerDf = 0;
  let residualSs = 0;
  let residualDf = 0;
  for (let g = 0; g < G; g++) {
    const fs = grid.groupFillers[g];
    if (fs.length < 2) continue;
    // D[f][fam]: the filler's family-averaged deviation from its group's mean on the same templates.
    const rows = Array.from(fs, (f) => families.map((ts) => {
      let s = 0;
      let n = 0;
      for (const t of ts) {
        const v = grid.cell[t * F + f];
        const m = est.m[t * G + g];
        if (Number.isNaN(v) || Number.isNaN(m)) continue;
        s += v - m;
        n++;
      }
      return n > 0 ? s / n : NaN;
    }));
    const present = families.map((_, j) => rows.every((r) => !Number.isNaN(r[j])));
    const cols = present.filter(Boolean).length;
    if (cols < 2) continue;
    const colMean = families.map((_, j) => (present[j] ? rows.reduce((a, r) => a + r[j], 0) / rows.length : NaN));
    const rowMean = rows.map((r) => r.reduce((a, v, j) => (present[j] ? a + v - colMean[j] : a), 0) / cols);
    for (let i = 0; i < rows.length; i++) {
      fillerSs += cols * rowMean[i] ** 2;
      for (let j = 0; j < families.length; j++) if (present[j]) residualSs += (rows[i][j] - colMean[j] - rowMean[i]) ** 2;
    }
    fillerDf += rows.length - 1;
    residualDf += (rows.length - 1) * (cols - 1);
  }
  const meanCols = families.length;
  const msFiller = fillerDf > 0 ? fillerSs / fillerDf : 0;
  const msResidual = residualDf > 0 ? residualSs / residualDf : 0;
  const variance = fillerDf > 0 ? Math.max(0, (msFiller - msResidual) / meanCols) : 0;
  const conditional = counts.map((n) => n < 2 && several < 2);
  const inverseFillers = counts.map((n, g) => (conditional[g] || fillerDf === 0 ? 0 : 1 / n));
  const sumInverse = inverseFillers.reduce((a, b) => a + b, 0);
  const effectCoefficient = inverseFillers.map((inv) => (G > 0 ? (1 - 2 / G) * inv + sumInverse / (G * G) : 0));
  return { variance, df: fillerDf, groupsWithSeveral: several, conditional, effectCoefficient, inverseFillers };
}

/** Satterthwaite's degrees of freedom of a sum of two variance estimates with their own df. */
export function satterthwaite(v1: number, df1: number, v2: number, df2: number): number {
  if (!(v2 > 0) || !(df2 > 0)) return df1;
  if (!(v1 > 0) || !(df1 > 0)) return df2;
  return (v1 + v2) ** 2 / (v1 ** 2 / df1 + v2 ** 2 / df2);
}
