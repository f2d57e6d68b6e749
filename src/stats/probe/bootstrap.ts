/**
 * Two-way cluster bootstrap over templates and fillers (field-anchors (b) 13 and §3: the sampling units are
 * templates and fillers, not sentences). One resample draws T templates with replacement and, inside each
 * drawn template that has several filler combinations (other slots), draws its combinations with
 * replacement; the same draw is used for every group, which keeps the comparison paired. Groups themselves
 * are not resampled: they are the categories under audit, not a sample of them (roll-ups are the exception,
 * see `rollups`).
 *
 * Everything is written into preallocated typed arrays; nothing is allocated per resample.
 */
import { normalPpf } from '../distributions.js';
import type { Rng } from '../random.js';
import type { Grid } from './grid.js';
import { summarizeRow } from './templates.js';

export interface BootstrapInput {
  grid: Grid;
  /** Point estimates per template, over real groups. */
  medians: Float64Array;
  ranges: Float64Array;
  flipPerCombo: Float64Array[];
  flipPerTemplate: Float64Array;
  /** diff[t * groups + g]: the group's cell minus the mean of the other groups on t (NaN if undefined). */
  diff: Float64Array;
  rollups: Int32Array[];
  resamples: number;
  rng: Rng;
}

export interface BootstrapOutput {
  /** Group-major: value[g * resamples + r]. */
  mean: Float64Array;
  centred: Float64Array;
  rank: Float64Array;
  overall: Float64Array;
  groupGap: Float64Array;
  maxAbsDeviation: Float64Array;
  flipRate: Float64Array;
  scoreRangeMean: Float64Array;
  shareSignificant: Float64Array;
  controlGap: Float64Array;
  /** rollup[i * resamples + r]. */
  rollup: Float64Array;
}

/**
 * Per group, its templates ordered by |diff| with tie blocks, so that a resample's signed-rank statistic is
 * computed from template multiplicities in O(T) without sorting (ranks of repeated templates are tied).
 */
interface RankPlan {
  order: Int32Array;
  blockEnd: Int32Array;
  /** 1 where the template's difference is positive, else 0 (a double, so the fast loop has no branch). */
  positive: Float64Array;
  length: number;
  /** Whether some |differences| are equal in the data itself (then ranks are averaged over blocks). */
  tied: boolean;
}

function rankPlans(diff: Float64Array, templates: number, groups: number): RankPlan[] {
  const plans: RankPlan[] = [];
  for (let g = 0; g < groups; g++) {
    const ts: number[] = [];
    for (let t = 0; t < templates; t++) {
      const d = diff[t * groups + g];
      if (!Number.isNaN(d) && d !== 0) ts.push(t);
    }
    const abs = (t: number) => Math.abs(diff[t * groups + g]);
    ts.sort((a, b) => abs(a) - abs(b));
    const order = Int32Array.from(ts);
    const blockEnd = new Int32Array(ts.length);
    const positive = new Float64Array(ts.length);
    let tied = false;
    for (let i = ts.length - 1; i >= 0; i--) {
      const sameAsNext = i + 1 < ts.length && abs(ts[i + 1]) === abs(ts[i]);
      tied ||= sameAsNext;
      blockEnd[i] = sameAsNext ? blockEnd[i + 1] : i + 1;
      positive[i] = diff[ts[i] * groups + g] > 0 ? 1 : 0;
    }
    plans.push({ order, blockEnd, positive, length: ts.length, tied });
  }
  return plans;
}

/**
 * |z| of the Wilcoxon signed-rank statistic (normal approximation with tie correction, ties coming from
 * repeated templates) for one resample; 0 when nothing is left to test. A template drawn w times occupies
 * w tied ranks, whose average is cum + (w + 1) / 2.
 */
