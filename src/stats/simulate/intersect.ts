/**
 * Calibration of the crossed analysis (issue #26, stats/intersect/) on simulated classifiers with a known truth.
 * A sentence of template t and name f in cell (a, b) scores
 *
 *   logit scale:        sigmoid(mu + template_t + filler_f + noise_{t,f} + shift_ab)
 *   probability scale:  0.1 + 0.8 sigmoid(mu + template_t + filler_f + noise_{t,f}) + shift_ab
 *
 * (templates ~ N(0, templateSd²), names' own effects ~ N(0, fillerSd²), the name x template noise ~ N(0, noiseSd²)).
 * The true cell means are the expectations over that population (numerical integration, meanSigmoid), so the true
 * cell effects, main effects, interactions and tetrads are those contrasts of them. Additive shifts on the
 * probability scale have no interaction; additive shifts on the logit scale do (docs/statistics.md).
 */
import type { IntersectionEffect, IntersectionTable, IntersectionTetrad, ResultRecord } from '../../result/index.js';
import { analyzeIntersection } from '../intersect/analyze.js';
import { headlineTemplates } from '../probe/design.js';
import { buildGrid } from '../probe/grid.js';
import { gaussian, stream } from '../probe/streams.js';
import { meanSigmoid } from './index.js';

export interface CrossDesign {
  name: string;
  I: number;
  J: number;
  /** Names per cell, row-major (a * J + b); 0 is an empty cell. */
  fillers: number[];
  families: number;
  templateSd: number;
  fillerSd: number;
  noiseSd: number;
  mu?: number;
  scale: 'logit' | 'probability';
  /** Shift per cell, row-major, on the design's scale (missing: 0). */
  shifts?: number[];
  /** The cell whose shift is the planted interaction (its interaction should be found). */
  target?: number;
  /**
   * Two slots ([country, name.gender]): A is a slot of its own (one filler per level, like a country) and B an
   * attribute of the names, `fillers[b]` names per level of B, every name beside every level of A.
   */
  twoSlots?: boolean;
  /**
   * A third slot crossed with the names (like {place}): `values` values, each with its own effect (sd `sd`, logit) on
   * every cell and, with `cellSd`, its own effect on each cell (a value x cell interaction, sd `cellSd`), the same in
   * every template. The truth is the mean over the population of values, so the sampled values' interactions are error.
   */
  crossed?: { values: number; sd: number; cellSd: number };
}

const names = { a: (a: number) => `A${a}`, b: (b: number) => `B${b}` };
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function simulateCross(design: CrossDesign, seed: number): ResultRecord[] {
  const rng = stream(seed, 'simulate:cross');
  const { I, J } = design;
  const mu = design.mu ?? 0;
  const fillers: { key: string; a: number; b: number; effect: number }[] = [];
  for (let a = 0; a < I; a++) {
    for (let b = 0; b < J; b++) {
      for (let k = 0; k < design.fillers[a * J + b]; k++) {
        fillers.push({ key: `${names.a(a)}${names.b(b)}_n${k}`, a, b, effect: design.fillerSd * gaussian(rng) });
      }
    }
  }
  if (design.twoSlots) return simulateTwoSlots(design, rng);
  const crossed = design.crossed;
  const values = Array.from({ length: crossed?.values ?? 0 }, () => ({
    effect: crossed!.sd * gaussian(rng),
    cells: Array.from({ length: I * J }, () => crossed!.cellSd * gaussian(rng)),
  }));
  const records: ResultRecord[] = [];
  for (let t = 0; t < design.families; t++) {
    const template = design.templateSd * gaussian(rng);
    if (crossed) {
      for (const f of fillers) {
        values.forEach((v, k) => {
          const x = mu + template + f.effect + v.effect + v.cells[f.a * J + f.b] + design.noiseSd * gaussian(rng);
          const score = sigmoid(x + (design.shifts?.[f.a * J + f.b] ?? 0));
          records.push({
            text: `t${t} ${f.key} P${k}`, template: `t${t} {name} {place}`, template_id: `t${t}`, frame: 'neutral', paraphrase_of: null,
            slots: { name: { value: f.key, a: names.a(f.a), b: names.b(f.b) }, place: { value: `P${k}` } }, control: false,
            group: names.a(f.a), filler: f.key, probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
          });
        });
      }
      continue;
    }
    for (const f of fillers) {
      const shift = design.shifts?.[f.a * J + f.b] ?? 0;
      const x = mu + template + f.effect + design.noiseSd * gaussian(rng);
      const score = design.scale === 'logit' ? sigmoid(x + shift) : 0.1 + 0.8 * sigmoid(x) + shift;
      records.push({
        text: `t${t} ${f.key}`, template: `t${t} {name}`, template_id: `t${t}`, frame: 'neutral', paraphrase_of: null,
        slots: { name: { value: f.key, a: names.a(f.a), b: names.b(f.b) } }, control: false, group: names.a(f.a), filler: f.key,
        probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
      });
    }
  }
  return records;
}

