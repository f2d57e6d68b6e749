/**
 * The named metrics a policy can refer to: `stats.summary` of result.json (each `{value, ci}`), plus a suite's own
 * metrics under `suites.<name>.metrics`.
 */
import type { AuditResult, Interval } from '../result-types.js';

/** Metrics the stats stage writes for every probe run, with what each measures (SARIF rule text, docs). */
export const METRIC_DESCRIPTIONS: Record<string, string> = {
  group_gap: 'Largest difference between two groups\u2019 mean scores (max minus min of the group means).',
  max_abs_deviation: 'Largest distance of a group\u2019s mean score from the overall mean.',
  flip_rate: 'Share of same-sentence group swaps that change the predicted label (counterfactual flip rate).',
  share_significant: 'Share of groups whose scores differ significantly from the rest (Holm-adjusted).',
  score_range_mean: 'Mean over templates of the score range across groups (perturbation sensitivity, ScoreRange).',
  mean_score: 'Mean score over all sentences of the real groups.',
  control_gap: 'Gap between made-up control words: how far groups drift by chance (the null baseline).',
};

/** Metrics of data runs (`audit run --data`, result.json `data.summary`). */
export const DATA_METRIC_DESCRIPTIONS: Record<string, string> = {
  subgroup_auc: 'Lowest subgroup AUC over identity subgroups (Borkan et al. 2019): ranking quality inside a subgroup.',
  bpsn_auc: 'Lowest BPSN AUC over subgroups: a subgroup\u2019s negatives ranked against the background\u2019s positives (low: its negatives score too high).',
  bnsp_auc: 'Lowest BNSP AUC over subgroups: a subgroup\u2019s positives ranked against the background\u2019s negatives (low: its positives score too low).',
  tpr_gap: 'Largest |TPR gap| between a subgroup and the background at the threshold.',
  fpr_gap: 'Largest |FPR gap| between a subgroup and the background at the threshold.',
  fnr_gap: 'Largest |FNR gap| between a subgroup and the background at the threshold.',
  equalized_odds_difference: 'Largest equalized-odds difference, max(|TPR gap|, |FPR gap|), over subgroups.',
  overall_auc: 'ROC AUC of the model on the labelled data.',
  accuracy: 'Accuracy of the model on the labelled data at the threshold.',
  final_score: 'Jigsaw final score: 0.25 * overall AUC + 0.25 * the generalized means (p = -5) of the three bias AUCs.',
  ctf_gap: 'Counterfactual token fairness gap (Garg et al. 2019): mean |score change| when an identity term is swapped.',
  mean_change: 'Mean score change (counterfactual minus original) over all identity swaps.',
};
for (const [k, v] of Object.entries(DATA_METRIC_DESCRIPTIONS)) METRIC_DESCRIPTIONS[k] ??= v;
METRIC_DESCRIPTIONS.flip_rate += ' In a data run: the share of identity swaps in the user\u2019s texts that change the label at the threshold.';

export const KNOWN_METRICS = Object.keys(METRIC_DESCRIPTIONS);

/** The kind of run, which policy selectors can name besides a probe id or suite name. */
export function runKind(result: AuditResult): 'data' | 'suite' | 'probe' {
  return result.data ? 'data' : result.suite ? 'suite' : 'probe';
}

export function isInterval(value: unknown): value is Interval {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { value?: unknown; ci?: unknown };
  return typeof v.value === 'number' && Array.isArray(v.ci) && v.ci.length === 2 && v.ci.every((x) => typeof x === 'number');
}

/** The names a policy selector can match for this result: its probe id and its suite name. */
export function subjectNames(result: AuditResult): string[] {
  return [result.suite, result.probe?.id].filter((n): n is string => typeof n === 'string' && n.length > 0);
}

/** Every named metric of the result (non-interval entries are ignored). */
export function metricsOf(result: AuditResult): Record<string, Interval> {
  const out: Record<string, Interval> = {};
  for (const [name, v] of Object.entries(result.stats?.summary ?? {})) if (isInterval(v)) out[name] = v;
  // Data runs: an undefined metric (null, e.g. no labels) is not there, so rules on it are not applicable.
  for (const [name, v] of Object.entries(result.data?.summary ?? {})) if (isInterval(v)) out[name] = v;
  // Benchmark suites keep their named metrics under suites.<name>.metrics (every suite of an `all` run counts).
  for (const suite of Object.values(result.suites ?? {}) as { metrics?: unknown }[]) {
    if (suite?.metrics === null || typeof suite?.metrics !== 'object') continue;
    for (const [name, v] of Object.entries(suite.metrics as object)) if (isInterval(v)) out[name] = v;
  }
  return out;
}

/** The attribute as the stats stage takes it: one string, a list joined with ", " (e.g. "pronoun.gender, name.gender"). */
export function attributeOf(result: AuditResult): string | null {
  const a = result.stats?.attribute ?? result.probe?.attribute;
  if (a === undefined || a === null) return null;
  return Array.isArray(a) ? a.join(', ') : a;
}

/** What a group is, for sentences: "country", "gender" for "name.gender", "gender" for a list of gender attributes. */
export function attributeNoun(attribute: string): string {
  return [...new Set(attribute.split(',').map((a) => a.trim().split('.').pop() ?? a))].join(' / ');
}
