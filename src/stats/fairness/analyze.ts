/**
 * Labelled-data group metrics with small-sample-valid intervals (stats/fairness/intervals.ts): rates get Wilson
 * intervals, rate gaps Newcombe's, AUCs and average equality gaps DeLong's on the logit scale, each at 95%
 * (the `subgroups` table). The gate metrics (`worst`, the policy's bpsn_auc, fpr_gap, ...) are per-subgroup rules
 * read through Šidák-simultaneous intervals over the subgroups that have enough texts of each class ("judged"):
 * "every judged subgroup's BPSN AUC is at least 0.80" fails when some subgroup's simultaneous upper bound is below
 * 0.80. The reported value is the worst judged subgroup's (descriptive); its interval [min of the lower bounds,
 * min of the upper bounds] (for a max: the maxima) is a simultaneous 95% interval for the worst true value and
 * holds its own estimate. The F1 score alone keeps a stratified bootstrap (redraws the texts within each label).
 */
import { absBounds, aucInterval, delong, newcombe, sidakLevel, wilson, type Bounds } from './intervals.js';
import { bootstrapValues, clusterResampler, columnInterval, finite, type BootstrapOptions } from './resample.js';
import {
  generalizedMean, labelledMetrics, OVERALL_FIELDS, planLabelled, scratchFor, SUBGROUP_FIELDS,
  type LabelledInput, type LabelledPlan, type LabelledValues, type Rates, type SubgroupValues,
} from './labelled.js';

/** A value with its 95% interval; null where the quantity is undefined (e.g. an AUC of a one-class subgroup). */
export interface Estimate {
  value: number | null;
  ci: [number | null, number | null];
}

export type SubgroupField = (typeof SUBGROUP_FIELDS)[number];

export type OverallField = (typeof OVERALL_FIELDS)[number];
type SubgroupBase = {
  subgroup: string; n: number; positives: number; negatives: number; background: Rates;
  /** Enough texts of each class to enter the gate metrics (main subgroups only; intersections never do). */
  judged: boolean;
  /**
   * Judged subgroups: their rate gaps with the Šidák-simultaneous 95% intervals over the judged subgroups (the ones
   * behind `worst`), for ranked findings. Absent for subgroups not judged.
   */
  sim_gaps?: { tpr_gap: [number | null, number | null]; fpr_gap: [number | null, number | null] };
};
export type SubgroupEstimate = SubgroupBase & Record<SubgroupField, Estimate>;

/** A gate metric: the worst judged subgroup's value, with the simultaneous interval of the worst true value. */
export interface WorstEstimate extends Estimate {
  /** The subgroup with the worst point estimate (null when no subgroup is judged). */
  subgroup: string | null;
  judged: number;
  subgroups: number;
  /** What a rule on this metric should say about the subgroups left out ("7 of 9 subgroups judged; ..."). */
  note: string;
}

export interface LabelledAnalysis {
  threshold: number;
  resamples: number;
  seed: number;
  /** Smallest number of positives and of negatives a subgroup needs to be judged by the gate metrics. */
  min_positives: number;
  min_negatives: number;
  /** Per-subgroup level of the simultaneous intervals behind `worst` (Šidák over the judged subgroups). */
  simultaneous_level: number | null;
  overall: { n: number; positives: number } & Record<OverallField, Estimate>;
  subgroups: SubgroupEstimate[];
  /** Main subgroups below the minimum per class: listed, left out of `worst`. */
  too_small: { subgroup: string; positives: number; negatives: number }[];
  /** Cells of two subgroups from different axes (outside the generalized means). */
  intersections: SubgroupEstimate[];
  generalized_mean_p: number;
  generalized_means: { subgroup_auc: Estimate; bpsn_auc: Estimate; bnsp_auc: Estimate };
  final_score: Estimate;
  worst: Record<WorstMetric, WorstEstimate>;
  warnings: string[];
}

