/**
 * Group metrics on labelled data (Borkan et al. 2019, "Nuanced metrics for measuring unintended bias with real
 * data for text classification"), computed for arbitrary non-negative row weights so that the same code gives
 * the point estimates (all weights 1) and every bootstrap resample (weights = multiplicities).
 *
 * Why by hand: no maintained JavaScript library computes weighted AUCs with ties, let alone BPSN/BNSP. The AUCs
 * and average equality gaps are all Mann-Whitney probabilities (ties count one half), so one sort of the scores
 * into tie blocks, done once, serves every subgroup and resample: per resample the global per-block class
 * weights are summed once (O(n)), and each subgroup is then walked over its own members only (O(n_sub)),
 * the background being "everything minus the subgroup".
 */

export interface LabelledInput {
  /** P(positive label) per text. */
  scores: ArrayLike<number>;
  /** 1 = positive, 0 = negative. */
  labels: ArrayLike<number>;
  /** Subgroup name -> indices of the texts that belong to it (a text may belong to several). */
  subgroups: { name: string; members: ArrayLike<number> }[];
  /** A score at or above it is a positive prediction. */
  threshold: number;
  /** Power of the generalized mean over subgroups (Jigsaw: -5). */
  power?: number;
  /** How many leading subgroups enter the generalized means (default all; intersections come after them). */
  meanOver?: number;
}

export interface Rates {
  tpr: number | null;
  fpr: number | null;
  fnr: number | null;
  positive_rate: number | null;
}

export interface SubgroupValues extends Rates {
  subgroup: string;
  n: number;
  positives: number;
  subgroup_auc: number | null;
  bpsn_auc: number | null;
  bnsp_auc: number | null;
  positive_aeg: number | null;
  negative_aeg: number | null;
  background: Rates;
  tpr_gap: number | null;
  fpr_gap: number | null;
  fnr_gap: number | null;
  equalized_odds_difference: number | null;
}

export interface OverallValues extends Rates {
  n: number;
  positives: number;
  auc: number | null;
  accuracy: number | null;
  f1: number | null;
}

export interface LabelledValues {
  overall: OverallValues;
  subgroups: SubgroupValues[];
  generalized_means: { subgroup_auc: number | null; bpsn_auc: number | null; bnsp_auc: number | null };
  final_score: number | null;
}

/** Scores sorted into tie blocks, and each subgroup's members in block order: built once per data set. */
export interface LabelledPlan {
  n: number;
  labels: Uint8Array;
  /** Block of each text (blocks ascend with the score; equal scores share a block). */
  block: Int32Array;
  blocks: number;
  /** Whether a block's score is at or above the threshold. */
  predicted: Uint8Array;
  subgroups: { name: string; members: Int32Array }[];
  power: number;
  meanOver: number;
}

export function planLabelled(input: LabelledInput): LabelledPlan {
  const n = input.scores.length;
  if (input.labels.length !== n) throw new Error(`labelled metrics: ${n} scores but ${input.labels.length} labels`);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = input.labels[i] === 1 ? 1 : 0;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => input.scores[a] - input.scores[b]);
  const block = new Int32Array(n);
  const predictedList: number[] = [];
  let b = -1;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (k === 0 || input.scores[i] !== input.scores[order[k - 1]]) {
      b++;
      predictedList.push(input.scores[i] >= input.threshold ? 1 : 0);
    }
    block[i] = b;
  }
  const subgroups = input.subgroups.map((s) => ({
    name: s.name,
    members: Int32Array.from(new Set(Array.from(s.members))).sort((x, y) => block[x] - block[y] || x - y),
  }));
  return {
    n, labels, block, blocks: b + 1, predicted: Uint8Array.from(predictedList), subgroups,
    power: input.power ?? -5, meanOver: input.meanOver ?? subgroups.length,
  };
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const gap = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);

function rates(tp: number, fp: number, fn: number, tn: number): Rates {
  return { tpr: ratio(tp, tp + fn), fpr: ratio(fp, fp + tn), fnr: ratio(fn, fn + tp), positive_rate: ratio(tp + fp, tp + fp + fn + tn) };
}

