/**
 * The variance of a contrast of cell means, from mean squares of the family x unit table (table.ts), with
 * Satterthwaite's degrees of freedom: the mixed model score ~ cell + (1 | family) + (1 | filler), whose estimates of a
 * balanced table are these method-of-moments ones (so its SE and df equal lmerTest's `contest` there: the parity test).
 *
 *   y[f, u] = μ_f + θ_cell(u) + Σ_s v_s(u) + e[f, u]
 *
 * with v_s the effect of the unit's filler in attribute slot s (variance σ²_s, pooled over the slot's levels: the
 * stated assumption, as for single attributes in #22) and e the family x unit residual (variance σ²_e). A contrast
 * Σ_c w_c Ȳ_c averaged over T families has variance
 *
 *   (1/T) [ MS_e Σ_c w_c² / U_c ]  +  Σ_s σ̂²_s Σ_l (Σ_{c in level l} w_c)² / n_{s,l}
 *
 * (U_c units in cell c; n_{s,l} fillers of slot s at level l) with σ̂²_s = (MS_fill,s − MS_res,s) / T, the fillers'
 * mean square within levels minus the residual's, left out when not positive (clamped at 0, as lme4's REML does).
 * One slot ([name.ethnicity, name.gender]): the slot's level is the cell and its residual is MS_e itself, so the
 * two MS_e terms merge and a balanced table with several fillers per cell gives Σ w² MS_fill / (nT) on
 * K(n − 1) df, as lmerTest. Levels with one filler borrow σ̂²_s when at least two levels have several, else they are
 * conditional on their filler (its term left out), as #22 does for groups. Hand-written: a few sums of squares over
 * the analysis' own table; no library fits this per contrast without refitting.
 */
import type { FactorialTable } from './table.js';

interface MeanSquare {
  ms: number;
  df: number;
}

export interface SlotVariance {
  slot: string;
  /** Per filler of the slot: its level (index into `levels`). */
  levels: string[];
  fillers: string[];
  fillerLevel: number[];
  /** Fillers per level. */
  n: number[];
  fill: MeanSquare;
  /** The slot table's two-way residual (the global one when the cross has one slot). */
  residual: MeanSquare;
  /** σ̂²_s; 0 when clamped or not estimable (fewer than two fillers in every level). */
  variance: number;
  /** Per level: its term counts (several fillers, or one filler borrowing the pooled variance). */
  counts: boolean[];
}

export interface VarianceModel {
  T: number;
  residual: MeanSquare;
  slots: SlotVariance[];
  /** The cross has one attribute slot: its residual is the global one. */
  oneSlot: boolean;
}

/** Two-way (rows x families) residual mean square of a complete table v[f * R + r]. */
function twoWayResidual(v: Float64Array, T: number, R: number): MeanSquare {
  const rowMean = new Float64Array(R);
  const colMean = new Float64Array(T);
  let grand = 0;
  for (let f = 0; f < T; f++) {
    for (let r = 0; r < R; r++) {
      rowMean[r] += v[f * R + r] / T;
      colMean[f] += v[f * R + r] / R;
      grand += v[f * R + r] / (T * R);
    }
  }
  let ss = 0;
  for (let f = 0; f < T; f++) for (let r = 0; r < R; r++) ss += (v[f * R + r] - rowMean[r] - colMean[f] + grand) ** 2;
  const df = (T - 1) * (R - 1);
  return { ms: df > 0 ? ss / df : NaN, df };
}

