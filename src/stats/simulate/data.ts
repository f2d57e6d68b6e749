/**
 * Monte Carlo calibration of the own-data statistics (analyzeLabelled, summarizeSwaps) on simulated labelled
 * texts with a known truth. Scores come from a latent binormal model: z = d·y + e (+ δ for the negatives of a
 * shifted subgroup), score = expit(c·z) rounded to a grid; rounding makes the truth exact (AUCs and rates are
 * sums over the grid's cells of normal probabilities) and a coarse grid gives saturated, heavily tied scores.
 * Subgroups are disjoint, of unequal sizes (6 to 500 texts), the rest of the texts is background.
 * Swaps: from -> to pairs on three axes, per-source random effects and per-counterfactual noise, no identity
 * effect (mean change 0), half the changes exactly 0 in the saturated design.
 */
import { normalCdf, normalPpf } from '../distributions.js';
import { analyzeLabelled, type LabelledAnalysis } from '../fairness/analyze.js';
import { holmAdjust, summarizeSwaps, type SwapRow } from '../fairness/swaps.js';
import { mulberry32, type Rng } from '../random.js';
import { hitCounter } from './hits.js';

export interface DataDesign {
  name: string;
  /** Texts outside every subgroup. */
  background: number;
  /** Sizes of the (disjoint) subgroups. */
  subgroups: number[];
  prevalence: number;
  /** Separation of the classes on the latent scale. */
  d: number;
  /** Score = expit(scale · z) rounded to `grid`. */
  scale: number;
  grid: number;
  /** Latent shift of the negatives of subgroup k (a known non-null truth at a policy threshold). */
  shiftNegatives?: Record<number, number>;
}

export interface SwapDesign {
  name: string;
  /** Per axis: the number of source texts of each from -> to pair. */
  axes: number[][];
  /** Share of counterfactuals whose score does not move at all (saturated scores). */
  zeros: number;
}

const THRESHOLD = 0.5;

/** The δ that puts subgroup negatives' BPSN AUC (against background positives at d) exactly at `auc`. */
export const shiftForBpsn = (d: number, auc: number): number => d - Math.SQRT2 * normalPpf(auc);

export const DATA_DESIGNS: DataDesign[] = [
  { name: 'data_null_6_to_500', background: 2000, subgroups: [6, 12, 20, 50, 100, 200, 500], prevalence: 0.4, d: 1.5, scale: 1,
    grid: 1e-4 },
  { name: 'data_null_saturated', background: 1500, subgroups: [6, 30, 60, 120, 300], prevalence: 0.3, d: 2, scale: 3, grid: 0.1 },
  // One subgroup of 100 texts exactly at the default rule's BPSN threshold (0.80); the others null.
  { name: 'data_bpsn_at_0.80', background: 2000, subgroups: [10, 50, 100, 300], prevalence: 0.4, d: 1.5, scale: 1, grid: 1e-4,
    shiftNegatives: { 2: shiftForBpsn(1.5, 0.8) } },
  // One subgroup of 120 texts whose FPR is exactly 0.10 above the background's (threshold 0.5 on z = 0: 0.5 -> 0.6).
  { name: 'data_fpr_gap_at_0.10', background: 2000, subgroups: [10, 50, 120, 300], prevalence: 0.4, d: 1.5, scale: 1, grid: 1e-4,
    shiftNegatives: { 2: normalPpf(0.6) } },
];

export const SWAP_DESIGNS: SwapDesign[] = [
  { name: 'swaps_3_axes', axes: [[40, 40], [8, 15, 25, 30, 60, 80], [5, 6, 10, 12, 20, 20, 30, 40, 50, 90]], zeros: 0 },
  { name: 'swaps_3_axes_saturated', axes: [[40, 40], [8, 15, 25, 30, 60, 80], [5, 6, 10, 12, 20, 20, 30, 40, 50, 90]], zeros: 0.5 },
];

const gauss = (rng: Rng) => normalPpf((rng.nextUint32() + 0.5) / 4294967296);
const expit = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** Probabilities of the grid's cells for a latent N(mu, 1): the exact law of the rounded score. */
function cellLaw(design: DataDesign, mu: number): Float64Array {
  const cells = Math.round(1 / design.grid) + 1;
  const p = new Float64Array(cells);
  let below = 0;
  for (let k = 0; k < cells; k++) {
    const edge = k === cells - 1 ? 1 : (k + 0.5) * design.grid;
    const cdf = edge >= 1 ? 1 : normalCdf(logit(edge) / design.scale - mu);
    p[k] = cdf - below;
    below = cdf;
  }
  return p;
}

function lawAuc(x: Float64Array, y: Float64Array): number {
  let yBelow = 0;
  let a = 0;
  for (let k = 0; k < x.length; k++) {
    a += x[k] * (yBelow + 0.5 * y[k]);
    yBelow += y[k];
  }
  return a;
}

const above = (law: Float64Array, design: DataDesign) => {
  let s = 0;
  for (let k = 0; k < law.length; k++) if (k * design.grid >= THRESHOLD - 1e-12) s += law[k];
  return s;
};

