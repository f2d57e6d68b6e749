/**
 * The named metrics a policy can refer to: `stats.summary` of result.json (each `{value, ci}`), plus a suite's own
 * metrics under `suites.<name>.metrics` and the paired suites' unsigned sizes derived from them (suite-sizes.ts).
 */
import type { AuditResult, Interval } from '../result/index.js';
import { SUITE_SIZE_NAMES, SUITE_SIZES, suiteSizes } from './suite-sizes.js';
import { ALL_METRIC_NAMES, DATA_METRICS, maxAbsInteraction, METRIC_NAMES, METRICS, type MetricName } from '../result/index.js';
import type { IntersectionTable } from '../result/index.js';

/** Metrics the stats stage writes for every probe run, with what each measures (SARIF rule text, docs): the catalogue. */
export const METRIC_DESCRIPTIONS: Readonly<Record<string, string>> = Object.fromEntries(
  METRIC_NAMES.map((m: MetricName) => [m, METRICS[m].meaning]),
);

/** Data-run metrics join the catalogue's descriptions (flip_rate has a meaning in both kinds of run). */
for (const [k, v] of Object.entries(DATA_METRICS)) {
  (METRIC_DESCRIPTIONS as Record<string, string>)[k] = k in METRIC_DESCRIPTIONS ? `${METRIC_DESCRIPTIONS[k]} In a data run: ${v}` : v;
}

for (const [k, v] of Object.entries(SUITE_SIZES)) (METRIC_DESCRIPTIONS as Record<string, string>)[k] = v.meaning;

/**
 * Metrics with one value per part of a run: a rule on one is judged part by part (one outcome each). HolisticBias:
 * the largest |descriptor effect| of each axis, its interval built from the descriptors' simultaneous intervals.
 */
export const PART_METRICS = {
  holisticbias_max_abs_effect: {
    part: 'axis',
    meaning: 'HolisticBias, per axis: the largest |descriptor effect| (P(positive) against the rest of its axis, same template and ' +
      'noun), its 95% interval from the descriptors\u2019 Šidák-simultaneous intervals.',
  },
  data_max_abs_interaction: {
    part: 'measure',
    meaning: 'Data runs with --intersect A,B, per measure (mean score, positive rate, and with labels TPR and FPR): the largest ' +
      '|interaction| of the two axes (a cell\u2019s value beyond what the two main effects predict; with a cell too small, the 2 x 2 ' +
      'tetrads), its 95% interval from the family\u2019s Šidák-simultaneous intervals.',
  },
} as const;
export type PartMetric = keyof typeof PART_METRICS;

for (const [k, v] of Object.entries(PART_METRICS)) (METRIC_DESCRIPTIONS as Record<string, string>)[k] = v.meaning;

/** Metrics a policy may name without error: the catalogue, the data metrics, the suites' unsigned sizes, the per-part ones. */
export const KNOWN_METRICS: readonly string[] = [...ALL_METRIC_NAMES, ...SUITE_SIZE_NAMES, ...Object.keys(PART_METRICS)];

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
  switch (result.kind) {
    case 'probe': {
      for (const [name, v] of Object.entries(result.stats.summary)) if (isInterval(v)) out[name] = v;
      // A crossed probe's gate metric, derived from its table when the stats stage did not write it (result/intersection-read.ts).
      const interaction = result.stats.intersection && maxAbsInteraction(result.stats.intersection);
      if (interaction && !out.max_abs_interaction) out.max_abs_interaction = interaction;
      break;
    }
    case 'data':
      // An undefined metric (null, e.g. no labels) is not there, so rules on it are not applicable.
      for (const [name, v] of Object.entries(result.data.summary)) if (isInterval(v)) out[name] = v;
      break;
    case 'suite':
      // Benchmark suites keep their named metrics under suites.<name>.metrics (every suite of an `all` run counts).
      for (const suite of Object.values(result.suites)) {
        for (const [name, v] of Object.entries(suite?.metrics ?? {})) if (isInterval(v)) out[name] = v;
      }
      break;
    default: {
      const _never: never = result;
      return _never;
    }
  }
  // Their unsigned sizes, derived here so that a policy gates runs written before they existed the same way. A
  // per-part metric is there (so its rules apply) as its largest part; check.ts judges it part by part.
  const parts: Record<string, Interval> = {};
  for (const [name, byPart] of Object.entries(metricParts(result))) {
    parts[name] = Object.values(byPart).reduce((a, b) => (b.value > a.value ? b : a));
  }
  return { ...out, ...suiteSizes(out), ...parts };
}

/** A stored interval; null bounds (NaN in result.json: too few template units) read as NaN, i.e. no interval. */
function storedInterval(v: { value: number; ci: [number | null, number | null] }): Interval {
  return { value: v.value, ci: [v.ci[0] ?? NaN, v.ci[1] ?? NaN] };
}

/** Per-part metrics of the result: metric -> part (e.g. a HolisticBias axis) -> interval. Empty when it has none. */
export function metricParts(result: AuditResult): Partial<Record<PartMetric, Record<string, Interval>>> {
  if (result.kind === 'data') {
    const byMeasure: Record<string, Interval> = {};
    for (const table of result.data.factorial ?? []) {
      const m = maxAbsInteraction(table as IntersectionTable);
      // A table with no 2 x 2 to compare has nothing to gate: that measure is left out (not applicable).
      if (m) byMeasure[table.measure] = m;
    }
    return Object.keys(byMeasure).length > 0 ? { data_max_abs_interaction: byMeasure } : {};
  }
  if (result.kind !== 'suite') return {};
  const axes = result.suites.holisticbias?.axes ?? [];
  const byAxis: Record<string, Interval> = {};
  for (const a of axes) {
    if (!a.control && a.max_abs_effect && typeof a.max_abs_effect.value === 'number') byAxis[a.axis] = storedInterval(a.max_abs_effect);
  }
  return Object.keys(byAxis).length > 0 ? { holisticbias_max_abs_effect: byAxis } : {};
}

/** The attribute as the stats stage takes it: one string, a list joined with ", " (e.g. "pronoun.gender, name.gender"). */
export function attributeOf(result: AuditResult): string | null {
  const a = result.stats?.attribute ?? result.probe?.attribute;
  if (a === undefined || a === null) return null;
  return Array.isArray(a) ? a.join(', ') : a;
}

export { attributeNoun } from '../util/nouns.js';