export const WORST_METRICS = {
  subgroup_auc: ['subgroup_auc', 'min'],
  bpsn_auc: ['bpsn_auc', 'min'],
  bnsp_auc: ['bnsp_auc', 'min'],
  tpr_gap: ['tpr_gap', 'maxabs'],
  fpr_gap: ['fpr_gap', 'maxabs'],
  fnr_gap: ['fnr_gap', 'maxabs'],
  equalized_odds_difference: ['equalized_odds_difference', 'maxabs'],
} as const;
export type WorstMetric = keyof typeof WORST_METRICS;

export interface AnalyzeLabelledOptions extends BootstrapOptions {
  /** A subgroup needs at least this many positives and this many negatives to be judged (default 20 each). */
  minPositives?: number;
  minNegatives?: number;
}

export const DEFAULT_MIN_PER_CLASS = 20;
const LEVEL = 0.95;

const est = (value: number | null, ci: Bounds): Estimate =>
  value === null || !Number.isFinite(value) ? { value: null, ci: [null, null] } : { value, ci: [finite(ci[0]), finite(ci[1])] };

/** Unweighted counts per tie block of the positives and negatives of every text, or of a subgroup's members. */
function blockCounts(plan: LabelledPlan, members?: Int32Array): { pos: Float64Array; neg: Float64Array } {
  const pos = new Float64Array(plan.blocks);
  const neg = new Float64Array(plan.blocks);
  const add = (i: number) => {
    if (plan.labels[i]) pos[plan.block[i]]++;
    else neg[plan.block[i]]++;
  };
  if (members) for (const i of members) add(i);
  else for (let i = 0; i < plan.n; i++) add(i);
  return { pos, neg };
}

const minus = (a: Float64Array, b: Float64Array) => a.map((x, i) => x - b[i]);

/** Everything a subgroup's intervals need, counted once: the four samples per block and the confusion counts. */
function subgroupCounts(plan: LabelledPlan, all: { pos: Float64Array; neg: Float64Array }, members: Int32Array) {
  const sub = blockCounts(plan, members);
  const bg = { pos: minus(all.pos, sub.pos), neg: minus(all.neg, sub.neg) };
  const predictedOf = (c: Float64Array) => c.reduce((a, x, b) => a + (plan.predicted[b] ? x : 0), 0);
  const total = (c: Float64Array) => c.reduce((a, x) => a + x, 0);
  return {
    sub, bg,
    SP: total(sub.pos), SN: total(sub.neg), BP: total(bg.pos), BN: total(bg.neg),
    tp: predictedOf(sub.pos), fp: predictedOf(sub.neg), bgTp: predictedOf(bg.pos), bgFp: predictedOf(bg.neg),
  };
}

/** Every interval-carrying field of one subgroup at `level`. */
function subgroupBounds(c: ReturnType<typeof subgroupCounts>, level: number): Record<SubgroupField, Bounds> {
  const auc = (x: Float64Array, y: Float64Array) => aucInterval(delong(x, y), level);
  const [pl, ph] = auc(c.sub.pos, c.bg.pos);
  const [nl, nh] = auc(c.sub.neg, c.bg.neg);
  // Equalized odds = max(|TPR gap|, |FPR gap|): each gap at half the error rate (Bonferroni), then the maxima.
  const half = 1 - (1 - level) / 2;
  const t = absBounds(newcombe(c.tp, c.SP, c.bgTp, c.BP, half));
  const f = absBounds(newcombe(c.fp, c.SN, c.bgFp, c.BN, half));
  return {
    subgroup_auc: auc(c.sub.pos, c.sub.neg),
    bpsn_auc: auc(c.bg.pos, c.sub.neg),
    bnsp_auc: auc(c.sub.pos, c.bg.neg),
    positive_aeg: [0.5 - ph, 0.5 - pl],
    negative_aeg: [0.5 - nh, 0.5 - nl],
    tpr: wilson(c.tp, c.SP, level),
    fpr: wilson(c.fp, c.SN, level),
    fnr: wilson(c.SP - c.tp, c.SP, level),
    positive_rate: wilson(c.tp + c.fp, c.SP + c.SN, level),
    tpr_gap: newcombe(c.tp, c.SP, c.bgTp, c.BP, level),
    fpr_gap: newcombe(c.fp, c.SN, c.bgFp, c.BN, level),
    fnr_gap: newcombe(c.SP - c.tp, c.SP, c.BP - c.bgTp, c.BP, level),
    equalized_odds_difference: [Math.max(t[0], f[0]), Math.max(t[1], f[1])],
  };
}

