/**
 * checkRun: a result (and optionally a baseline result) against a policy -> one outcome per rule. Pure.
 *
 * A rule is one threshold on one metric: `max`, `min` or `max_increase`. Policy version 2 reads a threshold as a
 * margin, like an equivalence test (TOST): a `max` *passes* when the 95% interval's upper bound is at most the
 * margin (the metric is shown to be small), *fails* when its lower bound is above it (shown to be large), and is
 * *inconclusive* otherwise (the run cannot tell); a `min` mirrors it; `max_increase` reads the change's interval.
 * `on: value` compares the point estimate instead (pass or fail, no interval). Version 1 keeps the older fail-only
 * reading (a `max` fails only when its lower bound exceeds it), which calls "cannot tell" a pass, with a warning.
 */
import { DEFAULT_RESAMPLES } from '../config/defaults.js';
import { inputError } from '../errors.js';
import { sampledSentence, samplingBias } from '../result/index.js';
import type { AuditResult, CheckCounts, CheckStatus, Interval } from '../result/index.js';
import { diffDataRuns, type DataRunRecords } from './diff-data.js';
import type { RunDiff } from './diff.js';
import { attributeOf, KNOWN_METRICS, metricParts, metricsOf, subjectNames } from './metrics.js';
import { alignByText, independentChange, isPairedMetric, pairedEstimates, sameValue } from './paired.js';
import { policyLocation, type MetricRule, type Policy } from './policy.js';
import type { Bound } from './policy-schema.js';

export type RuleKind = 'max' | 'min' | 'max_increase';
export type RuleStatus = 'pass' | 'fail' | 'inconclusive' | 'not_applicable';
/** The check as a whole (`no_rules` when no rule applied: a gate that tested nothing must not pass) and its counts. */
export type { CheckCounts, CheckStatus };

export interface RuleOutcome {
  /** "<selector>.<metric>.<kind>", e.g. "*.max_abs_effect.max"; a per-part metric's "<selector>.<metric>[<part>].<kind>". */
  id: string;
  selector: string;
  metric: string;
  /** Per-part metrics (metrics.ts PART_METRICS): the part this outcome judges, e.g. a HolisticBias axis. */
  part?: string;
  kind: RuleKind;
  threshold: number;
  /** How the rule was read: `interval` (version 2 margin), `value` (point estimate), or a version 1 bound. */
  on: Bound | 'interval';
  status: RuleStatus;
  /** The metric (max/min) or its change since the baseline (max_increase); null when not applicable. */
  estimate: Interval | null;
  /** The number that decided a pass or fail (a bound or the value); null when inconclusive or not applicable. */
  compared: number | null;
  /** max_increase only: the metric in both runs and how the change's interval was computed. */
  baseline?: Interval;
  current?: Interval;
  method?: 'paired' | 'independent';
  /** One plain line: value, interval, comparison and verdict; why a rule is inconclusive or does not apply. */
  message: string;
}

export interface CheckOutcome {
  /** Nothing fails (inconclusive rules fail too when strict). */
  passed: boolean;
  status: CheckStatus;
  counts: CheckCounts;
  /** Inconclusive rules count as failures (--strict or `inconclusive: fail`). */
  strict: boolean;
  policy: string;
  policy_version: 1 | 2;
  policy_sha256: string;
  /** `data`: "data:<file name>" for runs of `audit run --data`. */
  subject: { probe: string | null; suite: string | null; data?: string | null; model: string; fingerprint: string };
  baseline: { model: string; fingerprint: string; created_at: string } | null;
  rules: RuleOutcome[];
  /** The groups with the lowest and highest mean score (what a failing gap is about); null without stats. */
  extremes: { lowest: { key: string; mean: number }; highest: { key: string; mean: number } } | null;
  warnings: string[];
}

export interface CheckOptions {
  /** Bootstrap for paired change intervals; default the current run's stats seed and resamples. */
  seed?: number;
  resamples?: number;
  /** Data runs: the baseline's (a) and this run's (b) records, for changes paired text by text. */
  records?: DataRunRecords;
  /** Inconclusive rules fail the check (`--strict`); the policy's `inconclusive: fail` does the same. */
  strict?: boolean;
}