function resampledWilcoxonZ(plan: RankPlan, weight: Int32Array): number {
  let cum = 0;
  let rPlus = 0;
  let tieSum = 0;
  if (!plan.tied) {
    // Hot loop (groups x templates x resamples): no branches, w = 0 contributes nothing.
    for (let j = 0; j < plan.length; j++) {
      const w = weight[plan.order[j]];
      rPlus += plan.positive[j] * w * (cum + (w + 1) * 0.5);
      tieSum += w * w * w - w;
      cum += w;
    }
  } else {
    let i = 0;
    while (i < plan.length) {
      const end = plan.blockEnd[i];
      let w = 0;
      let wPositive = 0;
      for (let j = i; j < end; j++) {
        const k = weight[plan.order[j]];
        w += k;
        wPositive += plan.positive[j] * k;
      }
      rPlus += (cum + (w + 1) / 2) * wPositive;
      tieSum += w * w * w - w;
      cum += w;
      i = end;
    }
  }
  if (cum === 0) return 0;
  const se = Math.sqrt((cum * (cum + 1) * (2 * cum + 1) - tieSum / 2) / 24);
  return se > 0 ? Math.abs(rPlus - (cum * (cum + 1)) / 4) / se : 0;
}

/**
 * Holm at 0.05 on two-sided normal p-values, done on |z| so no p-value is computed per resample: the i-th
 * smallest p is rejected (step-down) while |z| of the i-th largest exceeds the normal quantile of 1 - 0.05/(2(m-i)).
 */
function holmCriticalZ(m: number): Float64Array {
  return Float64Array.from({ length: m }, (_, i) => normalPpf(1 - 0.05 / (2 * (m - i))));
}

/** Holm rejections from |z| (left in arbitrary order). Only values above the loosest threshold can count, so
 * only those are sorted; usually a handful. `candidates` is scratch of the same length. */
function holmRejections(absZ: Float64Array, critical: Float64Array, candidates: Float64Array): number {
  const m = absZ.length;
  const loosest = critical[m - 1];
  let n = 0;
  for (let i = 0; i < m; i++) if (absZ[i] > loosest) candidates[n++] = absZ[i];
  const top = candidates.subarray(0, n).sort();
  for (let i = 0; i < n; i++) if (!(top[n - 1 - i] > critical[i])) return i;
  return n;
}

