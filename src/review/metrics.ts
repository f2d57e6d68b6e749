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

export const KNOWN_METRICS = Object.keys(METRIC_DESCRIPTIONS);

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

export { attributeNoun } from '../util/nouns.js';
