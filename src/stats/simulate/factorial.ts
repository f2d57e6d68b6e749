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
