/**
 * Reading a run whose scores are sampled (`model.sampled`: an LLM scored from K answers per text, `--sample-answers`):
 * the sentence every reader shows (report, check, export, summary), and the metrics whose point estimate sampling
 * noise biases, with the direction and size measured by `npm run calibrate:sampled` (docs/statistics.md "Sampled
 * scores"). Pure: the report and the review stages import it.
 */
import type { ModelInfo } from './types.js';

/** "Scores are sampled: ..." for a run with `model.sampled`; null otherwise. */
export function sampledSentence(model: Pick<ModelInfo, 'sampled'>): string | null {
  const s = model.sampled;
  if (!s) return null;
  return `Scores are sampled: the server gives no log-probabilities, so each score is the share of ${s.answers_per_text} sampled ` +
    `answers per text (temperature ${s.temperature}) that name the target label, with binomial SE up to 0.5/sqrt(${s.answers_per_text}) ` +
    `= ${s.max_se.toFixed(3)}. Intervals of group effects include this noise; metrics marked "biased by sampling" do not correct it.`;
}

/**
 * Metrics whose estimate sampling noise biases (the calibration's measurement in words). Group effects, their
 * intervals, effect_sd (debiased by its SEs, which hold the noise) and mean_score are not: the design's variance
 * already holds each text's binomial variance.
 */
export const SAMPLING_BIAS: Record<string, string> = {
  flip_rate: 'biased upward by sampling: a text near the threshold changes label by sampling noise alone (simulated, scores near 1/2: ' +
    '+0.12 at K = 10, +0.06 at K = 25, +0.02 at K = 100)',
  score_range_mean: 'biased upward by sampling: the range of noisy scores is wider than the range of the true ones',
  max_abs_effect: 'its estimate is biased upward by sampling noise (the largest of noisy effects: +0.009 at K = 10, +0.001 at K = 100 ' +
    'in simulation), and its interval excluded a true 0 in about 8% of simulated runs at K <= 25 (3.5% with the true probabilities)',
  ctf_gap: 'biased upward by sampling: the mean |change| of two noisy scores is positive even when the true change is 0',
  overall_auc: 'pulled toward 0.5 by sampling: noisy scores rank the classes less well than the true probabilities (simulated: ' +
    '-0.05 at K = 10, -0.02 at K = 25, -0.005 at K = 100)',
  subgroup_auc: 'pulled toward 0.5 by sampling (noisy scores rank less well)',
  bpsn_auc: 'pulled toward 0.5 by sampling (noisy scores rank less well)',
  bnsp_auc: 'pulled toward 0.5 by sampling (noisy scores rank less well)',
  final_score: 'pulled toward 0.5 by sampling (it averages AUCs)',
  accuracy: 'biased downward by sampling: texts near the threshold fall on the wrong side by noise',
};

/** The bias note of `metric` in a sampled run (e.g. for a check rule); null when the run is not sampled or the metric is unbiased. */
export function samplingBias(model: Pick<ModelInfo, 'sampled'>, metric: string): string | null {
  return model.sampled && Object.hasOwn(SAMPLING_BIAS, metric) ? SAMPLING_BIAS[metric] : null;
}
