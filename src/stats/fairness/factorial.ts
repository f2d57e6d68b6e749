/**
 * Two identity axes crossed on own data (`audit run --data --intersect A,B`; issue #26): for the mean score, the
 * positive rate, TPR and FPR, each cell's value is a mean of its texts (of its positives for TPR, its negatives for
 * FPR), and the factorial reading of the table is a set of linear contrasts of the cell values, with equal weights
 * per cell (docs/data-audit.md):
 * - cell effect: μ_ab − μ̄ (μ̄ the mean of the cells of the complete sub-table);
 * - main effect of a: μ̄_a· − μ̄ (averaged over the levels of B with equal weight), likewise for b;
 * - interaction: μ_ab − μ̄_a· − μ̄_·b + μ̄ (sum-to-zero), when every cell is usable;
 * - otherwise tetrads μ_ab − μ_ab' − μ_a'b + μ_a'b' over each complete 2 x 2 sub-table.
 * Cells are independent samples, so a contrast Σ c·μ has variance Σ c²·Var(μ_cell):
 * - mean score: Welch's variance Σ c² s²/n with Satterthwaite's df (t quantiles);
 * - rates (k of n): the MOVER interval of a linear function of independent proportions (Zou and Donner 2008),
 *   built from each cell's continuity-corrected Wilson limits, as Newcombe's interval of a rate gap is: holds its
 *   estimate, stays near nominal at small n and near 0 or 1, never zero-width at 0/n (checked by simulation:
 *   `npm run calibrate:data`); its p-value is the interval inverted.
 * Each family (cells, main effects, interactions or tetrads) has Šidák-simultaneous intervals (the mark `differs`
 * is the test the interval inverts) and Holm p-values. Effects that are the same hypothesis (the two main effects of a
 * two-level axis, ± the same interaction in a 2 x J table) count once in the family.
 * Why by hand: the contrasts are a few lines, and no maintained JavaScript library has MOVER or Welch contrasts.
 */
import { normalPpf, tPpf, tSf } from '../distributions.js';
import { holm } from '../multitest.js';
import type { IntersectionEffect, IntersectionTable, IntersectionTetrad } from '../../result/index.js';
import { sidakLevel, wilson } from './intervals.js';

export type FactorialMeasure = 'mean_score' | 'positive_rate' | 'tpr' | 'fpr';
export const FACTORIAL_MEASURES: FactorialMeasure[] = ['mean_score', 'positive_rate', 'tpr', 'fpr'];

export interface FactorialInput {
  /** The two axes as named (e.g. ["gender", "nationality"]). */
  attributes: [string, string];
  levels: [string[], string[]];
  /** Per text: its cell a · J + b (J = levels of B), or −1 when it is in no cell. */
  cellOf: ArrayLike<number>;
  scores: ArrayLike<number>;
  /** 1 positive, 0 negative; null without labels (then no TPR / FPR tables). */
  labels: ArrayLike<number> | null;
  threshold: number;
}

export interface FactorialOptions {
  /** Mean score and positive rate: a cell needs this many texts (default MIN_CELL_TEXTS). */
  minTexts?: number;
  /** TPR and FPR: a cell needs this many positives (TPR) or negatives (FPR) (default 20, the data run's minimum per class). */
  minPerClass?: number;
  /** Sentences every table's `left_out` starts with (texts left out of every cell, and why). */
  notes?: string[];
}

/** A cell needs this many texts for its mean score and positive rate (below it the mean's t interval is not trusted). */
export const MIN_CELL_TEXTS = 10;
const LEVEL = 0.95;
const POWER_Z = normalPpf(0.8);

/** One cell of one measure: the values averaged (scores, or 0/1 decisions). */
interface Cell {
  n: number;
  mean: number;
  /** Sample variance (n − 1 denominator). */
  s2: number;
  /** Successes (rates only). */
  k: number;
}

type Coefs = Map<number, number>;
type Kind = 'mean' | 'rate';