/** True values per subgroup (background = every other text, in expectation). */
export function dataTruth(design: DataDesign) {
  const pos = cellLaw(design, design.d);
  const neg = cellLaw(design, 0);
  const sizes = design.subgroups;
  const shiftOf = (k: number) => design.shiftNegatives?.[k] ?? 0;
  const negOf = sizes.map((_, k) => (shiftOf(k) ? cellLaw(design, shiftOf(k)) : neg));
  const total = design.background + sizes.reduce((a, b) => a + b, 0);
  return sizes.map((size, k) => {
    // Background negatives: a mixture of the unshifted and the other subgroups' shifted negatives, by size.
    const bgNeg = new Float64Array(neg.length);
    for (let j = 0; j < sizes.length; j++) {
      if (j !== k) for (let c = 0; c < neg.length; c++) bgNeg[c] += (sizes[j] / (total - size)) * negOf[j][c];
    }
    const rest = design.background / (total - size);
    for (let c = 0; c < neg.length; c++) bgNeg[c] += rest * neg[c];
    const tpr = above(pos, design);
    const fpr = above(negOf[k], design);
    const bgFpr = above(bgNeg, design);
    return {
      subgroup_auc: lawAuc(pos, negOf[k]), bpsn_auc: lawAuc(pos, negOf[k]), bnsp_auc: lawAuc(pos, bgNeg),
      tpr, fpr, tpr_gap: 0, fpr_gap: fpr - bgFpr, fnr_gap: 0,
    };
  });
}

export function simulateData(design: DataDesign, seed: number) {
  const rng = mulberry32(seed);
  const scores: number[] = [];
  const labels: number[] = [];
  const subgroups = design.subgroups.map((_, k) => ({ name: `g${k}`, members: [] as number[] }));
  const add = (k: number) => {
    const y = rng.next() < design.prevalence ? 1 : 0;
    const z = design.d * y + gauss(rng) + (y === 0 ? design.shiftNegatives?.[k] ?? 0 : 0);
    if (k >= 0) subgroups[k].members.push(scores.length);
    scores.push(Math.round(expit(design.scale * z) / design.grid) * design.grid);
    labels.push(y);
  };
  for (let i = 0; i < design.background; i++) add(-1);
  design.subgroups.forEach((n, k) => { for (let i = 0; i < n; i++) add(k); });
  return { scores, labels, subgroups, threshold: THRESHOLD };
}

const FIELDS = ['subgroup_auc', 'bpsn_auc', 'bnsp_auc', 'tpr', 'fpr', 'tpr_gap', 'fpr_gap', 'fnr_gap'] as const;

export interface DataCalibration {
  design: string;
  simulations: number;
  /** Share of (judged null subgroup, simulation) whose marginal 95% TPR- or FPR-gap interval excludes 0 (half each). */
  perGroupFpr: number;
  /**
   * Per gap metric (TPR, FPR, FNR gap; each gate metric is its own family), the share of simulations where some
   * judged subgroup's simultaneous interval excludes its truth: the largest of the three, and which.
   */
  familyWise: number;
  familyWiseMetric: string;
  /** Lowest coverage over fields and subgroup sizes of the marginal 95% intervals (every subgroup, judged or not). */
  coverage: number;
  coverageWorst: string;
  /** Lowest coverage of the worst-case gate intervals (the true worst value over judged subgroups). */
  worstCoverage: number;
  worstCoverageWorst: string;
  /** Share of simulations failing the default policy's labelled-data rules (bpsn_auc min 0.80, fpr_gap max 0.10). */
  gateFails: number;
  /** Share of simulations with an interval excluding its own estimate, or zero-width with differing values. */
  degenerate: number;
  seconds: number;
}

/** A gate: true when the run fails (the bench runs the default policy through checkRun). */
export type DataGate = (summary: LabelledAnalysis['worst']) => boolean;