/**
 * `input.subgroups` = main subgroups then intersections; `input.meanOver` says how many are main.
 */
export function analyzeLabelled(input: LabelledInput, options: AnalyzeLabelledOptions): LabelledAnalysis {
  const plan = planLabelled(input);
  const point = labelledMetrics(plan);
  const minPositives = options.minPositives ?? DEFAULT_MIN_PER_CLASS;
  const minNegatives = options.minNegatives ?? DEFAULT_MIN_PER_CLASS;
  const all = blockCounts(plan);
  const counts = plan.subgroups.map((s) => subgroupCounts(plan, all, s.members));
  const marginal = counts.map((c) => subgroupBounds(c, LEVEL));
  const shaped = point.subgroups.map((s, i) => {
    const e = {
      subgroup: s.subgroup, n: s.n, positives: s.positives, negatives: s.n - s.positives, background: s.background,
      judged: i < plan.meanOver && s.positives >= minPositives && s.n - s.positives >= minNegatives,
    } as SubgroupEstimate;
    for (const f of SUBGROUP_FIELDS) e[f] = est(s[f], marginal[i][f]);
    return e;
  });
  const main = shaped.slice(0, plan.meanOver);
  const judged = main.map((s, i) => (s.judged ? i : -1)).filter((i) => i >= 0);
  const tooSmall = main.filter((s) => !s.judged).map((s) => ({ subgroup: s.subgroup, positives: s.positives, negatives: s.negatives }));
  const levelSim = judged.length ? sidakLevel(LEVEL, judged.length) : null;
  const simultaneous = new Map(judged.map((i) => [i, subgroupBounds(counts[i], levelSim!)]));
  for (const [i, b] of simultaneous) {
    main[i].sim_gaps = { tpr_gap: [finite(b.tpr_gap[0]), finite(b.tpr_gap[1])], fpr_gap: [finite(b.fpr_gap[0]), finite(b.fpr_gap[1])] };
  }
  const note = judgedNote(judged.length, main.length, tooSmall, minPositives, minNegatives);
  const worst = {} as Record<WorstMetric, WorstEstimate>;
  for (const name of Object.keys(WORST_METRICS) as WorstMetric[]) {
    worst[name] = worstOf(name, point.subgroups, judged, simultaneous, main.length, note);
  }

  // Overall: Wilson for the rates and the accuracy, DeLong for the AUC, a stratified bootstrap for F1.
  const o = point.overall;
  const P = o.positives;
  const N = o.n - P;
  const tp = o.tpr === null ? 0 : Math.round(o.tpr * P);
  const fp = o.fpr === null ? 0 : Math.round(o.fpr * N);
  const overall = { n: o.n, positives: P } as LabelledAnalysis['overall'];
  overall.auc = est(o.auc, aucInterval(delong(all.pos, all.neg), LEVEL));
  overall.accuracy = est(o.accuracy, wilson(tp + N - fp, o.n, LEVEL));
  overall.tpr = est(o.tpr, wilson(tp, P, LEVEL));
  overall.fpr = est(o.fpr, wilson(fp, N, LEVEL));
  overall.fnr = est(o.fnr, wilson(P - tp, P, LEVEL));
  overall.positive_rate = est(o.positive_rate, wilson(tp + fp, o.n, LEVEL));
  overall.f1 = est(o.f1, f1Interval(plan, o.f1, options));

  const gm = generalizedMeans(point, plan, counts);
  return {
    threshold: input.threshold,
    resamples: options.resamples,
    seed: options.seed,
    min_positives: minPositives,
    min_negatives: minNegatives,
    simultaneous_level: levelSim,
    overall,
    subgroups: main,
    too_small: tooSmall,
    intersections: shaped.slice(plan.meanOver),
    generalized_mean_p: plan.power,
    generalized_means: gm.means,
    final_score: est(point.final_score, finalBounds(o.auc === null ? null : delong(all.pos, all.neg), gm.forFinal)),
    worst,
    warnings: tooSmall.length ?
      [`${note} (subgroups under ${minPositives} positives or ${minNegatives} negatives are listed, not judged)`] : [],
  };
}