interface Contrast {
  estimate: number;
  /** Centre of the t interval (means). */
  centre: number;
  se: number;
  /** Welch-Satterthwaite df for means; null for rates (normal quantiles). */
  df: number | null;
  lo: number;
  hi: number;
  n: number;
  /** Rates: [coefficient, successes, trials] per cell, for the MOVER interval. */
  mover?: [number, number, number][];
}

/** Every measure's table; TPR and FPR only with labels. */
export function factorialTables(input: FactorialInput, options: FactorialOptions = {}): IntersectionTable[] {
  const measures = input.labels ? FACTORIAL_MEASURES : FACTORIAL_MEASURES.filter((m) => m === 'mean_score' || m === 'positive_rate');
  return measures.map((m) => factorialTable(input, m, options));
}

/**
 * One measure's table. `trueCells` (calibration only): the same cells and families, with these cell values in place of
 * the observed ones, so that each estimate is the true value of the contrast the run reports.
 */
export function factorialTable(
  input: FactorialInput,
  measure: FactorialMeasure,
  options: FactorialOptions = {},
  trueCells?: ArrayLike<number>,
): IntersectionTable {
  const [A, B] = input.levels;
  const J = B.length;
  const cells = cellsOf(input, measure);
  const bare = trueCells !== undefined;
  if (trueCells) cells.forEach((c, i) => { c.mean = trueCells[i]; });
  const minTexts = options.minTexts ?? MIN_CELL_TEXTS;
  const minPerClass = options.minPerClass ?? 20;
  const need = measure === 'tpr' || measure === 'fpr' ? minPerClass : minTexts;
  const unit = measure === 'tpr' ? 'positives' : measure === 'fpr' ? 'negatives' : 'texts';
  const kind: Kind = measure === 'mean_score' ? 'mean' : 'rate';
  const left_out = [...(options.notes ?? [])];
  const usable = cells.map((c) => c.n >= Math.max(need, 2));
  const small = cells.map((c, i) => (c.n > 0 && !usable[i] ? `${A[Math.floor(i / J)]} \u00d7 ${B[i % J]}: ${c.n} ${unit}` : ''))
    .filter(Boolean);
  if (small.length) left_out.push(`${small.length} cell${small.length === 1 ? '' : 's'} under the minimum of ${need} ${unit} left ` +
    `out: ${small.slice(0, 8).join('; ')}${small.length > 8 ? `; ${small.length - 8} more` : ''}`);
  const empty = cells.map((c, i) => (c.n === 0 ? `${A[Math.floor(i / J)]} \u00d7 ${B[i % J]}` : '')).filter(Boolean);
  if (empty.length) left_out.push(`${empty.length} empty cell${empty.length === 1 ? '' : 's'}: ${empty.slice(0, 8).join('; ')}` +
    `${empty.length > 8 ? `; ${empty.length - 8} more` : ''}`);

  const rowsWith = A.map((_, a) => B.some((__, b) => usable[a * J + b]));
  const colsWith = B.map((_, b) => A.some((__, a) => usable[a * J + b]));
  const { rows, cols } = completeSubTable(usable, rowsWith, colsWith, J);
  const complete = rows.length >= 2 && cols.length >= 2 && rows.length === A.length && cols.length === B.length;
  if (!complete && rows.length * cols.length > 0) {
    const outRows = A.filter((_, a) => rowsWith[a] && !rows.includes(a));
    const outCols = B.filter((_, b) => colsWith[b] && !cols.includes(b));
    if (outRows.length || outCols.length) left_out.push(`main effects over the complete sub-table ${rows.map((a) => A[a]).join(', ')} ` +
      `\u00d7 ${cols.map((b) => B[b]).join(', ')}; outside it: ${[...outRows, ...outCols].join(', ')}`);
  }
  if (rows.length < 2 || cols.length < 2) left_out.push('no complete 2 \u00d7 2 sub-table: no interaction can be estimated');

  const eval_ = (coefs: Coefs): Contrast => contrast(kind, coefs, cells);
  const grand: Coefs = new Map();
  for (const a of rows) for (const b of cols) add(grand, a * J + b, 1 / (rows.length * cols.length));

  // Cells: every usable cell against the mean of the complete sub-table.
  const cellEffects: Family<Pick<IntersectionEffect, 'a' | 'b'>> = [];
  cells.forEach((_, i) => {
    if (!usable[i] || !grand.size) return;
    const coefs = minus(new Map([[i, 1]]), grand);
    cellEffects.push({ label: { a: A[Math.floor(i / J)], b: B[i % J] }, key: `${i}`, c: eval_(coefs), n: cells[i].n });
  });

  // Main effects over the complete sub-table (a two-level axis: its two effects are one hypothesis).
  const main: Family<Pick<IntersectionEffect, 'a' | 'b'>> = [];
  if (rows.length >= 2 && cols.length) for (const a of rows) {
    const row: Coefs = new Map(cols.map((b) => [a * J + b, 1 / cols.length]));
    main.push({ label: { a: A[a], b: null }, key: rows.length === 2 ? 'A' : `A${a}`, c: eval_(minus(row, grand)), n: sumN(row, cells) });
  }
  if (cols.length >= 2 && rows.length) for (const b of cols) {
    const col: Coefs = new Map(rows.map((a) => [a * J + b, 1 / rows.length]));
    main.push({ label: { a: null, b: B[b] }, key: cols.length === 2 ? 'B' : `B${b}`, c: eval_(minus(col, grand)), n: sumN(col, cells) });
  }

  const interactions: Family<Pick<IntersectionEffect, 'a' | 'b'>> = [];
  const tetrads: Family<Pick<IntersectionTetrad, 'a' | 'b'>> = [];
  if (complete) {
    for (const a of rows) for (const b of cols) {
      const coefs = new Map(grand);
      add(coefs, a * J + b, 1);
      for (const b2 of cols) add(coefs, a * J + b2, -1 / cols.length);
      for (const a2 of rows) add(coefs, a2 * J + b, -1 / rows.length);
      const key = `${rows.length === 2 ? '' : a}:${cols.length === 2 ? '' : b}`;
      interactions.push({ label: { a: A[a], b: B[b] }, key, c: eval_(coefs), n: cells[a * J + b].n });
    }
  } else {
    const present = A.map((_, a) => a).filter((a) => rowsWith[a]);
    for (let x = 0; x < present.length; x++) for (let y = x + 1; y < present.length; y++) {
      const [a, a2] = [present[x], present[y]];
      for (let b = 0; b < J; b++) for (let b2 = b + 1; b2 < J; b2++) {
        const four = [a * J + b, a * J + b2, a2 * J + b, a2 * J + b2];
        if (!four.every((i) => usable[i])) continue;
        const coefs: Coefs = new Map([[four[0], 1], [four[1], -1], [four[2], -1], [four[3], 1]]);
        tetrads.push({ label: { a: [A[a], A[a2]], b: [B[b], B[b2]] }, key: four.join(','), c: eval_(coefs), n: sumN(coefs, cells) });
      }
    }
  }
  const gate = complete ? interactions : tetrads;
  return {
    attributes: input.attributes,
    measure,
    levels: [A, B],
    complete,
    cells: shapeFamily(cellEffects, bare),
    main: shapeFamily(main, bare),
    interactions: shapeFamily(interactions, bare),
    tetrads: shapeFamily(tetrads, bare),
    left_out,
    mde_interaction: mde(gate),
  };
}

