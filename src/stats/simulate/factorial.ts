/**
 * Monte Carlo calibration of the own-data factorial tables (stats/fairness/factorial.ts, `--intersect`) with a known
 * truth. A text of cell (a, b) has label y ~ Bernoulli(prevalence) and score expit(scale · (d·y + δ_ab + e)),
 * e ~ N(0, 1), δ_ab = row_a + planted_ab. With the threshold 0.5 (z = 0) every cell's TPR, FPR and positive rate is
 * a normal probability and its mean score a logistic-normal mean (numerical integration), so every contrast's truth
 * is exact. Null designs have row effects only: every interaction of every measure is exactly 0 (the cells of a row
 * are alike), and the main effects of B are 0.
 */
import { normalCdf, normalPpf } from '../distributions.js';
import { factorialTable, FACTORIAL_MEASURES, type FactorialInput, type FactorialMeasure } from '../fairness/factorial.js';
import { mulberry32 } from '../random.js';
import type { IntersectionTable } from '../../result/index.js';
import { meanSigmoid } from './index.js';
import { hitCounter } from './hits.js';

export interface FactorialDesign {
  name: string;
  /** Texts per cell, row-major (rows × cols). */
  sizes: number[][];
  prevalence: number;
  d: number;
  scale: number;
  /** Latent shift of each row (a main effect of A). */
  rows: number[];
  /** Latent shift of single cells, "a,b" -> shift (the planted interaction). */
  planted?: Record<string, number>;
}

export const FACTORIAL_DESIGNS: FactorialDesign[] = [
  // 2 x 3, unequal cells; the smallest cell's TPR / FPR is often under the minimum per class (tetrads then).
  { name: 'intersect_null_2x3', sizes: [[200, 120, 45], [150, 80, 300]], prevalence: 0.5, d: 1.5, scale: 1, rows: [0, 0.5] },
  // 3 x 3 with small cells (12 and 15 texts): TPR / FPR of those cells left out, mean and positive rate kept.
  { name: 'intersect_null_small_cells', sizes: [[12, 60, 100], [80, 15, 60], [120, 90, 40]], prevalence: 0.3, d: 1.5, scale: 1,
    rows: [0, -0.3, 0.4] },
  // Saturated scores (scale 4: most scores near 0 or 1), 2 x 2 of 30 to 300 texts.
  { name: 'intersect_null_saturated', sizes: [[30, 100], [50, 300]], prevalence: 0.4, d: 2, scale: 4, rows: [0, 0.6] },
  // One cell shifted by -0.8 on the latent scale: an interaction in every measure, at a known size.
  { name: 'intersect_planted_2x3', sizes: [[150, 150, 150], [150, 150, 150]], prevalence: 0.5, d: 1.5, scale: 1, rows: [0, 0.3],
    planted: { '0,2': -0.8 } },
];

const THRESHOLD = 0.5;
const expit = (x: number) => 1 / (1 + Math.exp(-x));
const gauss = (rng: { nextUint32(): number }) => normalPpf((rng.nextUint32() + 0.5) / 4294967296);

const shiftOf = (design: FactorialDesign, a: number, b: number) => design.rows[a] + (design.planted?.[`${a},${b}`] ?? 0);

/** True cell values of one measure, row-major. */
export function trueCells(design: FactorialDesign, measure: FactorialMeasure): number[] {
  const { d, scale, prevalence: p } = design;
  return design.sizes.flatMap((row, a) => row.map((_, b) => {
    const delta = shiftOf(design, a, b);
    switch (measure) {
      case 'mean_score': return p * meanSigmoid(scale * (d + delta), scale) + (1 - p) * meanSigmoid(scale * delta, scale);
      case 'positive_rate': return p * normalCdf(d + delta) + (1 - p) * normalCdf(delta);
      case 'tpr': return normalCdf(d + delta);
      case 'fpr': return normalCdf(delta);
    }
  }));
}

export function simulateFactorial(design: FactorialDesign, seed: number): FactorialInput {
  const rng = mulberry32(seed);
  const cellOf: number[] = [];
  const scores: number[] = [];
  const labels: number[] = [];
  const J = design.sizes[0].length;
  design.sizes.forEach((row, a) => row.forEach((n, b) => {
    for (let i = 0; i < n; i++) {
      const y = rng.next() < design.prevalence ? 1 : 0;
      cellOf.push(a * J + b);
      labels.push(y);
      scores.push(expit(design.scale * (design.d * y + shiftOf(design, a, b) + gauss(rng))));
    }
  }));
  return {
    attributes: ['A', 'B'], levels: [design.sizes.map((_, a) => `a${a}`), design.sizes[0].map((_, b) => `b${b}`)],
    cellOf, scores, labels, threshold: THRESHOLD,
  };
}