/** "7 of 9 subgroups judged; gender:female: 6 negatives, too small; ..." (at most five named). */
function judgedNote(judged: number, of: number, small: LabelledAnalysis['too_small'], minP: number, minN: number): string {
  const why = (s: LabelledAnalysis['too_small'][number]) => {
    const parts = [s.positives < minP ? `${s.positives} positives` : '', s.negatives < minN ? `${s.negatives} ` +
      `negatives` : ''].filter(Boolean);
    return `${s.subgroup}: ${parts.join(' and ')}, too small`;
  };
  const named = small.slice(0, 5).map(why);
  if (small.length > 5) named.push(`${small.length - 5} more`);
  return [`${judged} of ${of} subgroups judged`, ...named].join('; ');
}

function worstOf(
  name: WorstMetric,
  values: SubgroupValues[],
  judged: number[],
  bounds: Map<number, Record<SubgroupField, Bounds>>,
  subgroups: number,
  note: string,
): WorstEstimate {
  const [field, how] = WORST_METRICS[name];
  let value = NaN;
  let worstName: string | null = null;
  let lo = NaN;
  let hi = NaN;
  for (const i of judged) {
    const v = values[i][field];
    if (v === null) continue;
    const [l, h] = how === 'min' ? bounds.get(i)![field] : absBounds(bounds.get(i)![field]);
    const x = how === 'min' ? v : Math.abs(v);
    const worse = (a: number, b: number) => Number.isNaN(b) || (how === 'min' ? a < b : a > b);
    if (worse(x, value)) {
      value = x;
      worstName = values[i].subgroup;
    }
    if (worse(l, lo)) lo = l;
    if (worse(h, hi)) hi = h;
  }
  if (Number.isNaN(value)) return { value: null, ci: [null, null], subgroup: null, judged: judged.length, subgroups, note };
  return { value, ci: [finite(lo), finite(hi)], subgroup: worstName, judged: judged.length, subgroups, note };
}

/**
 * The generalized means are increasing in every subgroup's AUC, so the means of the subgroups' Šidák-simultaneous
 * bounds bound the mean jointly: a valid interval that holds its estimate. `forFinal`: the same at 98.75% (the
 * final score splits its 5% over the overall AUC and the three means).
 */
function generalizedMeans(point: LabelledValues, plan: LabelledPlan, counts: ReturnType<typeof subgroupCounts>[]) {
  const fields = ['subgroup_auc', 'bpsn_auc', 'bnsp_auc'] as const;
  const at = (level: number) => {
    const out = {} as Record<(typeof fields)[number], Bounds>;
    for (const f of fields) {
      const defined = point.subgroups.slice(0, plan.meanOver).map((s, i) => (s[f] === null ? -1 : i)).filter((i) => i >= 0);
      const each = sidakLevel(level, defined.length);
      const b = defined.map((i) => subgroupBounds(counts[i], each)[f]);
      const mean = (side: 0 | 1) => generalizedMean(b.map((x) => x[side]), plan.power)!;
      out[f] = defined.length ? [mean(0), mean(1)] : [NaN, NaN];
    }
    return out;
  };
  const m95 = at(LEVEL);
  const means = {
    subgroup_auc: est(point.generalized_means.subgroup_auc, m95.subgroup_auc),
    bpsn_auc: est(point.generalized_means.bpsn_auc, m95.bpsn_auc),
    bnsp_auc: est(point.generalized_means.bnsp_auc, m95.bnsp_auc),
  };
  return { means, forFinal: at(1 - (1 - LEVEL) / 4) };
}