export function calibrateData(design: DataDesign, options: { simulations: number; seed?: number; gate: DataGate }): DataCalibration {
  const started = performance.now();
  const truth = dataTruth(design);
  const hits = hitCounter();
  const { count, rate, lowest } = hits;
  let perGroup = 0, perGroupN = 0, gateFails = 0, degenerate = 0;
  const missed = { tpr_gap: 0, fpr_gap: 0, fnr_gap: 0 };
  const worstFields = ['subgroup_auc', 'bpsn_auc', 'bnsp_auc', 'tpr_gap', 'fpr_gap', 'fnr_gap'] as const;
  for (let s = 0; s < options.simulations; s++) {
    const input = simulateData(design, (options.seed ?? 1) * 100_003 + s);
    const a = analyzeLabelled(input, { resamples: 0, seed: s });
    let bad = false;
    a.subgroups.forEach((g, k) => {
      for (const f of FIELDS) {
        const e = g[f];
        if (e.value === null || e.ci[0] === null || e.ci[1] === null) continue;
        if (e.ci[0] > e.value || e.ci[1] < e.value || e.ci[0] === e.ci[1]) bad = true;
        count(`${f} n=${design.subgroups[k]}`, e.ci[0] <= truth[k][f] && truth[k][f] <= e.ci[1]);
      }
      if (g.judged) {
        for (const f of ['tpr_gap', 'fpr_gap'] as const) {
          if (truth[k][f] !== 0 || g[f].ci[0] === null) continue;
          perGroupN++;
          if (g[f].ci[0]! > 0 || g[f].ci[1]! < 0) perGroup++;
        }
      }
    });
    // Worst-case intervals: the true worst value over the judged subgroups.
    const judged = a.subgroups.map((g, k) => (g.judged ? k : -1)).filter((k) => k >= 0);
    for (const f of worstFields) {
      const w = a.worst[f];
      if (w.value === null || w.ci[0] === null || w.ci[1] === null || judged.length === 0) continue;
      const values = judged.map((k) => (f.endsWith('_gap') ? Math.abs(truth[k][f]) : truth[k][f]));
      const t = f.endsWith('_gap') ? Math.max(...values) : Math.min(...values);
      const inside = w.ci[0] <= t + 1e-12 && t - 1e-12 <= w.ci[1];
      count(`worst ${f}`, inside);
      if ((f === 'tpr_gap' || f === 'fpr_gap' || f === 'fnr_gap') && !inside) missed[f]++;
      if (w.ci[0] > w.value || w.ci[1] < w.value) bad = true;
    }
    if (bad) degenerate++;
    if (options.gate(a.worst)) gateFails++;
  }
  const keys = hits.keys();
  const marginal = lowest(keys.filter((k) => !k.startsWith('worst')));
  const worst = lowest(keys.filter((k) => k.startsWith('worst')));
  return {
    design: design.name,
    simulations: options.simulations,
    perGroupFpr: perGroupN ? perGroup / perGroupN : NaN,
    familyWise: Math.max(...Object.values(missed)) / options.simulations,
    familyWiseMetric: (Object.keys(missed) as (keyof typeof missed)[]).reduce((a, b) => (missed[b] > missed[a] ? b : a)),
    coverage: rate(marginal),
    coverageWorst: marginal,
    worstCoverage: worst ? rate(worst) : NaN,
    worstCoverageWorst: worst ?? '',
    gateFails: gateFails / options.simulations,
    degenerate: degenerate / options.simulations,
    seconds: (performance.now() - started) / 1000,
  };
}

export interface SwapCalibration {
  design: string;
  simulations: number;
  pairs: number;
  /** Share of (pair, simulation) with raw Wilcoxon p < 0.05. */
  perPairFpr: number;
  /** Share of simulations with a pair significant after Holm over every pair of the run (the reported family). */
  familyWise: number;
  /** The same with Holm within each axis only (the secondary view): what the run-level family prevents. */
  familyWiseAxis: number;
  /** Coverage of the mean-change intervals (truth 0) over pairs with an interval. */
  coverage: number;
  seconds: number;
}

export function calibrateSwaps(design: SwapDesign, options: { simulations: number; seed?: number }): SwapCalibration {
  const started = performance.now();
  let perPair = 0, tested = 0, fw = 0, fwAxis = 0, covered = 0, intervals = 0;
  const pairs = design.axes.flat().length;
  for (let s = 0; s < options.simulations; s++) {
    const rng = mulberry32((options.seed ?? 7) * 100_003 + s);
    const ps: (number | null)[][] = design.axes.map((axis) => axis.map((sources) => {
      const rows: SwapRow[] = [];
      for (let src = 0; src < sources; src++) {
        // Originals inside (0.05, 0.95) so that changes of a few hundredths stay on the probability scale unclamped.
        const original = 0.05 + 0.9 * expit(1.5 * gauss(rng));
        const u = 0.03 * gauss(rng);
        const k = 1 + rng.int(3);
        for (let c = 0; c < k; c++) {
          const change = rng.next() < design.zeros ? 0 : u + 0.02 * gauss(rng);
          rows.push({ source: src, original, counterfactual: original + change });
        }
      }
      const summary = summarizeSwaps(rows, { threshold: THRESHOLD, resamples: 0, seed: s });
      if (summary.mean_change.ci[0] !== null) {
        intervals++;
        if (summary.mean_change.ci[0] <= 0 && 0 <= summary.mean_change.ci[1]!) covered++;
      }
      return summary.p;
    }));
    for (const p of ps.flat()) if (p !== null) { tested++; if (p < 0.05) perPair++; }
    const run = holmAdjust(ps.flat());
    if (run.some((p) => p !== null && p < 0.05)) fw++;
    if (ps.some((axis) => holmAdjust(axis).some((p) => p !== null && p < 0.05))) fwAxis++;
  }
  return {
    design: design.name, simulations: options.simulations, pairs,
    perPairFpr: perPair / tested, familyWise: fw / options.simulations, familyWiseAxis: fwAxis / options.simulations,
    coverage: covered / intervals, seconds: (performance.now() - started) / 1000,
  };
}