/** The slot's filler x family table (a filler's value: the mean over the units it is in) and its mean squares. */
function slotVariance(table: FactorialTable, s: number, residual: MeanSquare): SlotVariance {
  const T = table.families;
  const U = table.units.length;
  const J = table.levels[1].length;
  const slot = table.slots[s];
  const oneSlot = table.slots.length === 1;
  // The slot's level of a unit: the cell with one slot, else the level of the attribute in this slot.
  const which = table.refs[0].slot === slot ? 0 : 1;
  const levelOfUnit = (u: number) => {
    const c = table.units[u].cell;
    const a = Math.floor(c / J);
    const b = c % J;
    return oneSlot ? JSON.stringify([a, b]) : table.levels[which][which === 0 ? a : b];
  };
  const fillerIndex = new Map<string, number>();
  const fillers: string[] = [];
  const fillerLevelKey: string[] = [];
  const unitsOf: number[][] = [];
  table.units.forEach((unit, u) => {
    const key = unit.fillers[s];
    if (!fillerIndex.has(key)) {
      fillerIndex.set(key, fillers.length);
      fillers.push(key);
      fillerLevelKey.push(levelOfUnit(u));
      unitsOf.push([]);
    }
    unitsOf[fillerIndex.get(key)!].push(u);
  });
  const levels = [...new Set(fillerLevelKey)];
  const fillerLevel = fillerLevelKey.map((k) => levels.indexOf(k));
  const n = levels.map((_, l) => fillerLevel.filter((x) => x === l).length);
  const F = fillers.length;
  const v = new Float64Array(T * F);
  for (let f = 0; f < T; f++) {
    for (let i = 0; i < F; i++) {
      let sum = 0;
      for (const u of unitsOf[i]) sum += table.y[f * U + u];
      v[f * F + i] = sum / unitsOf[i].length;
    }
  }
  const ownResidual = oneSlot ? residual : twoWayResidual(v, T, F);
  // Fillers within levels: T x the squared deviations of the fillers' means (over families) from their level's.
  const fillerMean = Array.from({ length: F }, (_, i) => {
    let sum = 0;
    for (let f = 0; f < T; f++) sum += v[f * F + i];
    return sum / T;
  });
  let ss = 0;
  let df = 0;
  levels.forEach((_, l) => {
    const members = fillerMean.flatMap((m, i) => (fillerLevel[i] === l ? [m] : []));
    if (members.length < 2) return;
    const mean = members.reduce((x, y) => x + y, 0) / members.length;
    for (const m of members) ss += T * (m - mean) ** 2;
    df += members.length - 1;
  });
  const fill = { ms: df > 0 ? ss / df : NaN, df };
  const variance = df > 0 && ownResidual.df > 0 && fill.ms > ownResidual.ms ? (fill.ms - ownResidual.ms) / T : 0;
  const several = n.filter((k) => k >= 2).length;
  const counts = n.map((k) => k >= 2 || several >= 2);
  return { slot, levels, fillers, fillerLevel, n, fill, residual: ownResidual, variance, counts };
}

export function varianceModel(table: FactorialTable): VarianceModel {
  const residual = twoWayResidual(table.y, table.families, table.units.length);
  const slots = table.slots.map((_, s) => slotVariance(table, s, residual));
  return { T: table.families, residual, slots, oneSlot: table.slots.length === 1 };
}

/** Coefficient of σ²_s in the variance of Σ w_c Ȳ_c: Σ over counted levels of (the level's share of w)² / n. */
function slotCoefficient(table: FactorialTable, sv: SlotVariance, s: number, w: Float64Array): number {
  // A level's share: Σ w_c over the cells whose units have a filler of that level, each cell once per level.
  const share = new Float64Array(sv.levels.length);
  const fillerIndex = new Map(sv.fillers.map((k, i) => [k, i]));
  w.forEach((wc, c) => {
    if (wc === 0 || table.cellUnits[c].length === 0) return;
    const level = sv.fillerLevel[fillerIndex.get(table.units[table.cellUnits[c][0]].fillers[s])!];
    share[level] += wc;
  });
  let sum = 0;
  share.forEach((x, l) => {
    if (sv.counts[l]) sum += (x * x) / sv.n[l];
  });
  return sum;
}

/** SE and Satterthwaite df of the contrast Σ_c w_c Ȳ_c (w over cells, zero on empty cells). */
export function contrastVariance(table: FactorialTable, model: VarianceModel, w: Float64Array): { se: number; df: number } {
  const T = model.T;
  let residualCoef = 0;
  w.forEach((wc, c) => {
    if (wc !== 0) residualCoef += (wc * wc) / table.cellUnits[c].length;
  });
  residualCoef /= T;
  const terms: { a: number; ms: MeanSquare }[] = [];
  model.slots.forEach((sv, s) => {
    if (!(sv.variance > 0)) return;
    const coef = slotCoefficient(table, sv, s, w) / T;
    if (coef === 0) return;
    terms.push({ a: coef, ms: sv.fill });
    if (model.oneSlot) residualCoef -= coef;
    else terms.push({ a: -coef, ms: sv.residual });
  });
  terms.push({ a: residualCoef, ms: model.residual });
  let v = 0;
  let denominator = 0;
  for (const { a, ms } of terms) {
    if (a === 0) continue;
    v += a * ms.ms;
    denominator += (a * ms.ms) ** 2 / ms.df;
  }
  // Rounding can leave the merged residual coefficient a hair from 0: then the filler term alone carries the df.
  return { se: Math.sqrt(Math.max(0, v)), df: denominator > 0 ? (v * v) / denominator : NaN };
}