export function checkRun(result: AuditResult, policy: Policy, baseline?: AuditResult | null, options: CheckOptions = {}): CheckOutcome {
  // Selectors: "*", then the run's kind (probe, suite, data), then its suite and probe id.
  const names = [result.kind, ...subjectNames(result)];
  const metrics = metricsOf(result);
  const warnings: string[] = [];
  const selected = rulesFor(policy, names);
  const subject = {
    probe: result.probe?.id ?? null, suite: result.suite ?? null,
    ...(result.kind === 'data' ? { data: `data:${result.data.file_name}` } : {}),
    model: result.model.name, fingerprint: result.model.fingerprint,
  };

  // 1. A known metric that this kind of run does not have is not applicable (skipped); an unknown one is an error
  // (typos must not pass silently).
  const notApplicable = selected.filter(({ metric }) => !Object.hasOwn(metrics, metric) && KNOWN_METRICS.includes(metric));
  const applicable = selected.filter((a) => !notApplicable.includes(a));
  const unknown = applicable.filter(({ metric }) => !Object.hasOwn(metrics, metric));
  if (unknown.length > 0) {
    const available = Object.keys(metrics).sort().join(', ') || '(none: the result has no stats)';
    throw inputError(
      'E_POLICY_METRIC',
      `${policy.source?.file ?? '<policy>'}: ${unknown.length === 1 ? 'a rule names a metric' :
        'rules name metrics'} this result does not have`,
      unknown.map(({ selector, metric }) => `${policyLocation(policy, ['rules', selector, metric])}: unknown metric "${metric}" (this ` +
        `result has: ${available})`),
    );
  }
  for (const [selector, rules] of Object.entries(policy.rules)) {
    if (selector === '*' || names.includes(selector)) continue;
    for (const metric of Object.keys(rules)) {
      if (!KNOWN_METRICS.includes(metric)) warnings.push(`${policyLocation(policy, ['rules', selector, metric])}: "${metric}" is not a ` +
        `metric this tool writes (known: ${KNOWN_METRICS.join(', ')})`);
    }
  }
  for (const metric of new Set(applicable.map((a) => a.metric))) {
    const { value, ci } = metrics[metric];
    // A bound-based rule trusts the interval; one that excludes its own estimate is a defect upstream.
    if (ci[0] > value + 1e-12 || ci[1] < value - 1e-12) {
      warnings.push(`${metric}: the interval ${num(ci[0])} to ${num(ci[1])} in result.json does not contain the value ${num(value)}; ` +
        `rules on its bounds are unreliable`);
    }
  }
  if (selected.length === 0) {
    warnings.push(`no rule of policy "${policy.name}" applies to ${subjectNames(result).join(' / ') || 'this run'} ` +
      `(selectors: ${Object.keys(policy.rules).join(', ')})`);
  }
  if (baseline) refuseOtherProbe(result, baseline);

  // 2. Thresholds on the metric itself, then changes against the baseline.
  const rules: RuleOutcome[] = [];
  const changes = new ChangeEstimator(baseline ?? null, result, options);
  const reading = (kind: RuleKind, rule: MetricRule): Bound | 'interval' => readingOf(policy, kind, rule);
  const hint = decidingHint(result);
  const parts: Record<string, Record<string, Interval> | undefined> = metricParts(result);
  for (const { selector, metric, rule } of applicable) {
    const byPart = parts[metric];
    if (byPart) {
      // One outcome per part (a HolisticBias axis): each part's interval is its own 95% claim, as each probe's is.
      for (const [part, estimate] of Object.entries(byPart)) {
        for (const kind of ['max', 'min'] as const) {
          const threshold = rule[kind];
          if (threshold === undefined) continue;
          const outcome = judge(selector, metric, kind, threshold, reading(kind, rule), estimate, hint(metric, part));
          rules.push({ ...outcome, id: `${selector}.${metric}[${part}].${kind}`, part, message: `${part}: ${outcome.message}` });
        }
      }
      if (rule.max_increase !== undefined) rules.push(changes.judge(selector, metric, rule.max_increase, reading('max_increase', rule)));
      continue;
    }
    const estimate = metrics[metric];
    const biased = samplingBias(result.model, metric);
    const said = (o: RuleOutcome): RuleOutcome => (biased ? { ...o, message: `${o.message}; ${metric} is ${biased}` } : o);
    if (rule.max !== undefined) rules.push(said(judge(selector, metric, 'max', rule.max, reading('max', rule), estimate, hint(metric))));
    if (rule.min !== undefined) rules.push(said(judge(selector, metric, 'min', rule.min, reading('min', rule), estimate, hint(metric))));
    if (rule.max_increase !== undefined) rules.push(changes.judge(selector, metric, rule.max_increase, reading('max_increase', rule)));
  }
  for (const { selector, metric, rule } of notApplicable) {
    const kinds: [RuleKind, number | undefined][] = [['max', rule.max], ['min', rule.min], ['max_increase', rule.max_increase]];
    for (const [kind, threshold] of kinds) {
      if (threshold === undefined) continue;
      rules.push({
        id: `${selector}.${metric}.${kind}`, selector, metric, kind, threshold, on: reading(kind, rule), status: 'not_applicable',
          estimate: null,
        compared: null, message: `${metric}: not applicable (a ${result.kind} run has no ${metric})`,
      });
    }
  }
  const sampled = sampledSentence(result.model);
  if (sampled) warnings.push(sampled);
  if (policy.version === 1) {
    warnings.push(
      `policy "${policy.name}" is version 1: a rule fails only when the whole interval is beyond its threshold, so "cannot tell" reads ` +
      `as a pass; `
        + 'set `version: 2` for pass / fail / inconclusive',
    );
  }
  const strict = options.strict === true || policy.inconclusive === 'fail';
  const counts = countRules(rules);
  if (selected.length > 0 && counts.not_applicable === rules.length) {
    warnings.push(`no rule of policy "${policy.name}" applies to ${subjectNames(result).join(' / ') || 'this run'}: every rule is not ` +
      `applicable`);
  }
  const status = overallStatus(counts);
  return {
    passed: counts.fail === 0 && !(strict && counts.inconclusive > 0),
    status,
    counts,
    strict,
    policy: policy.name,
    policy_version: policy.version,
    policy_sha256: policy.sha256,
    subject,
    baseline: baseline ? { model: baseline.model.name, fingerprint: baseline.model.fingerprint, created_at: baseline.created_at } : null,
    rules,
    extremes: extremesOf(result),
    warnings: [...warnings, ...changes.warnings],
  };
}