/** Power mean of the defined values (null when none is); p = -5 weighs the worst subgroups most (Jigsaw). */
export function generalizedMean(values: (number | null)[], p: number): number | null {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  if (v.length === 0) return null;
  let s = 0;
  for (const x of v) s += x ** p;
  return (s / v.length) ** (1 / p);
}

/** Scratch arrays reused across resamples. */
interface Scratch {
  pos: Float64Array;
  neg: Float64Array;
  posBelow: Float64Array;
  negBelow: Float64Array;
}

function scratchFor(plan: LabelledPlan): Scratch {
  const k = plan.blocks;
  return { pos: new Float64Array(k), neg: new Float64Array(k), posBelow: new Float64Array(k), negBelow: new Float64Array(k) };
}

/** Every metric for one weighting of the texts (`weights` null = each text once). */
export function labelledMetrics(
  plan: LabelledPlan,
  weights: ArrayLike<number> | null = null,
  scratch: Scratch = scratchFor(plan),
): LabelledValues {
  const { pos, neg, posBelow, negBelow } = scratch;
  const { labels, block, predicted } = plan;
  pos.fill(0);
  neg.fill(0);
  for (let i = 0; i < plan.n; i++) {
    const w = weights ? weights[i] : 1;
    if (labels[i]) pos[block[i]] += w;
    else neg[block[i]] += w;
  }
  let P = 0;
  let N = 0;
  let aucSum = 0;
  let tp = 0;
  let fp = 0;
  for (let b = 0; b < plan.blocks; b++) {
    posBelow[b] = P;
    negBelow[b] = N;
    aucSum += pos[b] * (N + 0.5 * neg[b]);
    P += pos[b];
    N += neg[b];
    if (predicted[b]) {
      tp += pos[b];
      fp += neg[b];
    }
  }
  const overallRates = rates(tp, fp, P - tp, N - fp);
  const precision = ratio(tp, tp + fp);
  const recall = overallRates.tpr;
  const overall: OverallValues = {
    n: P + N,
    positives: P,
    auc: P > 0 && N > 0 ? aucSum / (P * N) : null,
    accuracy: ratio(tp + (N - fp), P + N),
    f1: precision === null || recall === null ? null : precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    ...overallRates,
  };

  const subgroups = plan.subgroups.map((s) => subgroupMetrics(s.name, s.members, plan, weights, scratch, P, N, tp, fp));
  const gm = (k: 'subgroup_auc' | 'bpsn_auc' | 'bnsp_auc') => generalizedMean(subgroups.slice(0, plan.meanOver).map((s) => s[k]),
    plan.power);
  const generalized_means = { subgroup_auc: gm('subgroup_auc'), bpsn_auc: gm('bpsn_auc'), bnsp_auc: gm('bnsp_auc') };
  const parts = [overall.auc, generalized_means.subgroup_auc, generalized_means.bpsn_auc, generalized_means.bnsp_auc];
  const final_score = parts.every((x) => x !== null) ? 0.25 * (parts as number[]).reduce((a, x) => a + x, 0) : null;
  return { overall, subgroups, generalized_means, final_score };
}