export function runBootstrap(input: BootstrapInput): BootstrapOutput {
  const { grid, medians, ranges, flipPerCombo, flipPerTemplate, diff, rollups, resamples: R, rng } = input;
  const T = grid.templates.length;
  const G = grid.groups;
  const C = grid.columns;
  const out: BootstrapOutput = {
    mean: new Float64Array(G * R),
    centred: new Float64Array(G * R),
    rank: new Float64Array(G * R),
    overall: new Float64Array(R),
    groupGap: new Float64Array(R),
    maxAbsDeviation: new Float64Array(R),
    flipRate: new Float64Array(R),
    scoreRangeMean: new Float64Array(R),
    shareSignificant: new Float64Array(R),
    controlGap: new Float64Array(R),
    rollup: new Float64Array(rollups.length * R),
  };
  const plans = rankPlans(diff, T, G);
  const sum = new Float64Array(C);
  const count = new Int32Array(C);
  const centredSum = new Float64Array(G);
  const mu = new Float64Array(C);
  const weight = new Int32Array(T);
  const rowBuffer = new Float64Array(C);
  const rowCount = new Int32Array(C);
  const scratch = new Float64Array(C);
  const maxCombos = Math.max(...grid.templates.map((t) => t.combos));
  const drawn = new Int32Array(maxCombos);
  const absZ = new Float64Array(G);
  const critical = holmCriticalZ(G);
  const candidates = new Float64Array(G);
  const sortedMu = new Float64Array(G);

  for (let r = 0; r < R; r++) {
    sum.fill(0);
    count.fill(0);
    centredSum.fill(0);
    weight.fill(0);
    let overallSum = 0;
    let overallN = 0;
    let flipSum = 0;
    let flipN = 0;
    let rangeSum = 0;
    let rangeN = 0;
    for (let k = 0; k < T; k++) {
      const t = rng.int(T);
      weight[t]++;
      const combos = grid.templates[t].combos;
      let row: ArrayLike<number>;
      let offset: number;
      let median: number;
      let range: number;
      let flip: number;
      if (combos === 1) {
        row = grid.cell;
        offset = t * C;
        median = medians[t];
        range = ranges[t];
        flip = flipPerTemplate[t];
      } else {
        rowBuffer.fill(0);
        rowCount.fill(0);
        flip = 0;
        let flipCount = 0;
        for (let j = 0; j < combos; j++) drawn[j] = rng.int(combos);
        const scores = grid.scores[t];
        for (let j = 0; j < combos; j++) {
          const c = drawn[j];
          for (let g = 0; g < C; g++) {
            const v = scores[c * C + g];
            if (!Number.isNaN(v)) {
              rowBuffer[g] += v;
              rowCount[g]++;
            }
          }
          const f = flipPerCombo[t][c];
          if (!Number.isNaN(f)) {
            flip += f;
            flipCount++;
          }
        }
        for (let g = 0; g < C; g++) rowBuffer[g] = rowCount[g] > 0 ? rowBuffer[g] / rowCount[g] : NaN;
        flip = flipCount > 0 ? flip / flipCount : NaN;
        const summary = summarizeRow(rowBuffer, G, scratch);
        median = summary.median;
        range = summary.max - summary.min;
        row = rowBuffer;
        offset = 0;
      }
      for (let g = 0; g < C; g++) {
        const v = row[offset + g];
        if (Number.isNaN(v)) continue;
        sum[g] += v;
        count[g]++;
        if (g < G) {
          centredSum[g] += v - median;
          overallSum += v;
          overallN++;
        }
      }
      if (!Number.isNaN(range)) {
        rangeSum += range;
        rangeN++;
      }
      if (!Number.isNaN(flip)) {
        flipSum += flip;
        flipN++;
      }
    }

    const overall = overallSum / overallN;
    let lo = Infinity;
    let hi = -Infinity;
    let controlLo = Infinity;
    let controlHi = -Infinity;
    for (let g = 0; g < C; g++) {
      mu[g] = count[g] > 0 ? sum[g] / count[g] : NaN;
      if (Number.isNaN(mu[g])) continue;
      if (g < G) {
        lo = Math.min(lo, mu[g]);
        hi = Math.max(hi, mu[g]);
      } else {
        controlLo = Math.min(controlLo, mu[g]);
        controlHi = Math.max(controlHi, mu[g]);
      }
    }
    let maxDev = 0;
    for (let g = 0; g < G; g++) {
      out.mean[g * R + r] = mu[g];
      out.centred[g * R + r] = count[g] > 0 ? centredSum[g] / count[g] : NaN;
      if (!Number.isNaN(mu[g])) maxDev = Math.max(maxDev, Math.abs(mu[g] - overall));
    }
    // Rank = 1 + number of groups with a strictly higher mean (ties share the better rank); NaN sorts last.
    sortedMu.set(mu.subarray(0, G));
    sortedMu.sort();
    let finite = G;
    while (finite > 0 && Number.isNaN(sortedMu[finite - 1])) finite--;
    for (let g = 0; g < G; g++) out.rank[g * R + r] = Number.isNaN(mu[g]) ? NaN : 1 + finite - upperBound(sortedMu, finite, mu[g]);
    out.overall[r] = overall;
    out.groupGap[r] = hi - lo;
    out.maxAbsDeviation[r] = maxDev;
    out.flipRate[r] = flipN > 0 ? flipSum / flipN : NaN;
    out.scoreRangeMean[r] = rangeN > 0 ? rangeSum / rangeN : NaN;
    out.controlGap[r] = C > G ? controlHi - controlLo : NaN;

    // Roll-ups also resample their member groups: the groups of a region are a sample of that region.
    rollups.forEach((members, i) => {
      let s = 0;
      let m = 0;
      for (let j = 0; j < members.length; j++) {
        const v = mu[members[rng.int(members.length)]];
        if (!Number.isNaN(v)) {
          s += v;
          m++;
        }
      }
      out.rollup[i * R + r] = m > 0 ? s / m : NaN;
    });

    // share_significant: the test is at template level, so it uses the template draw only (cells at their
    // filler means) with the signed-rank normal approximation (a resample has tied, repeated templates).
    for (let g = 0; g < G; g++) absZ[g] = resampledWilcoxonZ(plans[g], weight);
    out.shareSignificant[r] = holmRejections(absZ, critical, candidates) / G;
  }
  return out;
}

/** Index of the first element of sorted[0..n) greater than v. */
function upperBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
