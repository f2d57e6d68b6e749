/**
 * checkRun: a result (and optionally a baseline result) against a policy -> one outcome per rule. Pure.
 *
 * A rule is one threshold on one metric: `max`, `min` or `max_increase`. By default a rule compares the interval
 * bound that makes a failure certain at 95%: a `max` fails only when even the lower bound exceeds it, a `min`
 * only when even the upper bound falls short. A gate that fails on noise gets switched off; `on: value` or the
 * other bound is there for teams that want the stricter reading.
 */
import { DEFAULT_RESAMPLES } from '../config/defaults.js';
import { inputError } from '../errors.js';
import type { AuditResult, Interval } from '../result/index.js';
import { diffDataRuns, type DataRunRecords } from './diff-data.js';
import type { RunDiff } from './diff.js';
import { attributeOf, KNOWN_METRICS, metricsOf, subjectNames } from './metrics.js';
import { alignByText, independentChange, isPairedMetric, pairedEstimates, sameValue } from './paired.js';
import { policyLocation, type MetricRule, type Policy } from './policy.js';
import type { Bound } from './policy-schema.js';

export type RuleKind = 'max' | 'min' | 'max_increase';
export type RuleStatus = 'pass' | 'fail' | 'skipped';

export interface RuleOutcome {
  /** "<selector>.<metric>.<kind>", e.g. "*.group_gap.max". */
  id: string;
  selector: string;
  metric: string;
  kind: RuleKind;
  threshold: number;
  on: Bound;
  status: RuleStatus;
  /** The metric (max/min) or its change since the baseline (max_increase); null when skipped. */
  estimate: Interval | null;
  /** The number compared with the threshold (the chosen bound or the value). */
  compared: number | null;
  /** max_increase only: the metric in both runs and how the change's interval was computed. */
  baseline?: Interval;
  current?: Interval;
  method?: 'paired' | 'independent';
  /** One line: value, interval, comparison and verdict (also why a rule was skipped). */
  message: string;
}