/** The cell values of one measure: all texts (mean score, positive rate), the positives (TPR) or the negatives (FPR). */
function cellsOf(input: FactorialInput, measure: FactorialMeasure): Cell[] {
  const size = input.levels[0].length * input.levels[1].length;
  const n = new Float64Array(size);
  const sum = new Float64Array(size);
  const ss = new Float64Array(size);
  for (let i = 0; i < input.cellOf.length; i++) {
    const c = input.cellOf[i];
    if (c < 0) continue;
    if (measure === 'tpr' && input.labels![i] !== 1) continue;
    if (measure === 'fpr' && input.labels![i] !== 0) continue;
    const x = measure === 'mean_score' ? input.scores[i] : input.scores[i] >= input.threshold ? 1 : 0;
    n[c]++;
    sum[c] += x;
    ss[c] += x * x;
  }
  return Array.from(n, (m, c) => {
    const mean = m ? sum[c] / m : NaN;
    return { n: m, mean, s2: m > 1 ? Math.max(0, (ss[c] - m * mean * mean) / (m - 1)) : NaN, k: sum[c] };
  });
}

/**
 * The largest complete sub-table found greedily: while some kept cell is unusable, drop the row or column with the
 * largest share of unusable cells (ties: the one with fewer usable cells, then the later one). Exhaustive search is
 * exponential; the greedy choice is deterministic and stated in `left_out`.
 */
