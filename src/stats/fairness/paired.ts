/**
 * Two runs (two models, or one model before and after a change) scored on the same labelled texts: every group
 * metric's change B − A with a paired 95% interval, for `audit diff` of two data runs. Each resample draws the
 * texts once (stratified by label, exactly as analyzeLabelled draws them) and weighs both runs' scores with the
 * same draw, so the interval of a change reflects how differently the two runs treat the same texts, not the
 * sampling noise each run's own interval carries.
 */
import { shapeLabelled, WORST_METRICS, worstValue, type WorstMetric } from './analyze.js';
import { flattenLabelled, labelledMetrics, planLabelled, scratchFor, type LabelledInput } from './labelled.js';
import { bootstrapValues, clusterResampler, pairedColumn, type BootstrapOptions, type PairedValue } from './resample.js';

export interface PairedLabelledInput {
  /** The texts' labels and subgroups (the same for both runs). */
  labels: ArrayLike<number>;
  subgroups: LabelledInput['subgroups'];
  threshold: number;
  /** How many leading subgroups enter the generalized means and the worst-subgroup metrics. */
  meanOver?: number;
  /** Which of those the worst-subgroup metrics judge (the run's `judged` flags; default all). */
  judged?: boolean[];
  scoresA: ArrayLike<number>;
  scoresB: ArrayLike<number>;
}

export function pairedLabelled(input: PairedLabelledInput, options: BootstrapOptions) {
  const { scoresA, scoresB, judged, ...shared } = input;
  if (scoresA.length !== scoresB.length) throw new Error(`paired labelled metrics: ${scoresA.length} scores in A but ${scoresB.length} in B`);
  const planA = planLabelled({ ...shared, scores: scoresA });
  const planB = planLabelled({ ...shared, scores: scoresB });
  const pointA = labelledMetrics(planA);
  const pointB = labelledMetrics(planB);
  const flatA = flattenLabelled(pointA);
  const flatB = flattenLabelled(pointB);
  const m = flatA.length;
  const scratchA = scratchFor(planA);
  const scratchB = scratchFor(planB);
  const resampler = clusterResampler({
    clusterOf: Int32Array.from({ length: planA.n }, (_, i) => i),
    stratumOf: Int32Array.from(planA.labels),
  });
  const both = (w: Float64Array) =>
    flattenLabelled(labelledMetrics(planA, w, scratchA)).concat(flattenLabelled(labelledMetrics(planB, w, scratchB)));
  const values = options.resamples > 0 ? bootstrapValues(planA.n, 2 * m, both, resampler, options) : new Float64Array(0);
  let j = 0;
  const next = (): PairedValue => {
    const k = j++;
    return pairedColumn(flatA[k], flatB[k], values, m, k);
  };
  const shaped = shapeLabelled(pointB, next);
  // The worst subgroup of each run, per resample, side by side as a two-column "flattened" vector.
  const R = values.length / (2 * m);
  const worst = {} as Record<WorstMetric, PairedValue>;
  for (const name of Object.keys(WORST_METRICS) as WorstMetric[]) {
    const pairs = new Float64Array(2 * R);
    for (let r = 0; r < R; r++) {
      pairs[2 * r] = worstValue((k) => values[r * 2 * m + k], planA.meanOver, name, judged);
      pairs[2 * r + 1] = worstValue((k) => values[r * 2 * m + m + k], planA.meanOver, name, judged);
    }
    const a = worstValue((k) => flatA[k], planA.meanOver, name, judged);
    const b = worstValue((k) => flatB[k], planA.meanOver, name, judged);
    worst[name] = pairedColumn(a, b, pairs, 1, 0);
  }
  return {
    overall: shaped.overall,
    generalized_means: shaped.generalized_means,
    final_score: shaped.final_score,
    subgroups: shaped.subgroups.slice(0, planA.meanOver),
    worst,
    resamples: options.resamples,
    seed: options.seed,
  };
}

export type PairedLabelled = ReturnType<typeof pairedLabelled>;
