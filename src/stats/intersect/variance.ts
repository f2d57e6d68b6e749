/**
 * The variance of a contrast of cell means, from mean squares of the family x unit table (table.ts), with
 * Satterthwaite's degrees of freedom: the mixed model
 *
 *   y[f, u] = μ_f + θ_cell(u) + (fc)[f, cell(u)] + Σ_s v_s(u) + e[f, u]
 *
 * with (fc) the family x cell interaction (variance σ²_fc: a template that moves one cell more than another, e.g.
 * near a scale end), v_s the effect of the unit's filler in attribute slot s (variance σ²_s, pooled over the slot's
 * levels: the stated assumption, as for single attributes in #22) and e the unit x family residual (σ²_e). A contrast
 * Σ_c w_c Ȳ_c averaged over T families has variance
 *
 *   (1/T) Σ_c w_c² (σ²_fc + σ²_e / U_c)  +  Σ_s σ²_s Σ_l (Σ_{c at level l} w_c)² / n_{s,l}
 *
 * (U_c units in cell c; n_{s,l} fillers of slot s at level l), estimated by the method of moments: MS_fc, the
 * family x cell residual of the cell means (E = σ²_fc + σ²_e mean_c 1/U_c); MS_within, the unit x family residual
 * within cells (E = σ²_e); and per slot MS_fill,s, its fillers' mean square within levels, with MS_res,s the
 * within-level residual of its filler x family table (σ̂²_s = (MS_fill,s − MS_res,s) / T). A component whose estimate
 * is not positive is left out (clamped at 0, as lme4's REML does). With one filler per cell σ²_fc and σ²_e are one
 * (MS_fc alone). With one slot MS_res,s is MS_within, the terms merge, and on a table balanced over families this is
 * lmer(y ~ 0 + cell + (1 | family) + (1 | family:cell) + (1 | filler)) with lmerTest's Satterthwaite df (the parity
 * test). Levels with one filler borrow σ̂²_s when at least two levels have several, else they are conditional on
 * their filler (its term left out), as #22 does for groups. Hand-written: a few sums of squares over the analysis'
 * own table; no library fits this per contrast without refitting.
 */
import type { FactorialTable } from './table.js';

interface MeanSquare {
  ms: number;
  df: number;
  /** Terms with the same key are the same mean square (merged before Satterthwaite). */
  key: string;
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
  /** The within-level residual of the slot's filler x family table (MS_within itself with one slot). */
  residual: MeanSquare;
  /** σ̂²_s; 0 when clamped or not estimable (fewer than two fillers in every level). */
  variance: number;
  /** Per level: its term counts (several fillers, or one filler borrowing the pooled variance). */
  counts: boolean[];
}

export interface VarianceModel {
  T: number;
  /** Family x cell residual of the cell means. */
  cells: MeanSquare;
  /** Unit x family residual within cells (df 0 with one unit per cell). */
  within: MeanSquare;
  /** mean over the non-empty cells of 1 / U_c. */
  harmonic: number;
  /** σ̂²_fc > 0 (else the family x cell term is left out and MS_within carries the residual). */
  interaction: boolean;
  slots: SlotVariance[];
}

/**
 * Residual mean square of v[f * R + r] (T families x R rows) after family and row effects, within groups of rows
 * (`group[r]`; one group: the plain two-way residual): Σ (v − row mean − family mean in the group + group mean)².
 */
function groupedResidual(v: Float64Array, T: number, R: number, group: number[], key: string): MeanSquare {
  const G = Math.max(...group) + 1;
  const rowMean = new Float64Array(R);
  const colMean = new Float64Array(T * G);
  const size = new Int32Array(G);
  const groupMean = new Float64Array(G);
  for (let r = 0; r < R; r++) size[group[r]]++;
  for (let f = 0; f < T; f++) {
    for (let r = 0; r < R; r++) {
      const x = v[f * R + r];
      rowMean[r] += x / T;
      colMean[f * G + group[r]] += x / size[group[r]];
      groupMean[group[r]] += x / (T * size[group[r]]);
    }
  }
  let ss = 0;
  for (let f = 0; f < T; f++) {
    for (let r = 0; r < R; r++) ss += (v[f * R + r] - rowMean[r] - colMean[f * G + group[r]] + groupMean[group[r]]) ** 2;
  }
  let df = 0;
  for (let g = 0; g < G; g++) if (size[g] > 0) df += (T - 1) * (size[g] - 1);
  return { ms: df > 0 ? ss / df : NaN, df, key };
}