/** The rules that apply to a run: "*" first, then its suite, then its probe; a later entry replaces a metric's rule. */
export function rulesFor(policy: Policy, names: string[]): { selector: string; metric: string; rule: MetricRule }[] {
  const chosen = new Map<string, { selector: string; metric: string; rule: MetricRule }>();
  for (const selector of ['*', ...names]) {
    for (const [metric, rule] of Object.entries(policy.rules[selector] ?? {})) chosen.set(metric, { selector, metric, rule });
  }
  return [...chosen.values()];
}

export function refuseOtherProbe(current: AuditResult, baseline: AuditResult): void {
  // A data run's subject is its file (as JUnit and SARIF name it): a baseline must audit the same file.
  const subject = (r: AuditResult) => (r.kind === 'data' ? `data:${r.data.file_name}` : subjectNames(r).join(' / ') || '(none)');
  const a = subject(baseline);
  const b = subject(current);
  if (a !== b) throw inputError('E_BASELINE_PROBE', `the baseline run is of ${a}, this run is of ${b}: a baseline must be a run of the ` +
    `same probe or data`);
}

function extremesOf(result: AuditResult): CheckOutcome['extremes'] {
  const groups = (result.stats?.groups ?? []).filter((g) => Number.isFinite(g.mean));
  if (groups.length === 0) return null;
  const sorted = [...groups].sort((a, b) => a.mean - b.mean);
  const side = (g: (typeof groups)[number]) => ({ key: g.key, mean: g.mean });
  return { lowest: side(sorted[0]), highest: side(sorted[sorted.length - 1]) };
}

