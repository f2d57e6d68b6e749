/**
 * The estimator behind every probe number: group effects under given weights of families, fillers and
 * combinations (all 1 for the point estimate; multinomial counts for a bootstrap resample) and a given
 * filler -> group labelling (permuted for the permutation test).
 *
 * On template t: a filler's cell is its mean over the (weighted) combinations of the other slots; a group's mean
 * m[t,g] is the weighted mean of its fillers' cells; the template's average a[t] is the plain mean of m[t,g] over
 * the groups present; the contrast is d[t,g] = m[t,g] - a[t]. A family's contrast is the mean of d over its
 * templates, and the group effect is the weighted mean over families. Each paraphrase family counts once.
 *
 * Buffers are allocated once per Estimator; nothing is allocated per call.
 */
import type { Grid } from './grid.js';

export interface Weights {
  family: Float64Array | null;
  filler: Float64Array | null;
  combo: Float64Array | null;
}

export const UNIT_WEIGHTS: Weights = { family: null, filler: null, combo: null };

export interface Estimates {
  effect: Float64Array;
  mean: Float64Array;
  overall: number;
  /** Per control word: mean shift from the average of the real groups. */
  control: Float64Array;
  flipRate: number;
  rangeMean: number;
}

/** Share of cross-group sentence pairs with different labels in one (template, combination); NaN below 2 groups. */
function flipShare(grid: Grid, t: number, c: number, fillerGroup: Int32Array, counts: Int32Array): number {
  const F = grid.fillers.length;
  const L = grid.labels.length;
  counts.fill(0);
  const labels = grid.labelIds[t];
  let n = 0;
  for (let f = 0; f < F; f++) {
    const g = fillerGroup[f];
    const l = labels[c * F + f];
    if (g < 0 || l < 0) continue;
    counts[g * L + l]++;
    n++;
  }
  const G = grid.groups;
  let sumSquares = 0;
  let present = 0;
  for (let g = 0; g < G; g++) {
    let ng = 0;
    for (let l = 0; l < L; l++) ng += counts[g * L + l];
    if (ng > 0) present++;
    sumSquares += ng * ng;
  }
  if (present < 2) return NaN;
  const pairs = (n * n - sumSquares) / 2;
  let same = 0;
  for (let l = 0; l < L; l++) {
    let total = 0;
    let squares = 0;
    for (let g = 0; g < G; g++) {
      const k = counts[g * L + l];
      total += k;
      squares += k * k;
    }
    same += (total * total - squares) / 2;
  }
  return (pairs - same) / pairs;
}

export class Estimator {
  readonly grid: Grid;
  readonly included: number[][];
  readonly fillerGroup: Int32Array;
  /** Flip share per template and local combination, with the true labelling. */
  readonly flips: Float64Array[];
  private readonly val: Float64Array;
  private readonly gSum: Float64Array;
  private readonly gW: Float64Array;
  private readonly famD: Float64Array;
  private readonly famM: Float64Array;
  private readonly famN: Int32Array;
  private readonly famC: Float64Array;
  private readonly famCN: Int32Array;
  private readonly totW: Float64Array;
  private readonly totWC: Float64Array;
  readonly out: Estimates;
  /** Filled when `detail` is set: per template, d[t * G + g] (NaN where absent) and the group means m. */
  readonly d: Float64Array;
  readonly m: Float64Array;
  /** Per family, the family contrast D[F * G + g] (NaN where absent). */
  readonly familyD: Float64Array;

  /** `templates`: the templates this analysis uses (e.g. the neutral ones). */
  constructor(grid: Grid, templates: number[]) {
    this.grid = grid;
    const mask = new Set(templates);
    this.included = grid.familyTemplates.map((ts) => ts.filter((t) => mask.has(t)));
    this.fillerGroup = Int32Array.from(grid.fillers, (f) => f.group);
    const F = grid.fillers.length;
    const G = grid.groups;
    const Fam = grid.families.length;
    const K = grid.controlFillers.length;
    const counts = new Int32Array(G * Math.max(1, grid.labels.length));
    this.flips = grid.templates.map((info, t) => Float64Array.from(info.combos, (_, c) => flipShare(grid, t, c, this.fillerGroup, counts)));
    this.val = new Float64Array(F);
    this.gSum = new Float64Array(G);
    this.gW = new Float64Array(G);
    this.famD = new Float64Array(G);
    this.famM = new Float64Array(G);
    this.famN = new Int32Array(G);
    this.famC = new Float64Array(K);
    this.famCN = new Int32Array(K);
    this.totW = new Float64Array(G);
    this.totWC = new Float64Array(K);
    this.out = {
      effect: new Float64Array(G), mean: new Float64Array(G), overall: NaN, control: new Float64Array(K), flipRate: NaN, rangeMean: NaN,
    };
    this.d = new Float64Array(grid.templates.length * G).fill(NaN);
    this.m = new Float64Array(grid.templates.length * G).fill(NaN);
    this.familyD = new Float64Array(Fam * G).fill(NaN);
  }