function completeSubTable(usable: boolean[], rowsWith: boolean[], colsWith: boolean[], J: number): { rows: number[]; cols: number[] } {
  let rows = rowsWith.map((w, a) => (w ? a : -1)).filter((a) => a >= 0);
  let cols = colsWith.map((w, b) => (w ? b : -1)).filter((b) => b >= 0);
  for (;;) {
    let worst: { share: number; have: number; row: boolean; index: number } | null = null;
    const consider = (share: number, have: number, row: boolean, index: number) => {
      if (share === 0) return;
      if (!worst || share > worst.share || (share === worst.share && have <= worst.have)) worst = { share, have, row, index };
    };
    for (const a of rows) {
      const have = cols.filter((b) => usable[a * J + b]).length;
      consider((cols.length - have) / cols.length, have, true, a);
    }
    for (const b of cols) {
      const have = rows.filter((a) => usable[a * J + b]).length;
      consider((rows.length - have) / rows.length, have, false, b);
    }
    if (!worst) return { rows, cols };
    const w: { row: boolean; index: number } = worst;
    if (w.row) rows = rows.filter((a) => a !== w.index);
    else cols = cols.filter((b) => b !== w.index);
  }
}

function add(m: Coefs, key: number, c: number): void {
  m.set(key, (m.get(key) ?? 0) + c);
}

function minus(x: Coefs, y: Coefs): Coefs {
  const out = new Map(x);
  for (const [k, c] of y) add(out, k, -c);
  return out;
}

const sumN = (coefs: Coefs, cells: Cell[]) => [...coefs.keys()].reduce((s, i) => s + cells[i].n, 0);

/** Σ c·μ with its SE, df and natural range (scores and rates lie in [0, 1], so a contrast lies in [Σ c⁻, Σ c⁺]). */
function contrast(kind: Kind, coefs: Coefs, cells: Cell[]): Contrast {
  const terms = [...coefs].filter(([, c]) => Math.abs(c) > 1e-12);
  let estimate = 0;
  let lo = 0;
  let hi = 0;
  for (const [i, c] of terms) {
    estimate += c * cells[i].mean;
    if (c < 0) lo += c;
    else hi += c;
  }
  const n = terms.reduce((s, [i]) => s + cells[i].n, 0);
  if (kind === 'mean') {
    let v = 0;
    let d = 0;
    for (const [i, c] of terms) {
      const vi = (c * c * cells[i].s2) / cells[i].n;
      v += vi;
      d += (vi * vi) / (cells[i].n - 1);
    }
    return { estimate, centre: estimate, se: Math.sqrt(v), df: d > 0 ? (v * v) / d : null, lo, hi, n };
  }
  // Rates: the MOVER interval (below); its SE is the 95% interval's half-width over 1.96 (for the MDE and the reader).
  const mover = terms.map(([i, c]): [number, number, number] => [c, cells[i].k, cells[i].n]);
  const rate: Contrast = { estimate, centre: estimate, se: NaN, df: null, lo, hi, n, mover };
  const ci = moverBounds(rate.mover!, estimate, LEVEL);
  rate.se = (ci[1] - ci[0]) / (2 * normalPpf(0.5 + LEVEL / 2));
  return rate;
}

/**
 * MOVER limits of Σ c·p over independent proportions (Zou and Donner 2008; Newcombe's method 11 is its two-cell case):
 * each cell's continuity-corrected Wilson limits (l, u) at `level`, then
 * L = Σ c p − sqrt(Σ_{c>0} c²(p − l)² + Σ_{c<0} c²(u − p)²), U likewise. Holds the estimate, never zero-width.
 */