/** A data run's gate metric says which subgroups it judged ("7 of 9 subgroups judged; women: 6 negatives, too small"). */
function noteOf(estimate: Interval): string {
  const note = (estimate as { note?: unknown }).note;
  return typeof note === 'string' && note ? ` (${note})` : '';
}

export function countRules(rules: RuleOutcome[]): CheckCounts {
  const counts: CheckCounts = { fail: 0, inconclusive: 0, pass: 0, not_applicable: 0 };
  for (const r of rules) counts[r.status] += 1;
  return counts;
}

/** Fail over inconclusive over pass; no rule that applied is its own state (exit 2). */
export function overallStatus(counts: CheckCounts): CheckStatus {
  if (counts.fail > 0) return 'fail';
  if (counts.inconclusive > 0) return 'inconclusive';
  return counts.pass > 0 ? 'pass' : 'no_rules';
}

/** "1 fails, 2 inconclusive, 1 passes, 2 not applicable": every count, the rules that did not apply kept apart. */
export function countsText(counts: CheckCounts): string {
  return [
    `${counts.fail} ${counts.fail === 1 ? 'fails' : 'fail'}`,
    `${counts.inconclusive} inconclusive`,
    `${counts.pass} ${counts.pass === 1 ? 'passes' : 'pass'}`,
    `${counts.not_applicable} not applicable`,
  ].join(', ');
}

/** Version 2: the whole interval unless `on: value`; version 1: the bound of the fail-only reading unless `on` says. */
function readingOf(policy: Policy, kind: RuleKind, rule: MetricRule): Bound | 'interval' {
  if (policy.version === 2) return rule.on === 'value' ? 'value' : 'interval';
  return rule.on ?? (kind === 'min' ? 'upper' : 'lower');
}

/**
 * What would decide an inconclusive rule, in plain words. Probe runs know the smallest group effect their design
 * detects (stats.descriptive.min_detectable_effect); otherwise a narrower interval is all we can say.
 */
function decidingHint(result: AuditResult): (metric: string, part?: string) => string {
  const mde = result.stats?.descriptive?.min_detectable_effect;
  const mdi = result.stats?.intersection?.mde_interaction;
  const tables = result.kind === 'data' ? result.data.factorial ?? [] : [];
  return (metric, part) => {
    if (metric === 'data_max_abs_interaction') {
      const table = tables.find((t) => t.measure === part);
      const size = table?.mde_interaction;
      const more = table?.measure === 'tpr' ? 'positives' : table?.measure === 'fpr' ? 'negatives' : 'texts';
      return typeof size === 'number' && Number.isFinite(size)
        ? `these texts cannot tell interactions under ${decimal(size)} from none (the table's minimum detectable interaction); more ` +
          `${more} in each cell would decide it`
        : `more ${more} in each cell would decide it`;
    }
    if (metric === 'max_abs_interaction' && typeof mdi === 'number' && Number.isFinite(mdi)) {
      return `this probe cannot tell interactions under ${decimal(mdi)} from none (its minimum detectable interaction); more ` +
        `templates or fillers per cell would decide it`;
    }
    if ((metric === 'max_abs_effect' || metric === 'effect_sd') && typeof mde === 'number' && Number.isFinite(mde)) {
      return `this probe cannot tell group effects under ${decimal(mde)} from none (its minimum detectable effect); more templates or ` +
        `fillers would decide it`;
    }
    if (metric === 'holisticbias_max_abs_effect') {
      return 'more sentences per descriptor (a larger --sample, or the whole dataset) would narrow its simultaneous intervals';
    }
    return 'a narrower interval (more items or sentences) would decide it';
  };
}

/**
 * Three outcomes on an interval, or two on a point value. `kind` max: pass when the interval lies at or under the
 * margin, fail when it lies entirely above; min mirrors it. A metric without a finite interval is inconclusive.
 */
