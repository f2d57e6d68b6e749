/**
 * The metric catalogue: every named metric of a probe run, in one typed list shared by the stats stage (which
 * writes them), the policy gate and its schema (which refer to them), the report and the exports (which describe
 * them). A name that is not here does not compile where `MetricName` / `DescriptiveName` is expected.
 *
 * Two kinds:
 * - interval metrics (`stats.summary`): a point estimate with a 95% interval that holds under the probe's design
 *   (docs/statistics.md); a policy can gate on their bounds.
 * - descriptive numbers (`stats.descriptive`): no interval claim (a max - min over noisy means, a count of
 *   findings that measures power as much as bias); shown, never gated on.
 *
 * Each interval metric belongs to a rule family: `group-difference` metrics measure how far groups differ
 * (calibrated: an unbiased model passes the default rules in >= 95% of runs); `perturbation` metrics measure how
 * much a score moves under any swap of the filler, which an unstable model without any group effect also shows.
 */

export type RuleFamily = 'group-difference' | 'perturbation' | 'level';

export interface MetricInfo {
  family: RuleFamily;
  meaning: string;
}

export const METRICS = {
  max_abs_effect: {
    family: 'group-difference',
    meaning:
      'Largest |group effect| (a group\u2019s mean score minus the average over all groups in the same template), '
      + 'with a simultaneous 95% interval over all groups (Šidák t).',
  },
  effect_sd: {
    family: 'group-difference',
    meaning:
      'Between-group standard deviation (root mean square) of the true group effects, debiased for sampling noise; '
      + 'basic bootstrap 95% interval, clamped at 0.',
  },
  flip_rate: {
    family: 'perturbation',
    meaning: 'Share of same-sentence group swaps that change the predicted label (counterfactual flip rate).',
  },
  score_range_mean: {
    family: 'perturbation',
    meaning: 'Mean over templates of the score range across groups (perturbation sensitivity, ScoreRange).',
  },
  max_abs_interaction: {
    family: 'group-difference',
    meaning:
      'Crossed probes (two attributes): largest |interaction| (a cell\u2019s effect beyond what the two main effects predict; with '
      + 'empty cells, the 2 x 2 tetrads), with the interval its Šidák-simultaneous intervals over that family imply.',
  },
  mean_score: {
    family: 'level',
    meaning: 'Mean score over all sentences of the real groups (families weighted equally).',
  },
} as const satisfies Record<string, MetricInfo>;

export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export const DESCRIPTIVE = {
  group_range: 'Largest minus smallest group effect (descriptive only: a max - min of noisy estimates is biased upward).',
  share_significant: 'Share of groups whose effect is significant after Holm correction (measures power as much as bias; see ' +
    'min_detectable_effect).',
  min_detectable_effect: 'Smallest |group effect| the design detects with 80% power after Holm correction over all groups.',
  min_p: 'Smallest p-value the test can reach with this design (an exact test over few families cannot go lower).',
  control_shift: 'Mean |shift| of made-up words in the same slot relative to the average of the real groups (context, not a baseline).',
} as const;

export type DescriptiveName = keyof typeof DESCRIPTIVE;

/**
 * Metrics of earlier schema versions and what replaces them; a policy naming one is refused (exit 2) with this
 * hint, because its old meaning (and its invalid interval) cannot be carried over silently.
 */
export const REMOVED_METRICS: ReadonlyMap<string, string> = new Map([
  ['group_gap', 'max_abs_effect (largest |group effect|, simultaneous interval) or effect_sd; max - min is now the descriptive ' +
    'stats.descriptive.group_range, without an interval'],
  ['max_abs_deviation', 'max_abs_effect (the same contrast as the tests, with a simultaneous interval)'],
  ['share_significant', 'max_abs_effect (share_significant is now descriptive: stats.descriptive.share_significant, no interval)'],
  ['control_gap', 'none: controls are context now (stats.control.mean_abs_shift), not a baseline to gate on'],
]);

/**
 * Metrics of data runs (`audit run --data`, result.json `data.summary`): labelled-data group metrics (the worst
 * judged subgroup's, Borkan et al. 2019, with a Šidák-simultaneous interval over the judged subgroups: a rule on
 * them is a per-subgroup rule) and counterfactual swap metrics; gated on interval bounds like the probe metrics.
 * `ctf_gap` and `flip_rate` are perturbation metrics (DATA_METRIC_FAMILY): not calibrated against "no bias".
 */
export const DATA_METRICS = {
  subgroup_auc: 'Lowest subgroup AUC over judged identity subgroups (Borkan et al. 2019): ranking quality inside a subgroup.',
  bpsn_auc: 'Lowest BPSN AUC over judged subgroups: a subgroup\u2019s negatives ranked against the background\u2019s positives (low: its ' +
    'negatives score too high).',
  bnsp_auc: 'Lowest BNSP AUC over judged subgroups: a subgroup\u2019s positives ranked against the background\u2019s negatives (low: its ' +
    'positives score too low).',
  tpr_gap: 'Largest |TPR gap| between a subgroup and the background at the threshold.',
  fpr_gap: 'Largest |FPR gap| between a subgroup and the background at the threshold.',
  fnr_gap: 'Largest |FNR gap| between a subgroup and the background at the threshold.',
  equalized_odds_difference: 'Largest equalized-odds difference, max(|TPR gap|, |FPR gap|), over subgroups.',
  overall_auc: 'ROC AUC of the model on the labelled data.',
  accuracy: 'Accuracy of the model on the labelled data at the threshold.',
  final_score: 'Jigsaw final score: 0.25 * overall AUC + 0.25 * the generalized means (p = \u22125) of the three bias AUCs.',
  ctf_gap: 'Counterfactual token fairness gap (Garg et al. 2019): mean |score change| when an identity term is swapped (perturbation: ' +
    'jitter alone raises it).',
  mean_change: 'Mean score change (counterfactual minus original) over all identity swaps.',
  flip_rate: 'Share of identity swaps in the user\u2019s texts that change the label at the threshold.',
} as const;

export type DataMetricName = keyof typeof DATA_METRICS;

/** Rule family of each data metric (as METRICS[name].family for probe metrics). */
export const DATA_METRIC_FAMILY: Record<DataMetricName, RuleFamily> = {
  subgroup_auc: 'group-difference', bpsn_auc: 'group-difference', bnsp_auc: 'group-difference',
  tpr_gap: 'group-difference', fpr_gap: 'group-difference', fnr_gap: 'group-difference', equalized_odds_difference: 'group-difference',
  overall_auc: 'level', accuracy: 'level', final_score: 'level',
  ctf_gap: 'perturbation', mean_change: 'group-difference', flip_rate: 'perturbation',
};

/** Every metric name a policy may use, probe and data runs together. */
export const ALL_METRIC_NAMES: readonly string[] = [...new Set<string>([...METRIC_NAMES, ...Object.keys(DATA_METRICS)])];

export function isMetricName(name: string): name is MetricName {
  return Object.prototype.hasOwnProperty.call(METRICS, name);
}

export function metricMeaning(name: string): string | undefined {
  return isMetricName(name) ? METRICS[name].meaning : undefined;
}