export interface FactorialCalibration {
  design: string;
  simulations: number;
  /** Null designs: per measure, the share of runs where some interaction (or tetrad) is marked; the largest, and which. */
  familyWise: number;
  familyWiseMeasure: string;
  /** Share of runs where some main effect of B is marked (null designs: all 0), largest over measures. */
  mainFamilyWise: number;
  /** Lowest coverage of the marginal 95% intervals over measures and families (each with at least 100 intervals). */
  coverage: number;
  coverageWorst: string;
  /** Lowest share of runs whose simultaneous intervals cover every effect of a family, over measures and families. */
  simultaneousCoverage: number;
  simultaneousWorst: string;
  /** Share of runs whose gate family was tetrads (a cell under its minimum), largest over measures. */
  incomplete: number;
  /** Planted designs: share of runs where the planted cell's mean-score interaction is marked with the right sign. */
  power: number | null;
  /** Share of runs with an interval excluding its own estimate or of zero width. */
  degenerate: number;
  seconds: number;
}

export function calibrateFactorial(design: FactorialDesign, options: { simulations: number; seed?: number }): FactorialCalibration {
  const started = performance.now();
  const truths = new Map(FACTORIAL_MEASURES.map((m) => [m, trueCells(design, m)]));
  const hits = hitCounter();
  const { count, rate, lowest } = hits;
  const fw = new Map(FACTORIAL_MEASURES.map((m) => [m, 0]));
  const incomplete = new Map(FACTORIAL_MEASURES.map((m) => [m, 0]));
  const mainFw = new Map(FACTORIAL_MEASURES.map((m) => [m, 0]));
  let power = 0, degenerate = 0;
  const null_ = !design.planted;
  const [plantedA, plantedB] = design.planted ? Object.keys(design.planted)[0].split(',').map(Number) : [-1, -1];
  for (let s = 0; s < options.simulations; s++) {
    const input = simulateFactorial(design, (options.seed ?? 3) * 100_003 + s);
    let bad = false;
    for (const m of FACTORIAL_MEASURES) {
      const run = factorialTable(input, m);
      const truth = factorialTable(input, m, {}, truths.get(m));
      if (!run.complete) incomplete.set(m, incomplete.get(m)! + 1);
      const families = { cells: [run.cells, truth.cells], main: [run.main, truth.main], interactions: [run.interactions,
        truth.interactions], tetrads: [run.tetrads, truth.tetrads] } as const;
      for (const [family, [got, want]] of Object.entries(families) as [string, readonly [Effect[], Effect[]]][]) {
        if (!got.length) continue;
        let all = true;
        got.forEach((e, i) => {
          const t = want[i].estimate;
          if (e.ci && (e.ci[0] > e.estimate || e.ci[1] < e.estimate || e.ci[0] === e.ci[1])) bad = true;
          if (e.ci_alone) count(`${m} ${family}`, e.ci_alone[0] <= t + 1e-12 && t - 1e-12 <= e.ci_alone[1]);
          if (!e.ci || !(e.ci[0] <= t + 1e-12 && t - 1e-12 <= e.ci[1])) all = false;
        });
        count(`simultaneous ${m} ${family}`, all);
      }
      if (null_ && [...run.interactions, ...run.tetrads].some((e) => e.differs)) fw.set(m, fw.get(m)! + 1);
      if (null_ && run.main.some((e) => e.a === null && e.differs)) mainFw.set(m, mainFw.get(m)! + 1);
      if (!null_ && m === 'mean_score') {
        const cell = run.interactions.find((e) => e.a === `a${plantedA}` && e.b === `b${plantedB}`);
        const sign = Math.sign(design.planted![`${plantedA},${plantedB}`]);
        if (cell?.differs && Math.sign(cell.estimate) === sign) power++;
      }
    }
    if (bad) degenerate++;
  }
  // Coverage is read where a family had at least 100 intervals (a family seen in few runs says little).
  const keys = hits.keys().filter((k) => hits.n(k) >= 100);
  const marginal = lowest(keys.filter((k) => !k.startsWith('simultaneous')));
  const simultaneous = lowest(keys.filter((k) => k.startsWith('simultaneous')));
  const worstMeasure = FACTORIAL_MEASURES.reduce((a, b) => (fw.get(b)! > fw.get(a)! ? b : a));
  const n = options.simulations;
  return {
    design: design.name,
    simulations: n,
    familyWise: null_ ? fw.get(worstMeasure)! / n : NaN,
    familyWiseMeasure: null_ ? worstMeasure : '',
    mainFamilyWise: null_ ? Math.max(...mainFw.values()) / n : NaN,
    coverage: rate(marginal),
    coverageWorst: marginal,
    simultaneousCoverage: rate(simultaneous),
    simultaneousWorst: simultaneous.replace(/^simultaneous /, ''),
    incomplete: Math.max(...incomplete.values()) / n,
    power: null_ ? null : power / n,
    degenerate: degenerate / n,
    seconds: (performance.now() - started) / 1000,
  };
}