export interface CheckOutcome {
  passed: boolean;
  policy: string;
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
      `${policy.source?.file ?? '<policy>'}: ${unknown.length === 1 ? 'a rule names a metric' : 'rules name metrics'} this result does not have`,
      unknown.map(({ selector, metric }) => `${policyLocation(policy, ['rules', selector, metric])}: unknown metric "${metric}" (this result has: ${available})`),
    );
  }
  for (const [selector, rules] of Object.entries(policy.rules)) {
    if (selector === '*' || names.includes(selector)) continue;
    for (const metric of Object.keys(rules)) {
      if (!KNOWN_METRICS.includes(metric)) warnings.push(`${policyLocation(policy, ['rules', selector, metric])}: "${metric}" is not a metric this tool writes (known: ${KNOWN_METRICS.join(', ')})`);
    }
  }
  for (const metric of new Set(applicable.map((a) => a.metric))) {
    const { value, ci } = metrics[metric];
    // A bound-based rule trusts the interval; one that excludes its own estimate is a defect upstream.
    if (ci[0] > value + 1e-12 || ci[1] < value - 1e-12) {
      warnings.push(`${metric}: the interval ${num(ci[0])} to ${num(ci[1])} in result.json does not contain the value ${num(value)}; rules on its bounds are unreliable`);
    }
  }
  if (selected.length === 0) {
    warnings.push(`no rule of policy "${policy.name}" applies to ${subjectNames(result).join(' / ') || 'this run'} (selectors: ${Object.keys(policy.rules).join(', ')})`);
  }
  if (baseline) refuseOtherProbe(result, baseline);

  // 2. Thresholds on the metric itself, then changes against the baseline.
  const rules: RuleOutcome[] = [];
  const changes = new ChangeEstimator(baseline ?? null, result, options);
  for (const { selector, metric, rule } of applicable) {
    const estimate = metrics[metric];
    if (rule.max !== undefined) rules.push(judge(selector, metric, 'max', rule.max, rule.on ?? 'lower', estimate));
    if (rule.min !== undefined) rules.push(judge(selector, metric, 'min', rule.min, rule.on ?? 'upper', estimate));
    if (rule.max_increase !== undefined) rules.push(changes.judge(selector, metric, rule.max_increase, rule.on ?? 'lower'));
  }
  for (const { selector, metric, rule } of notApplicable) {
    const kinds: [RuleKind, number | undefined, Bound][] = [['max', rule.max, rule.on ?? 'lower'], ['min', rule.min, rule.on ?? 'upper'], ['max_increase', rule.max_increase, rule.on ?? 'lower']];
    for (const [kind, threshold, on] of kinds) {
      if (threshold === undefined) continue;
      rules.push({
        id: `${selector}.${metric}.${kind}`, selector, metric, kind, threshold, on, status: 'skipped', estimate: null, compared: null,
        message: `${metric}: not applicable (a ${result.kind} run has no ${metric})`,
      });
    }
  }
  return {
    passed: rules.every((r) => r.status !== 'fail'),
    policy: policy.name,
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
  if (a !== b) throw inputError('E_BASELINE_PROBE', `the baseline run is of ${a}, this run is of ${b}: a baseline must be a run of the same probe or data`);
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

function pick(estimate: Interval, on: Bound): number {
  return on === 'lower' ? estimate.ci[0] : on === 'upper' ? estimate.ci[1] : estimate.value;
}

function judge(selector: string, metric: string, kind: RuleKind, threshold: number, on: Bound, estimate: Interval): RuleOutcome {
  const compared = pick(estimate, on);
  const failed = !Number.isFinite(compared) || (kind === 'min' ? compared < threshold : compared > threshold);
  const what = on === 'value' ? 'value' : `${on} bound`;
  const relation = !Number.isFinite(compared) ? 'is not a number' : kind === 'min' ? (failed ? '<' : '\u2265') : failed ? '>' : '\u2264';
  const tail = Number.isFinite(compared) ? `${relation} ${kind} ${threshold}` : relation;
  return {
    id: `${selector}.${metric}.${kind}`, selector, metric, kind, threshold, on,
    status: failed ? 'fail' : 'pass',
    estimate, compared,
    message: `${metric} = ${num(estimate.value)} (95% CI ${num(estimate.ci[0])} to ${num(estimate.ci[1])}): ${what} ${num(compared)} ${tail}${noteOf(estimate)}`,
  };
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

  judge(selector: string, metric: string, threshold: number, on: Bound): RuleOutcome {
    const base = { id: `${selector}.${metric}.max_increase`, selector, metric, kind: 'max_increase' as const, threshold, on };
    const skip = (message: string): RuleOutcome => ({ ...base, status: 'skipped', estimate: null, compared: null, message });
    if (!this.baseline) return skip(`${metric}: max_increase ${threshold} needs a baseline run (--baseline)`);
    const before = metricsOf(this.baseline)[metric];
    const now = metricsOf(this.current)[metric];
    if (!before) return skip(`${metric}: the baseline run has no such metric`);
    const { change, method, note } = this.changeOf(metric, before, now);
    const compared = pick(change, on);
    const failed = !Number.isFinite(compared) || compared > threshold;
    const what = on === 'value' ? 'change' : `${on} bound`;
    return {
      ...base,
      status: failed ? 'fail' : 'pass',
      estimate: change, compared, baseline: before, current: now, method,
      message:
        `${metric} changed by ${signedNum(change.value)} (95% CI ${signedNum(change.ci[0])} to ${signedNum(change.ci[1])}; baseline ${num(before.value)}, now ${num(now.value)}; ${method}${note}): ` +
        `${what} ${signedNum(compared)} ${failed ? '>' : '\u2264'} max_increase ${threshold}`,
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
      if (sameValue(m.a, before.value) && sameValue(m.b, now.value)) return { change: { value, ci: m.ci }, method: 'paired', note: ' by sentence text' };
      this.warnings.push(`${metric}: recomputed from the records it differs from result.json; its change interval treats the runs as independent`);
    }
    return { change: independentChange(before, now), method: 'independent', note: '' };
  }

  /** Data runs with their records: the metric changes of `audit diff` (paired where they reproduce both runs). */
  private dataChanges(): RunDiff['metrics'] | null {
    if (this.data !== undefined) return this.data;
    this.data = null;
    if (this.baseline?.kind !== 'data' || this.current.kind !== 'data' || !this.options.records) return null;
    const diff = diffDataRuns(this.baseline, this.current, { seed: this.options.seed, resamples: this.options.resamples, labels: ['the baseline', 'this run'] }, this.options.records);
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
        `the runs share ${alignment.matched} sentence texts (${alignment.onlyA} only in the baseline, ${alignment.onlyB} only in this run): change intervals treat them as independent`,
      );
      return null;
    }
    this.paired = pairedEstimates(alignment, {
      attribute,
      seed: this.options.seed ?? this.current.stats?.seed ?? this.current.seed ?? 0,
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