function subgroupMetrics(
  name: string,
  members: Int32Array,
  plan: LabelledPlan,
  weights: ArrayLike<number> | null,
  scratch: Scratch,
  P: number,
  N: number,
  tpAll: number,
  fpAll: number,
): SubgroupValues {
  const { pos, neg, posBelow, negBelow } = scratch;
  const { labels, block, predicted } = plan;
  // Totals of the subgroup first (needed for "strictly above" counts).
  let SP = 0;
  let SN = 0;
  for (let k = 0; k < members.length; k++) {
    const i = members[k];
    const w = weights ? weights[i] : 1;
    if (labels[i]) SP += w;
    else SN += w;
  }
  let subPosBelow = 0;
  let subNegBelow = 0;
  let aucSub = 0; // sub positives over sub negatives
  let bpsn = 0; // background positives over sub negatives
  let bnsp = 0; // sub positives over background negatives
  let uPos = 0; // sub positives over background positives
  let uNeg = 0; // sub negatives over background negatives
  let tp = 0;
  let fp = 0;
  let k = 0;
  while (k < members.length) {
    const b = block[members[k]];
    let sp = 0;
    let sn = 0;
    while (k < members.length && block[members[k]] === b) {
      const i = members[k];
      const w = weights ? weights[i] : 1;
      if (labels[i]) sp += w;
      else sn += w;
      k++;
    }
    const bgPos = pos[b] - sp;
    const bgNeg = neg[b] - sn;
    const bgPosBelow = posBelow[b] - subPosBelow;
    const bgNegBelow = negBelow[b] - subNegBelow;
    const bgPosAbove = P - SP - bgPosBelow - bgPos;
    aucSub += sp * (subNegBelow + 0.5 * sn);
    bpsn += sn * (bgPosAbove + 0.5 * bgPos);
    bnsp += sp * (bgNegBelow + 0.5 * bgNeg);
    uPos += sp * (bgPosBelow + 0.5 * bgPos);
    uNeg += sn * (bgNegBelow + 0.5 * bgNeg);
    if (predicted[b]) {
      tp += sp;
      fp += sn;
    }
    subPosBelow += sp;
    subNegBelow += sn;
  }
  const BP = P - SP;
  const BN = N - SN;
  const sub = rates(tp, fp, SP - tp, SN - fp);
  const bg = rates(tpAll - tp, fpAll - fp, BP - (tpAll - tp), BN - (fpAll - fp));
  const tprGap = gap(sub.tpr, bg.tpr);
  const fprGap = gap(sub.fpr, bg.fpr);
  return {
    subgroup: name,
    n: SP + SN,
    positives: SP,
    subgroup_auc: SP > 0 && SN > 0 ? aucSub / (SP * SN) : null,
    bpsn_auc: SN > 0 && BP > 0 ? bpsn / (SN * BP) : null,
    bnsp_auc: SP > 0 && BN > 0 ? bnsp / (SP * BN) : null,
    positive_aeg: SP > 0 && BP > 0 ? 0.5 - uPos / (SP * BP) : null,
    negative_aeg: SN > 0 && BN > 0 ? 0.5 - uNeg / (SN * BN) : null,
    ...sub,
    background: bg,
    tpr_gap: tprGap,
    fpr_gap: fprGap,
    fnr_gap: gap(sub.fnr, bg.fnr),
    equalized_odds_difference: tprGap === null || fprGap === null ? null : Math.max(Math.abs(tprGap), Math.abs(fprGap)),
  };
}

/** The numeric fields of a subgroup that carry an interval, in a fixed order (for flattening resamples). */
export const SUBGROUP_FIELDS = [
  'subgroup_auc', 'bpsn_auc', 'bnsp_auc', 'positive_aeg', 'negative_aeg', 'tpr', 'fpr', 'fnr', 'positive_rate',
  'tpr_gap', 'fpr_gap', 'fnr_gap', 'equalized_odds_difference',
] as const;
export const OVERALL_FIELDS = ['auc', 'accuracy', 'f1', 'tpr', 'fpr', 'fnr', 'positive_rate'] as const;

/** All interval-carrying values of one weighting as a flat vector (null -> NaN). */
export function flattenLabelled(v: LabelledValues): number[] {
  const out: number[] = [];
  const push = (x: number | null) => out.push(x === null ? NaN : x);
  for (const f of OVERALL_FIELDS) push(v.overall[f]);
  push(v.generalized_means.subgroup_auc);
  push(v.generalized_means.bpsn_auc);
  push(v.generalized_means.bnsp_auc);
  push(v.final_score);
  for (const s of v.subgroups) for (const f of SUBGROUP_FIELDS) push(s[f]);
  return out;
}

export { scratchFor };