/** [country, name.gender]-like records: A a slot of its own, B the names' attribute, names crossed with A's levels. */
function simulateTwoSlots(design: CrossDesign, rng: ReturnType<typeof stream>): ResultRecord[] {
  const { I, J } = design;
  const mu = design.mu ?? 0;
  const people = Array.from({ length: J }, (_, b) => Array.from({ length: design.fillers[b] }, (__, k) => ({ key: `${names.b(b)}_n${k}`,
    effect: design.fillerSd * gaussian(rng) })));
  const records: ResultRecord[] = [];
  for (let t = 0; t < design.families; t++) {
    const template = design.templateSd * gaussian(rng);
    for (let a = 0; a < I; a++) {
      for (let b = 0; b < J; b++) {
        for (const p of people[b]) {
          const shift = design.shifts?.[a * J + b] ?? 0;
          const x = mu + template + p.effect + design.noiseSd * gaussian(rng);
          const score = design.scale === 'logit' ? sigmoid(x + shift) : 0.1 + 0.8 * sigmoid(x) + shift;
          records.push({
            text: `t${t} ${p.key} ${names.a(a)}`, template: `t${t} {name} {country}`, template_id: `t${t}`, frame: 'neutral',
            paraphrase_of: null, slots: { country: { value: names.a(a) }, name: { value: p.key, gender: names.b(b) } }, control: false,
            group: names.a(a), filler: names.a(a), probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
          });
        }
      }
    }
  }
  return records;
}

/** True mean score of every cell (NaN for an empty one). */
export function trueCellMeans(design: CrossDesign): number[] {
  const c = design.crossed;
  const s = Math.sqrt(design.templateSd ** 2 + design.fillerSd ** 2 + design.noiseSd ** 2 + (c ? c.sd ** 2 + c.cellSd ** 2 : 0));
  const mu = design.mu ?? 0;
  return Array.from({ length: design.I * design.J }, (_, c) => {
    if ((design.twoSlots ? design.fillers[c % design.J] : design.fillers[c]) === 0) return NaN;
    const shift = design.shifts?.[c] ?? 0;
    return design.scale === 'logit' ? meanSigmoid(mu + shift, s) : 0.1 + 0.8 * meanSigmoid(mu, s) + shift;
  });
}

/** The analysis of one simulated run (tetrads listed also for complete tables, for the calibration). */
export function analyzeCross(records: ResultRecord[], twoSlots = false): IntersectionTable {
  const attributes: [string, string] = twoSlots ? ['country', 'name.gender'] : ['name.a', 'name.b'];
  const grid = buildGrid(records, attributes[0]);
  return analyzeIntersection(records, attributes, grid, headlineTemplates(grid), { tetradsAlways: true });
}