function moverBounds(terms: [number, number, number][], estimate: number, level: number): [number, number] {
  let down = 0;
  let up = 0;
  for (const [c, k, n] of terms) {
    const p = k / n;
    const [l, u] = wilson(k, n, level);
    if (c > 0) {
      down += c * c * (p - l) ** 2;
      up += c * c * (u - p) ** 2;
    } else {
      down += c * c * (u - p) ** 2;
      up += c * c * (p - l) ** 2;
    }
  }
  return [estimate - Math.sqrt(down), estimate + Math.sqrt(up)];
}

const quantile = (level: number, df: number | null) => (df === null ? normalPpf(0.5 + level / 2) : tPpf(0.5 + level / 2, df));

/** The interval at `level`, kept in the contrast's range and holding its own estimate; null without a positive SE. */
function interval(c: Contrast, level: number): [number, number] | null {
  if (!(c.se > 0) || !Number.isFinite(c.estimate)) return null;
  const [lo, hi] = c.mover ? moverBounds(c.mover, c.estimate, level) : [c.centre - quantile(level, c.df) * c.se, c.centre + quantile(level,
    c.df) * c.se];
  return [Math.min(Math.max(c.lo, lo), c.estimate), Math.max(Math.min(c.hi, hi), c.estimate)];
}

/** Two-sided p: the t test for means; for rates the inverted MOVER interval (the level at which it reaches 0). */
function pValue(c: Contrast): number {
  if (!(c.se > 0)) return 1;
  if (!c.mover) return Math.min(1, 2 * tSf(Math.abs(c.centre) / c.se, c.df ?? Infinity));
  if (c.estimate === 0) return 1;
  const excludes = (level: number) => {
    const [lo, hi] = moverBounds(c.mover!, c.estimate, level);
    return lo > 0 || hi < 0;
  };
  // The interval widens with the level: bisect for the level where it first contains 0 (p = 1 − that level).
  let a = 0;
  let b = 1 - 1e-15;
  if (excludes(b)) return 1e-15;
  if (!excludes(a + 1e-12)) return 1;
  for (let i = 0; i < 40; i++) { // 2^-40: p to about 1e-12
    const mid = (a + b) / 2;
    if (excludes(mid)) a = mid;
    else b = mid;
  }
  return 1 - (a + b) / 2;
}

type Family<L> = { label: L; key: string; c: Contrast; n: number }[];

/** Šidák-simultaneous intervals and Holm p over the family's distinct hypotheses (entries sharing a key are one). */
function shapeFamily<L extends object>(family: Family<L>, estimatesOnly: boolean): (L & Omit<IntersectionEffect, 'a' | 'b'>)[] {
  const keys = [...new Set(family.map((f) => f.key))];
  const ps = family.map((f) => (estimatesOnly ? 1 : pValue(f.c)));
  const pOfKey = new Map<string, number>();
  family.forEach((f, i) => pOfKey.set(f.key, Math.min(pOfKey.get(f.key) ?? 1, ps[i])));
  const adjusted = holm(keys.map((k) => pOfKey.get(k)!));
  const holmOf = new Map(keys.map((k, i) => [k, adjusted[i]]));
  const level = sidakLevel(LEVEL, keys.length);
  return family.map((f, i) => {
    const ci = estimatesOnly ? null : interval(f.c, level);
    return {
      ...f.label,
      estimate: f.c.estimate,
      se: f.c.se,
      df: f.c.df,
      ci,
      ci_alone: estimatesOnly ? null : interval(f.c, LEVEL),
      p: ps[i],
      p_holm: holmOf.get(f.key)!,
      differs: ci !== null && (ci[0] > 0 || ci[1] < 0),
      n: f.n,
    };
  });
}

/** The interaction found with 80% power by the family's simultaneous test, at the family's median SE. */
function mde(family: Family<unknown>): number | null {
  const ses = family.map((f) => f.c.se).filter((s) => s > 0).sort((x, y) => x - y);
  if (!ses.length) return null;
  const k = new Set(family.map((f) => f.key)).size;
  return (normalPpf(0.5 + sidakLevel(LEVEL, k) / 2) + POWER_Z) * ses[Math.floor((ses.length - 1) / 2)];
}