type Effect = IntersectionTable['cells'][number] | IntersectionTable['tetrads'][number];

/**
 * The three-state calibration of the `data_max_abs_interaction` rule (policies/default.yaml, margin T): a base design
 * with row effects only, its first row's last cell shifted on the latent scale until that cell's true interaction of
 * `measure` is −truth (truth 0, T and 1.5 T). With one shifted cell of a 2 x J table that cell (and its mirror) has the
 * largest |interaction|, so the rule's true value is `truth`. The bases: the committed files' layout (2 x 3 of 80
 * texts) and a 2 x 2 of 400, on the mean score and on the positive rate.
 */
export const FACTORIAL_MARGIN_BASES: { base: FactorialDesign; measure: FactorialMeasure }[] = [
  { base: { name: 'interaction_2x3_80', sizes: [[80, 80, 80], [80, 80, 80]], prevalence: 0.5, d: 1.5, scale: 1, rows: [0, 0.3] },
    measure: 'mean_score' },
  { base: { name: 'interaction_2x2_400', sizes: [[400, 400], [400, 400]], prevalence: 0.5, d: 1.5, scale: 1, rows: [0, 0.3] },
    measure: 'mean_score' },
  { base: { name: 'interaction_2x2_400', sizes: [[400, 400], [400, 400]], prevalence: 0.5, d: 1.5, scale: 1, rows: [0, 0.3] },
    measure: 'positive_rate' },
];

/** The true sum-to-zero interaction of cell (a, b) of one measure (equal weights, every cell). */
export function trueInteraction(design: FactorialDesign, measure: FactorialMeasure, a: number, b: number): number {
  const cells = trueCells(design, measure);
  const J = design.sizes[0].length;
  const I = design.sizes.length;
  const at = (x: number, y: number) => cells[x * J + y];
  const row = (x: number) => design.sizes[0].reduce((s, _, y) => s + at(x, y), 0) / J;
  const col = (y: number) => design.sizes.reduce((s, _, x) => s + at(x, y), 0) / I;
  const grand = cells.reduce((s, v) => s + v, 0) / cells.length;
  return at(a, b) - row(a) - col(b) + grand;
}

/** The base with its planted cell shifted so that the rule's true value is each of 0, T and 1.5 T (bisection on the shift). */
export function marginFactorialDesigns(base: FactorialDesign, measure: FactorialMeasure, margin: number):
  { design: FactorialDesign; truth: number; label: string }[] {
  const b = base.sizes[0].length - 1;
  return [[0, '0'], [margin, 'T'], [1.5 * margin, '1.5 T']].map(([truth, label]) => {
    const at = (shift: number): FactorialDesign => ({ ...base, name: `${base.name}_${measure}_${label}`.replace(/ /g, ''),
      planted: shift === 0 ? undefined : { [`0,${b}`]: shift } });
    if (truth === 0) return { design: at(0), truth: 0, label: label as string };
    // The interaction falls as the cell's shift goes down: find the shift where it is −truth.
    let [lo, hi] = [-8, 0];
    for (let i = 0; i < 80; i++) {
      const mid = (lo + hi) / 2;
      if (trueInteraction(at(mid), measure, 0, b) < -(truth as number)) lo = mid;
      else hi = mid;
    }
    return { design: at((lo + hi) / 2), truth: truth as number, label: label as string };
  });
}

export type RuleState = 'pass' | 'fail' | 'inconclusive';

/** Shares of runs in each state of a rule read off one measure's table (`judge`: the policy's reading, review/check.ts). */
export function factorialStates(design: FactorialDesign, measure: FactorialMeasure,
  options: { simulations: number; seed?: number; judge: (table: IntersectionTable) => RuleState }): Record<RuleState, number> {
  const counts: Record<RuleState, number> = { pass: 0, fail: 0, inconclusive: 0 };
  for (let s = 0; s < options.simulations; s++) {
    const input = simulateFactorial(design, (options.seed ?? 5) * 100_003 + s);
    counts[options.judge(factorialTable(input, measure))]++;
  }
  const n = options.simulations;
  return { pass: counts.pass / n, fail: counts.fail / n, inconclusive: counts.inconclusive / n };
}