function finalBounds(overall: ReturnType<typeof delong> | null, means: Record<'subgroup_auc' | 'bpsn_auc' | 'bnsp_auc', Bounds>): Bounds {
  if (!overall) return [NaN, NaN];
  const a = aucInterval(overall, 1 - (1 - LEVEL) / 4);
  const side = (k: 0 | 1) => 0.25 * (a[k] + means.subgroup_auc[k] + means.bpsn_auc[k] + means.bnsp_auc[k]);
  return [side(0), side(1)];
}

/** Stratified percentile bootstrap of F1 (no closed-form small-sample interval), stretched to hold the estimate. */
function f1Interval(plan: LabelledPlan, f1: number | null, options: BootstrapOptions): Bounds {
  if (f1 === null || options.resamples <= 0) return [NaN, NaN];
  const scratch = scratchFor(plan);
  const clusterOf = Int32Array.from({ length: plan.n }, (_, i) => i);
  const resampler = clusterResampler({ clusterOf, stratumOf: Int32Array.from(plan.labels) });
  const f1Of = (w: Float64Array) => [labelledMetrics({ ...plan, subgroups: [] }, w, scratch).overall.f1 ?? NaN];
  const values = bootstrapValues(plan.n, 1, f1Of, resampler, options);
  const [lo, hi] = columnInterval(values, 1, 0);
  return [Math.min(lo, f1), Math.max(hi, f1)];
}

/**
 * The estimates in the order `flattenLabelled` writes them: overall fields, the three generalized means, the final
 * score, then each subgroup's fields. `next` is called once per value, in that order.
 */
export function shapeLabelled<T>(point: LabelledValues, next: (value: number | null) => T) {
  const overall = { n: point.overall.n, positives: point.overall.positives } as { n: number; positives: number } & Record<OverallField, T>;
  for (const f of OVERALL_FIELDS) overall[f] = next(point.overall[f]);
  const generalized_means = {
    subgroup_auc: next(point.generalized_means.subgroup_auc),
    bpsn_auc: next(point.generalized_means.bpsn_auc),
    bnsp_auc: next(point.generalized_means.bnsp_auc),
  };
  const final_score = next(point.final_score);
  const subgroups = point.subgroups.map((s) => {
    const e = { subgroup: s.subgroup, n: s.n, positives: s.positives, background: s.background } as SubgroupBase & Record<SubgroupField, T>;
    for (const f of SUBGROUP_FIELDS) e[f] = next(s[f]);
    return e;
  });
  return { overall, generalized_means, final_score, subgroups };
}

/** Where the subgroups start in a flattened vector (after the overall fields, three means and the final score). */
const SUBGROUP_OFFSET = OVERALL_FIELDS.length + 4;

/**
 * One worst-subgroup statistic of one flattened vector (`at(k)` reads its k-th value; NaN subgroups skipped; with
 * `judged`, only the subgroups it marks, as the gate metrics of a data run).
 */
export function worstValue(at: (k: number) => number, subgroups: number, name: WorstMetric, judged?: ArrayLike<boolean>): number {
  const [field, how] = WORST_METRICS[name];
  const F = SUBGROUP_FIELDS.length;
  const f = SUBGROUP_FIELDS.indexOf(field);
  let best = NaN;
  for (let s = 0; s < subgroups; s++) {
    if (judged && !judged[s]) continue;
    const v = at(SUBGROUP_OFFSET + s * F + f);
    const x = how === 'min' ? v : Math.abs(v);
    if (Number.isNaN(x)) continue;
    if (Number.isNaN(best) || (how === 'min' ? x < best : x > best)) best = x;
  }
  return best;
}