/** The slot's filler x family table (a filler's value: the mean over the units it is in) and its mean squares. */
function slotVariance(table: FactorialTable, s: number, within: MeanSquare): SlotVariance {
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
  const ownResidual = oneSlot ? within : groupedResidual(v, T, F, fillerLevel, `residual:${slot}`);
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
  const fill = { ms: df > 0 ? ss / df : NaN, df, key: `fill:${slot}` };
  const variance = df > 0 && ownResidual.df > 0 && fill.ms > ownResidual.ms ? (fill.ms - ownResidual.ms) / T : 0;
  const several = n.filter((k) => k >= 2).length;
  const counts = n.map((k) => k >= 2 || several >= 2);
  return { slot, levels, fillers, fillerLevel, n, fill, residual: ownResidual, variance, counts };
}

export function varianceModel(table: FactorialTable): VarianceModel {
  const T = table.families;
  const U = table.units.length;
  const present = table.cellUnits.flatMap((us, c) => (us.length > 0 ? [c] : []));
  const Y = new Float64Array(T * present.length);
  for (let f = 0; f < T; f++) {
    present.forEach((c, i) => {
      let sum = 0;
      for (const u of table.cellUnits[c]) sum += table.y[f * U + u];
      Y[f * present.length + i] = sum / table.cellUnits[c].length;
    });
  }
  const cells = groupedResidual(Y, T, present.length, present.map(() => 0), 'cells');
  const within = groupedResidual(table.y, T, U, table.units.map((u) => u.cell), 'within');
  const harmonic = present.reduce((a, c) => a + 1 / table.cellUnits[c].length, 0) / present.length;
  const interaction = within.df === 0 || cells.ms > harmonic * within.ms;
  const slots = table.slots.map((_, s) => slotVariance(table, s, within));
  return { T, cells, within, harmonic, interaction, slots };
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
  let squares = 0;
  let perUnit = 0;
  w.forEach((wc, c) => {
    if (wc === 0) return;
    squares += wc * wc;
    perUnit += (wc * wc) / table.cellUnits[c].length;
  });
  const terms = new Map<string, { a: number; ms: MeanSquare }>();
  const add = (a: number, ms: MeanSquare) => {
    const cur = terms.get(ms.key);
    if (cur) cur.a += a;
    else terms.set(ms.key, { a, ms });
  };
  if (model.within.df === 0) add(squares / T, model.cells);
  else if (model.interaction) {
    // σ̂²_fc = MS_fc − h MS_within: the two mean squares with their own coefficients.
    add(squares / T, model.cells);
    add((perUnit - model.harmonic * squares) / T, model.within);
  } else add(perUnit / T, model.within);
  model.slots.forEach((sv, s) => {
    if (!(sv.variance > 0)) return;
    const coef = slotCoefficient(table, sv, s, w) / T;
    if (coef === 0) return;
    add(coef, sv.fill);
    add(-coef, sv.residual);
  });
  let v = 0;
  let denominator = 0;
  for (const { a, ms } of terms.values()) {
    // Merged coefficients can sit a rounding error from 0: such a term carries nothing.
    if (Math.abs(a) < (1e-12 * squares) / T) continue;
    v += a * ms.ms;
    denominator += (a * ms.ms) ** 2 / ms.df;
  }
  return { se: Math.sqrt(Math.max(0, v)), df: denominator > 0 ? (v * v) / denominator : NaN };
}