export function decide(kind: RuleKind, threshold: number, on: Bound | 'interval',
  estimate: Interval): { status: RuleStatus; compared: number | null } {
  const [lo, hi] = estimate.ci;
  const upward = kind !== 'min';
  if (on === 'value' || on === 'lower' || on === 'upper') {
    // A point reading (value), or version 1's one bound: fail-only, two outcomes.
    const x = on === 'value' ? estimate.value : on === 'lower' ? lo : hi;
    // A number that is not one cannot be shown to be within the threshold (the fail-only reading's old behaviour).
    if (!Number.isFinite(x)) return { status: 'fail', compared: x };
    return { status: (upward ? x > threshold : x < threshold) ? 'fail' : 'pass', compared: x };
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { status: 'inconclusive', compared: null };
  if (upward) {
    if (hi <= threshold) return { status: 'pass', compared: hi };
    if (lo > threshold) return { status: 'fail', compared: lo };
  } else {
    if (lo >= threshold) return { status: 'pass', compared: lo };
    if (hi < threshold) return { status: 'fail', compared: hi };
  }
  return { status: 'inconclusive', compared: null };
}

/** The sentence after the value: which bound decided, against which margin; or why nothing did. */
function verdictText(kind: RuleKind, threshold: number, on: Bound | 'interval', decision: { status: RuleStatus; compared: number | null },
  hint: string, change = false): string {
  const { status, compared } = decision;
  const name = kind === 'max_increase' ? 'max_increase' : kind;
  const fmt = change ? signedNum : num;
  if (on !== 'interval') {
    const what = on === 'value' ? (change ? 'change' : 'value') : `${on} bound`;
    if (compared === null || !Number.isFinite(compared)) return `${what} is not a number: fail`;
    const relation = kind === 'min' ? (status === 'fail' ? '<' : '\u2265') : status === 'fail' ? '>' : '\u2264';
    return `${what} ${fmt(compared)} ${relation} ${name} ${threshold}`;
  }
  const above = kind === 'min' ? 'below' : 'above';
  const within = kind === 'min' ? 'at or above' : 'at or under';
  if (status === 'pass') return `pass: the whole interval is ${within} the margin ${threshold} (${kind === 'min' ? 'lower' : 'upper'} ` +
    `bound ${fmt(compared!)})`;
  if (status === 'fail') return `fail: the whole interval is ${above} the margin ${threshold} (${kind === 'min' ? 'upper' : 'lower'} ` +
    `bound ${fmt(compared!)})`;
  return `inconclusive: the interval contains the margin ${threshold}, so the run cannot tell whether it ` +
    `is ${kind === 'min' ? 'above' : 'under'} it; ${hint}`;
}

function judge(selector: string, metric: string, kind: RuleKind, threshold: number, on: Bound | 'interval', estimate: Interval,
  hint: string): RuleOutcome {
  const decision = decide(kind, threshold, on, estimate);
  const finite = Number.isFinite(estimate.ci[0]) && Number.isFinite(estimate.ci[1]);
  const tail = !finite && on === 'interval'
    ? `inconclusive: ${metric} has no finite interval, so it cannot be compared with the margin ${threshold}`
    : verdictText(kind, threshold, on, decision, hint);
  return {
    id: `${selector}.${metric}.${kind}`, selector, metric, kind, threshold, on,
    status: decision.status,
    estimate, compared: decision.compared,
    message: `${metric} = ${num(estimate.value)} (95% CI ${num(estimate.ci[0])} to ${num(estimate.ci[1])}): ${tail}${noteOf(estimate)}`,
  };
}

function decimal(x: number): string {
  return x.toFixed(x < 0.01 ? 3 : 2);
}

/** Change of a metric since the baseline: paired by text when the runs align and the metric can be recomputed. */
class ChangeEstimator {
  readonly warnings: string[] = [];
  private paired: ReturnType<typeof pairedEstimates> | null | undefined;
  private data: RunDiff['metrics'] | null | undefined;

  constructor(
    private readonly baseline: AuditResult | null,
    private readonly current: AuditResult,
    private readonly options: CheckOptions,
  ) {}

  judge(selector: string, metric: string, threshold: number, on: Bound | 'interval'): RuleOutcome {
    const base = { id: `${selector}.${metric}.max_increase`, selector, metric, kind: 'max_increase' as const, threshold, on };
    const skip = (message: string): RuleOutcome => ({ ...base, status: 'not_applicable', estimate: null, compared: null, message });
    if (!this.baseline) return skip(`${metric}: max_increase ${threshold} needs a baseline run (--baseline)`);
    const before = metricsOf(this.baseline)[metric];
    const now = metricsOf(this.current)[metric];
    if (!before) return skip(`${metric}: the baseline run has no such metric`);
    const { change, method, note } = this.changeOf(metric, before, now);
    const decision = decide('max_increase', threshold, on, change);
    return {
      ...base,
      status: decision.status,
      estimate: change, compared: decision.compared, baseline: before, current: now, method,
      message:
        `${metric} changed by ${signedNum(change.value)} (95% CI ${signedNum(change.ci[0])} to ${signedNum(change.ci[1])}; ` +
        `baseline ${num(before.value)}, now ${num(now.value)}; ${method}${note}): ` +
        verdictText('max_increase', threshold, on, decision, 'a paired rerun on more items would decide it', true),
    };
  }

  private changeOf(metric: string, before: Interval, now: Interval): { change: Interval; method: 'paired' | 'independent'; note: string } {
    const value = now.value - before.value;
    const data = this.dataChanges();
    if (data?.[metric]?.method === 'paired') return { change: data[metric].change, method: 'paired', note: ' by text' };
    const paired = isPairedMetric(metric) ? this.pairedEstimates() : null;
    if (paired && isPairedMetric(metric)) {
      const m = paired.metrics[metric];
      // The recomputation must reproduce both stored values, or its interval is about some other number.
      if (sameValue(m.a, before.value) && sameValue(m.b, now.value)) return { change: { value, ci: m.ci }, method: 'paired',
        note: ' by sentence text' };
      this.warnings.push(`${metric}: recomputed from the records it differs from result.json; its change interval treats the runs as ` +
        `independent`);
    }
    return { change: independentChange(before, now), method: 'independent', note: '' };
  }

  /** Data runs with their records: the metric changes of `audit diff` (paired where they reproduce both runs). */
  private dataChanges(): RunDiff['metrics'] | null {
    if (this.data !== undefined) return this.data;
    this.data = null;
    if (this.baseline?.kind !== 'data' || this.current.kind !== 'data' || !this.options.records) return null;
    const diff = diffDataRuns(this.baseline, this.current, { seed: this.options.seed, resamples: this.options.resamples,
      labels: ['the baseline', 'this run'] }, this.options.records);
    this.warnings.push(...diff.notes);
    this.data = diff.metrics;
    return this.data;
  }

  private pairedEstimates(): ReturnType<typeof pairedEstimates> | null {
    if (this.paired !== undefined) return this.paired;
    this.paired = null;
    const attribute = attributeOf(this.current);
    if (!this.baseline || !attribute) return null;
    const alignment = alignByText(this.baseline, this.current);
    if (!alignment.complete) {
      this.warnings.push(
        `the runs share ${alignment.matched} sentence texts (${alignment.onlyA} only in the baseline, ${alignment.onlyB} only in this ` +
        `run): change intervals treat them as independent`,
      );
      return null;
    }
    this.paired = pairedEstimates(alignment, {
      attribute,
      seed: this.options.seed ?? this.current.stats?.seed ?? this.current.seed ?? 0,
      // Each run's own seed where none is given, so that its recomputed metrics reproduce its result.json.
      seeds: this.options.seed === undefined ? [this.baseline.stats?.seed ?? this.baseline.seed ?? 0,
        this.current.stats?.seed ?? this.current.seed ?? 0] : undefined,
      resamples: this.options.resamples ?? this.current.stats?.resamples ?? DEFAULT_RESAMPLES,
    });
    return this.paired;
  }
}

/** Four decimals: enough to see which side of a threshold like 0.1 a bound lies on. */
export function num(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : String(x);
}

export function signedNum(x: number): string {
  return Number.isFinite(x) && x > 0 ? `+${num(x)}` : num(x);
}