/** The true value of each reported estimate, from the true cell means and the levels' indices. */
export function truthOf(design: CrossDesign, table: IntersectionTable) {
  const m = trueCellMeans(design);
  const { J } = design;
  const present = m.map((v) => !Number.isNaN(v));
  const ai = (l: string) => Number(l.slice(1));
  const mean = (cells: number[]) => cells.reduce((s, c) => s + m[c], 0) / cells.length;
  const all = present.flatMap((p, c) => (p ? [c] : []));
  const rows = [...new Set(table.main.filter((e) => e.b === null).map((e) => ai(e.a!)))];
  const cols = [...new Set(table.main.filter((e) => e.a === null).map((e) => ai(e.b!)))];
  const sub = rows.flatMap((a) => cols.map((b) => a * J + b));
  const rowMean = (a: number, cs = cols) => mean(cs.map((b) => a * J + b));
  const colMean = (b: number, rs = rows) => mean(rs.map((a) => a * J + b));
  return {
    cell: (e: IntersectionEffect) => m[ai(e.a!) * J + ai(e.b!)] - mean(all),
    main: (e: IntersectionEffect) => (e.b === null ? rowMean(ai(e.a!)) : colMean(ai(e.b))) - mean(sub),
    interaction: (e: IntersectionEffect) => {
      const a = ai(e.a!);
      const b = ai(e.b!);
      const allRows = Array.from({ length: design.I }, (_, i) => i);
      const allCols = Array.from({ length: J }, (_, i) => i);
      return m[a * J + b] - rowMean(a, allCols) - colMean(b, allRows) + mean(all);
    },
    tetrad: (e: IntersectionTetrad) => {
      const [a, a2] = e.a.map(ai);
      const [b, b2] = e.b.map(ai);
      return m[a * J + b] - m[a * J + b2] - m[a2 * J + b] + m[a2 * J + b2];
    },
  };
}

export interface CrossCalibration {
  design: string;
  simulations: number;
  /** Share of (estimate, simulation) whose interval alone contains the truth, over every family. */
  coverage: number;
  /** Share of simulations whose simultaneous intervals of the gate's family (interactions, or tetrads) all hold the truth. */
  simultaneousCoverage: number;
  /** Null interactions (or tetrads when a cell is empty) with p < 0.05. */
  interactionFpr: number;
  /** Share of simulations with a Holm finding among the null members of the gate's family. */
  familyWise: number;
  /** Null tetrads (every tetrad, or those without the target cell) with p < 0.05 / any Holm finding among them. */
  tetradFpr: number;
  tetradFamilyWise: number;
  /** Target cell: its interaction Holm-significant / with the right sign and the largest |interaction|. NaN without one. */
  power: number;
  largest: number;
  /** Share of main-effect families (one per attribute) with no true effect that have a Holm finding (NaN: none). */
  mainFamilyWise: number;
  mde: number;
  seconds: number;
}

const NULL_TOLERANCE = 1e-12;