  /** Estimates under `w` and a filler -> group labelling (default: the true one). Returns `this.out` (reused). */
  run(w: Weights, fillerGroup: Int32Array = this.fillerGroup, detail = false): Estimates {
    const { grid, val, gSum, gW, famD, famM, famN, famC, famCN } = this;
    const F = grid.fillers.length;
    const G = grid.groups;
    const K = grid.controlFillers.length;
    const out = this.out;
    out.effect.fill(0);
    out.mean.fill(0);
    out.control.fill(0);
    const { totW, totWC } = this;
    totW.fill(0);
    totWC.fill(0);
    let overallSum = 0;
    let overallW = 0;
    let flipSum = 0;
    let flipW = 0;
    let rangeSum = 0;
    let rangeW = 0;
    for (let fam = 0; fam < this.included.length; fam++) {
      const W = w.family ? w.family[fam] : 1;
      const ts = this.included[fam];
      if (W === 0 || ts.length === 0) continue;
      famD.fill(0);
      famM.fill(0);
      famN.fill(0);
      famC.fill(0);
      famCN.fill(0);
      let famA = 0;
      let famAN = 0;
      let famFlip = 0;
      let famFlipN = 0;
      let famRange = 0;
      let famRangeN = 0;
      for (const t of ts) {
        const info = grid.templates[t];
        const C = info.combos.length;
        const scores = grid.scores[t];
        if (w.combo && C > 1) {
          for (let f = 0; f < F; f++) {
            let s = 0;
            let n = 0;
            for (let c = 0; c < C; c++) {
              const v = scores[c * F + f];
              const wc = w.combo[info.combos[c]];
              if (wc > 0 && !Number.isNaN(v)) {
                s += wc * v;
                n += wc;
              }
            }
            val[f] = n > 0 ? s / n : NaN;
          }
        } else {
          val.set(grid.cell.subarray(t * F, (t + 1) * F));
        }
        gSum.fill(0);
        gW.fill(0);
        for (let f = 0; f < F; f++) {
          const g = fillerGroup[f];
          const v = val[f];
          if (g < 0 || Number.isNaN(v)) continue;
          const wf = w.filler ? w.filler[f] : 1;
          gSum[g] += wf * v;
          gW[g] += wf;
        }
        let a = 0;
        let nA = 0;
        let lo = Infinity;
        let hi = -Infinity;
        for (let g = 0; g < G; g++) {
          if (gW[g] > 0) {
            const mg = gSum[g] / gW[g];
            gSum[g] = mg;
            a += mg;
            nA++;
            if (mg < lo) lo = mg;
            if (mg > hi) hi = mg;
          } else gSum[g] = NaN;
        }
        if (nA === 0) continue;
        a /= nA;
        famA += a;
        famAN++;
        if (nA > 1) {
          famRange += hi - lo;
          famRangeN++;
        }
        for (let g = 0; g < G; g++) {
          const mg = gSum[g];
          if (detail) {
            this.m[t * G + g] = mg;
            this.d[t * G + g] = mg - a;
          }
          if (Number.isNaN(mg)) continue;
          famD[g] += mg - a;
          famM[g] += mg;
          famN[g]++;
        }
        for (let k = 0; k < K; k++) {
          const v = val[grid.controlFillers[k]];
          if (Number.isNaN(v)) continue;
          famC[k] += v - a;
          famCN[k]++;
        }
        // Flip rate: mean over the template's (weighted) combinations.
        const flips = this.flips[t];
        let fs = 0;
        let fn = 0;
        for (let c = 0; c < C; c++) {
          const fv = flips[c];
          const wc = w.combo && C > 1 ? w.combo[info.combos[c]] : 1;
          if (wc > 0 && !Number.isNaN(fv)) {
            fs += wc * fv;
            fn += wc;
          }
        }
        if (fn > 0) {
          famFlip += fs / fn;
          famFlipN++;
        }
      }
      if (famAN === 0) continue;
      overallSum += (W * famA) / famAN;
      overallW += W;
      if (famRangeN > 0) {
        rangeSum += (W * famRange) / famRangeN;
        rangeW += W;
      }
      if (famFlipN > 0) {
        flipSum += (W * famFlip) / famFlipN;
        flipW += W;
      }
      for (let g = 0; g < G; g++) {
        if (famN[g] === 0) {
          if (detail) this.familyD[fam * G + g] = NaN;
          continue;
        }
        const D = famD[g] / famN[g];
        if (detail) this.familyD[fam * G + g] = D;
        out.effect[g] += W * D;
        out.mean[g] += (W * famM[g]) / famN[g];
        totW[g] += W;
      }
      for (let k = 0; k < K; k++) {
        if (famCN[k] === 0) continue;
        out.control[k] += (W * famC[k]) / famCN[k];
        totWC[k] += W;
      }
    }
    for (let g = 0; g < G; g++) {
      out.effect[g] = totW[g] > 0 ? out.effect[g] / totW[g] : NaN;
      out.mean[g] = totW[g] > 0 ? out.mean[g] / totW[g] : NaN;
    }
    for (let k = 0; k < K; k++) out.control[k] = totWC[k] > 0 ? out.control[k] / totWC[k] : NaN;
    out.overall = overallW > 0 ? overallSum / overallW : NaN;
    out.flipRate = flipW > 0 ? flipSum / flipW : NaN;
    out.rangeMean = rangeW > 0 ? rangeSum / rangeW : NaN;
    return out;
  }
}
