/**
 * Labelled-data group metrics with stratified bootstrap intervals: every value of `labelledMetrics` plus its
 * 95% percentile interval over resamples that redraw the texts within each label (the positives and the
 * negatives keep their counts; subgroup sizes vary, as they would in a new sample of texts).
 */
import { bootstrapValues, clusterResampler, columnInterval, finite, type BootstrapOptions } from './resample.js';
import { flattenLabelled, labelledMetrics, OVERALL_FIELDS, planLabelled, scratchFor, SUBGROUP_FIELDS, type LabelledInput, type LabelledValues, type Rates } from './labelled.js';

/** A value with its 95% interval; null where the quantity is undefined (e.g. an AUC of a one-class subgroup). */
export interface Estimate {
  value: number | null;
  ci: [number | null, number | null];
}

export type SubgroupField = (typeof SUBGROUP_FIELDS)[number];

export type OverallField = (typeof OVERALL_FIELDS)[number];
type SubgroupBase = { subgroup: string; n: number; positives: number; background: Rates };
export type SubgroupEstimate = SubgroupBase & Record<SubgroupField, Estimate>;

export interface LabelledAnalysis {
  threshold: number;
  resamples: number;
  seed: number;
  overall: { n: number; positives: number } & Record<OverallField, Estimate>;
  subgroups: SubgroupEstimate[];
  /** Cells of two subgroups from different axes (outside the generalized means). */
  intersections: SubgroupEstimate[];
  generalized_mean_p: number;
  generalized_means: { subgroup_auc: Estimate; bpsn_auc: Estimate; bnsp_auc: Estimate };
  final_score: Estimate;
  /**
   * Worst-subgroup metrics for policies, each with a percentile interval of the same worst-case statistic over
   * resamples: the lowest subgroup/BPSN/BNSP AUC, the largest |TPR/FPR/FNR gap| and equalized-odds difference.
   */
  worst: Record<WorstMetric, Estimate>;
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
  /** Subgroups smaller than this (or with fewer than 10 texts of a class) get a warning. */
  smallSubgroup?: number;
}


function estimate(value: number | null, values: Float64Array, m: number, j: number): Estimate {
  if (value === null) return { value: null, ci: [null, null] };
  const [low, high] = columnInterval(values, m, j);
  return { value, ci: [finite(low), finite(high)] };
}

/**
 * `input.subgroups` = main subgroups then intersections; `input.meanOver` says how many are main.
 */
export function analyzeLabelled(input: LabelledInput, options: AnalyzeLabelledOptions): LabelledAnalysis {
  const plan = planLabelled(input);
  const point = labelledMetrics(plan);
  const flat = flattenLabelled(point);
  const m = flat.length;
  const scratch = scratchFor(plan);
  const stratumOf = plan.labels.length ? Int32Array.from(plan.labels) : new Int32Array(0);
  const resampler = clusterResampler({ clusterOf: Int32Array.from({ length: plan.n }, (_, i) => i), stratumOf });
  const values = options.resamples > 0
    ? bootstrapValues(plan.n, m, (w) => flattenLabelled(labelledMetrics(plan, w, scratch)), resampler, options)
    : new Float64Array(0);
  let j = 0;
  const { overall, generalized_means, final_score, subgroups: all } = shapeLabelled(point, (value) => estimate(value, values, m, j++));
  const worst = worstOf(flat, values, m, plan.meanOver);
  const small = options.smallSubgroup ?? 100;
  const warnings: string[] = [];
  for (const s of all.slice(0, plan.meanOver)) {
    const negatives = s.n - s.positives;
    if (s.n < small || s.positives < 10 || negatives < 10) {
      const ci = s.subgroup_auc.ci;
      const width = ci[0] !== null && ci[1] !== null ? `its subgroup AUC interval is ${(ci[1] - ci[0]).toFixed(2)} wide` : 'its subgroup AUC is undefined';
      warnings.push(`subgroup ${s.subgroup}: only ${s.n} texts (${s.positives} positive, ${negatives} negative); ${width}`);
    }
  }
  return {
    threshold: input.threshold,
    resamples: options.resamples,
    seed: options.seed,
    overall,
    subgroups: all.slice(0, plan.meanOver),
    intersections: all.slice(plan.meanOver),
    generalized_mean_p: plan.power,
    generalized_means,
    final_score,
    worst,
    warnings,
  };
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

/** One worst-subgroup statistic of one flattened vector (`at(k)` reads its k-th value; NaN subgroups skipped). */
export function worstValue(at: (k: number) => number, subgroups: number, name: WorstMetric): number {
  const [field, how] = WORST_METRICS[name];
  const F = SUBGROUP_FIELDS.length;
  const f = SUBGROUP_FIELDS.indexOf(field);
  let best = NaN;
  for (let s = 0; s < subgroups; s++) {
    const v = at(SUBGROUP_OFFSET + s * F + f);
    const x = how === 'min' ? v : Math.abs(v);
    if (Number.isNaN(x)) continue;
    if (Number.isNaN(best) || (how === 'min' ? x < best : x > best)) best = x;
  }
  return best;
}

/** Worst-subgroup statistics of the point estimate and of every resample. */
function worstOf(flat: number[], values: Float64Array, m: number, subgroups: number): Record<WorstMetric, Estimate> {
  const R = values.length / m;
  const out = {} as Record<WorstMetric, Estimate>;
  for (const name of Object.keys(WORST_METRICS) as WorstMetric[]) {
    const point = worstValue((k) => flat[k], subgroups, name);
    const column = new Float64Array(R);
    for (let r = 0; r < R; r++) column[r] = worstValue((k) => values[r * m + k], subgroups, name);
    out[name] = Number.isNaN(point) ? { value: null, ci: [null, null] } : estimate(point, column, 1, 0);
  }
  return out;
}