export function calibrateCross(design: CrossDesign, simulations: number, seed = 1): CrossCalibration {
  const started = performance.now();
  let covered = 0;
  let intervals = 0;
  let simCovered = 0;
  let nullTests = 0;
  let nullRejections = 0;
  let anyHolm = 0;
  let tetradTests = 0;
  let tetradRejections = 0;
  let tetradAny = 0;
  let found = 0;
  let largest = 0;
  let mainNull = 0;
  let mainAny = 0;
  let mde = 0;
  for (let i = 0; i < simulations; i++) {
    const s = seed * 100_003 + i;
    const table = analyzeCross(simulateCross(design, s), design.twoSlots);
    const truth = truthOf(design, table);
    const check = (e: { ci_alone: [number, number] | null }, value: number) => {
      intervals++;
      if (e.ci_alone && e.ci_alone[0] <= value && value <= e.ci_alone[1]) covered++;
    };
    table.cells.forEach((e) => check(e, truth.cell(e)));
    table.main.forEach((e) => check(e, truth.main(e)));
    table.interactions.forEach((e) => check(e, truth.interaction(e)));
    table.tetrads.forEach((e) => check(e, truth.tetrad(e)));
    const gate: { e: IntersectionEffect | IntersectionTetrad; value: number }[] = table.complete
      ? table.interactions.map((e) => ({ e, value: truth.interaction(e) }))
      : table.tetrads.map((e) => ({ e, value: truth.tetrad(e) }));
    if (gate.every(({ e, value }) => e.ci && e.ci[0] <= value && value <= e.ci[1])) simCovered++;
    const nulls = gate.filter(({ value }) => Math.abs(value) < NULL_TOLERANCE);
    nullTests += nulls.length;
    nullRejections += nulls.filter(({ e }) => e.p < 0.05).length;
    if (nulls.some(({ e }) => e.p_holm < 0.05)) anyHolm++;
    const nullTetrads = table.tetrads.filter((e) => Math.abs(truth.tetrad(e)) < NULL_TOLERANCE);
    tetradTests += nullTetrads.length;
    tetradRejections += nullTetrads.filter((e) => e.p < 0.05).length;
    if (nullTetrads.some((e) => e.p_holm < 0.05)) tetradAny++;
    // Each attribute's main effects are their own family: count the families whose every effect is 0.
    for (const own of [table.main.filter((e) => e.b === null), table.main.filter((e) => e.a === null)]) {
      if (own.length === 0 || !own.every((e) => Math.abs(truth.main(e)) < NULL_TOLERANCE)) continue;
      mainNull++;
      if (own.some((e) => e.p_holm < 0.05)) mainAny++;
    }
    if (design.target !== undefined) {
      const key = [`A${Math.floor(design.target / design.J)}`, `B${design.target % design.J}`];
      const target = table.interactions.find((e) => e.a === key[0] && e.b === key[1])!;
      const sign = Math.sign(design.shifts![design.target]);
      if (target.p_holm < 0.05 && Math.sign(target.estimate) === sign) found++;
      const top = Math.max(...table.interactions.map((e) => Math.abs(e.estimate)));
      if (Math.sign(target.estimate) === sign && Math.abs(target.estimate) === top) largest++;
    }
    mde += table.mde_interaction ?? NaN;
  }
  const N = simulations;
  return {
    design: design.name,
    simulations: N,
    coverage: covered / intervals,
    simultaneousCoverage: simCovered / N,
    interactionFpr: nullTests > 0 ? nullRejections / nullTests : NaN,
    familyWise: nullTests > 0 ? anyHolm / N : NaN,
    tetradFpr: tetradTests > 0 ? tetradRejections / tetradTests : NaN,
    tetradFamilyWise: tetradTests > 0 ? tetradAny / N : NaN,
    power: design.target !== undefined ? found / N : NaN,
    largest: design.target !== undefined ? largest / N : NaN,
    mainFamilyWise: mainNull > 0 ? mainAny / mainNull : NaN,
    mde: mde / N,
    seconds: (performance.now() - started) / 1000,
  };
}

const BASE = { families: 20, templateSd: 1, fillerSd: 0.5, noiseSd: 0.2 };

