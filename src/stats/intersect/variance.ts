/**
 * The variance of a contrast of cell means (table.ts), with Satterthwaite's degrees of freedom, under the model
 *
 *   y[f, u] = θ_cell(u) + b[f, cell(u)] + Σ_s v_s(u) + e[f, u]
 *
 * with b[f, ·] the family's vector over the cells (any covariance over cells: a template that moves one cell, row or
 * column more than the others, a cell near a scale end), v_s the effect of the unit's filler in attribute slot s
 * (variance σ²_s, pooled over the slot's levels: the stated assumption, as for single attributes in #22) and e the
 * unit x family residual. A contrast Σ_c w_c Ȳ_c averaged over T families has variance
 *
 *   Var_f(z_f) / T  +  Σ_s σ²_s Σ_l (Σ_{c at level l} w_c)² / n_{s,l}     (z_f = Σ_c w_c Y(f, c))
 *
 * The family part is estimated per contrast (the sample variance of z_f, T − 1 df): pooling one family x cell
 * variance over the cells under-covered a saturating cell (docs/statistics.md §10). σ̂²_s = (MS_fill,s − MS_res,s) / T
 * from the slot's fillers' mean square within levels and the within-level residual of its filler x family table,
 * clamped at 0 as lme4's REML does. Levels with one filler borrow σ̂²_s when at least two levels have several, else
 * they are conditional on their filler (its term left out), as #22 does for groups. Crossed slots with their values
 * as a sample add (MS_V − MS_FV) / (T V) each (crossedParts). R reference: scripts/intersect-reference.R.
 * Hand-written: a few sums of squares over the analysis' own table; no library fits this per contrast without refitting.
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
  /** Per family the cell means of the non-empty cells: means[f * present.length + i] is cell present[i]. */
  means: Float64Array;
  present: number[];
  /** Unit x family residual within cells (df 0 with one unit per cell). */
  within: MeanSquare;
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
  const means = new Float64Array(T * present.length);
  for (let f = 0; f < T; f++) {
    present.forEach((c, i) => {
      let sum = 0;
      for (const u of table.cellUnits[c]) sum += table.y[f * U + u];
      means[f * present.length + i] = sum / table.cellUnits[c].length;
    });
  }
  const within = groupedResidual(table.y, T, U, table.units.map((u) => u.cell), 'within');
  const slots = table.slots.map((_, s) => slotVariance(table, s, within));
  return { T, means, present, within, slots };
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

/**
 * The family part of the contrast's variance: the sample variance over families of its per-family value
 * z_f = Σ_c w_c Y(f, c), divided by T, with T − 1 df. It estimates (1/T) Σ_c w_c² (σ²_fc,c + σ²_e / U_c) with each
 * cell's own family x cell variance (and any covariance between cells, e.g. a cell near a scale end that moves with
 * the template less than the others): no pooling over cells, at the price of T − 1 df.
 */
function familyPart(model: VarianceModel, w: Float64Array): MeanSquare {
  const { T, means, present } = model;
  const K = present.length;
  const z = new Float64Array(T);
  for (let f = 0; f < T; f++) present.forEach((c, i) => (z[f] += w[c] * means[f * K + i]));
  const mean = z.reduce((s, x) => s + x, 0) / T;
  const ss = z.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { ms: T > 1 ? ss / (T - 1) : NaN, df: T - 1, key: 'contrast' };
}

/**
 * A crossed slot's values as a sample (issue 26, session 7): with z[f, v] = Σ_c w_c Y(f, c, v) on the T x V table of
 * families and the slot's values, Var(z̄) = (MS_F + MS_V − MS_FV) / (T V) for families and values both random (the
 * two-way crossed random model); MS_F / (T V) is the family part above (z_f its row means), so a slot adds
 * (MS_V − MS_FV) / (T V): the value x cell interaction that averaging over the same few values leaves in the estimate.
 * Left out when not positive (clamped at 0).
 */
function crossedParts(table: FactorialTable, w: Float64Array): { v: number; ms: MeanSquare; res: MeanSquare }[] {
  const T = table.families;
  const U = table.units.length;
  const out: { v: number; ms: MeanSquare; res: MeanSquare }[] = [];
  for (const slot of table.crossed) {
    const V = slot.values.length;
    const z = new Float64Array(T * V);
    for (let f = 0; f < T; f++) {
      for (let v = 0; v < V; v++) {
        let sum = 0;
        w.forEach((wc, c) => {
          if (wc === 0) return;
          let cell = 0;
          for (const u of table.cellUnits[c]) cell += slot.y[(f * V + v) * U + u];
          sum += (wc * cell) / table.cellUnits[c].length;
        });
        z[f * V + v] = sum;
      }
    }
    const res = groupedResidual(z, T, V, Array<number>(V).fill(0), `crossed-residual:${slot.slot}`);
    const grand = z.reduce((a, x) => a + x, 0) / (T * V);
    let ss = 0;
    for (let v = 0; v < V; v++) {
      let m = 0;
      for (let f = 0; f < T; f++) m += z[f * V + v] / T;
      ss += T * (m - grand) ** 2;
    }
    const ms = { ms: ss / (V - 1), df: V - 1, key: `crossed:${slot.slot}` };
    if (T > 1 && ms.ms > res.ms) out.push({ v: 1 / (T * V), ms, res });
  }
  return out;
}

/** SE and Satterthwaite df of the contrast Σ_c w_c Ȳ_c (w over cells, zero on empty cells). */
export function contrastVariance(table: FactorialTable, model: VarianceModel, w: Float64Array): { se: number; df: number } {
  const T = model.T;
  const terms = new Map<string, { a: number; ms: MeanSquare }>();
  const add = (a: number, ms: MeanSquare) => {
    const cur = terms.get(ms.key);
    if (cur) cur.a += a;
    else terms.set(ms.key, { a, ms });
  };
  add(1 / T, familyPart(model, w));
  for (const part of crossedParts(table, w)) {
    add(part.v, part.ms);
    add(-part.v, part.res);
  }
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
    if (Math.abs(a) < 1e-12 / T) continue;
    v += a * ms.ms;
    denominator += (a * ms.ms) ** 2 / ms.df;
  }
  return { se: Math.sqrt(Math.max(0, v)), df: denominator > 0 ? (v * v) / denominator : NaN };
}