/** The calibration designs of the crossed analysis: 3 x 2 cells of given names unless said otherwise. */
export const CROSS_DESIGNS: CrossDesign[] = [
  // No effect at all: 3 x 2 cells of 4 names, 20 templates.
  { name: 'cross_null', I: 3, J: 2, fillers: Array<number>(6).fill(4), ...BASE, scale: 'logit' },
  // Main effects only, additive on the probability scale (ethnicity +0.06 / 0 / −0.04, gender +0.03 / −0.03): no interaction.
  { name: 'cross_additive_prob', I: 3, J: 2, fillers: Array<number>(6).fill(4), ...BASE, scale: 'probability',
    shifts: [0.09, 0.03, 0.03, -0.03, -0.01, -0.07] },
  // Main effects additive on the logit scale (+1 / 0 / −0.6 and +0.8 / 0): they interact on the probability scale.
  { name: 'cross_additive_logit', I: 3, J: 2, fillers: Array<number>(6).fill(4), ...BASE, scale: 'logit',
    shifts: [1.8, 1, 0.8, 0, 0.2, -0.6] },
  // One cell shifted on the logit scale, 3 x 3 cells of 8 names: −0.6 (about −0.12 on the probability scale) and −1.2.
  { name: 'cross_one_cell_0.6', I: 3, J: 3, fillers: Array<number>(9).fill(8), ...BASE, scale: 'logit',
    shifts: [0, 0, 0, 0, -0.6, 0, 0, 0, 0], target: 4 },
  { name: 'cross_one_cell_1.2', I: 3, J: 3, fillers: Array<number>(9).fill(8), ...BASE, scale: 'logit',
    shifts: [0, 0, 0, 0, -1.2, 0, 0, 0, 0], target: 4 },
  // Unequal names per cell (1 to 8), no effect.
  { name: 'cross_unequal', I: 3, J: 2, fillers: [1, 2, 8, 3, 6, 4], ...BASE, scale: 'logit' },
  // Two slots, [country, name.gender]: 4 countries x 2 genders of 6 names each (every name beside every country), no effect,
  // and one cell shifted −1.2 logit.
  { name: 'cross_two_slots', I: 4, J: 2, fillers: [6, 6], ...BASE, scale: 'logit', twoSlots: true },
  { name: 'cross_two_slots_cell_1.2', I: 4, J: 2, fillers: [6, 6], ...BASE, scale: 'logit', twoSlots: true,
    shifts: [0, 0, -1.2, 0, 0, 0, 0, 0], target: 2 },
  // A third slot crossed with the names (4 values, every name beside every value), no effect of the cells: its values
  // shift every cell alike (sd 0.5 logit), or also interact with the cells (sd 0.3 logit per value and cell).
  { name: 'cross_crossed_slot', I: 3, J: 2, fillers: Array<number>(6).fill(4), ...BASE, scale: 'logit',
    crossed: { values: 4, sd: 0.5, cellSd: 0 } },
  { name: 'cross_crossed_slot_x_cell', I: 3, J: 2, fillers: Array<number>(6).fill(4), ...BASE, scale: 'logit',
    crossed: { values: 4, sd: 0.5, cellSd: 0.3 } },
  // One empty cell, unequal names, no effect: tetrads and the sub-table's main effects.
  { name: 'cross_empty_cell', I: 3, J: 3, fillers: [4, 2, 6, 3, 4, 5, 8, 2, 0], ...BASE, scale: 'logit' },
];

/** The largest |interaction| of a complete design's true cell means (sum-to-zero interactions). */
export function trueMaxInteraction(design: CrossDesign): number {
  const m = trueCellMeans(design);
  const { I, J } = design;
  const grand = m.reduce((s, x) => s + x, 0) / (I * J);
  const row = (a: number) => m.slice(a * J, a * J + J).reduce((s, x) => s + x, 0) / J;
  const col = (b: number) => Array.from({ length: I }, (_, a) => m[a * J + b]).reduce((s, x) => s + x, 0) / I;
  let max = 0;
  for (let a = 0; a < I; a++) for (let b = 0; b < J; b++) max = Math.max(max, Math.abs(m[a * J + b] - row(a) - col(b) + grand));
  return max;
}

/**
 * The gate's designs (issue 26, session 7): the names_intersectional probe's layout (5 x 2 cells of 10 names, 9 neutral
 * template families) with one cell shifted down and the other cell of its row shifted up by the same amount on the
 * logit scale until the true max |interaction| is `target` (bisection on the shift; 0: no shift).
 */
export function gateDesign(target: number): CrossDesign {
  const base: CrossDesign = { name: `gate_names_5x2_${target.toFixed(2)}`, I: 5, J: 2, fillers: Array<number>(10).fill(10), ...BASE,
    families: 9, scale: 'logit', target: 2 };
  const shifted = (delta: number): CrossDesign => ({
    ...base, shifts: base.fillers.map((_, c) => (c === 2 ? -delta : c === 3 ? delta : 0)),
  });
  if (target === 0) return shifted(0);
  let lo = 0;
  let hi = 8;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (trueMaxInteraction(shifted(mid)) < target) lo = mid;
    else hi = mid;
  }
  return shifted((lo + hi) / 2);
}

/** True max |interaction| of the gate's designs: none, inside the margin, at the margin 0.10, twice the margin. */
export const GATE_TARGETS = [0, 0.05, 0.1, 0.2];
