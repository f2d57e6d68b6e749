/**
 * diffRuns: two runs of the same probe -> what changed (pure). Per group, the change in mean score with a paired
 * interval (sentences matched by text, two-way cluster bootstrap over templates and fillers, seeded); per metric,
 * the change; and which conclusions of the two reports differ: significance, direction, rank.
 */
import { DEFAULT_DIFF_TOLERANCE, DEFAULT_RESAMPLES } from '../config/defaults.js';
import { inputError } from '../errors.js';
import type { AuditResult, GroupStat, Interval } from '../result/index.js';
import { effectMark, type Mark } from '../result/index.js';
import { diffDataRuns, type DataDiff, type DataRunRecords } from './diff-data.js';
import { attributeOf, isInterval, metricsOf } from './metrics.js';
import { alignByText, independentChange, isPairedMetric, pairedEstimates, sameValue, type PairedEstimates } from './paired.js';

export interface RunRef {
  model: string;
  fingerprint: string;
  created_at: string;
  demo: boolean;
  /** How the user named the run (its directory), when known. */
  label: string;
}

/** One group's conclusion in one run (from that run's stats). */
export interface GroupVerdict {
  mean: number;
  ci: [number, number];
  significant: boolean;
  direction: GroupStat['direction'];
  /** The report's mark (result/effect.ts): the simultaneous interval excludes 0, and on which side. */
  sim_ci: [number, number];
  differs: Mark;
  p_adj: number;
  rank: number;
  rank_ci: [number, number];
}

export interface GroupChange {
  key: string;
  attrs: GroupStat['attrs'];
  /** Sentences of this group scored by both runs. */
  n_pairs: number;
  /** The group's effect (the one contrast) over the paired sentences in each run. */
  mean_a: number;
  mean_b: number;
  /**
   * effect_b - effect_a with its paired simultaneous 95% interval over the groups (Šidák t on the SE of the per-sentence
   * differences' effect, stats/probe/paired.ts); schema 3.0 gave a pointwise percentile interval.
   */
  change: Interval;
  /** The same change's pointwise 95% t interval ("this group alone"). */
  change_pointwise_ci?: [number, number];
  /**
   * Against the tolerance X: changed when the change's interval lies wholly outside ±X, unchanged when wholly inside,
   * cannot tell otherwise (an equivalence reading, as in TOST: "unchanged" is shown, not assumed).
   */
  status: ChangeStatus;
  /** status === 'changed'. */
  changed: boolean;
  a: GroupVerdict | null;
  b: GroupVerdict | null;
  significance_changed: boolean;
  direction_changed: boolean;
  /** Significantly higher in one run, significantly lower in the other. */
  reversed: boolean;
  rank_change: number | null;
  /** The two rank intervals do not overlap. */
  rank_moved: boolean;
}

export type ChangeStatus = 'changed' | 'unchanged' | 'cannot tell';


/** The status of a change with interval `ci` against a tolerance X. */
export function changeStatus(ci: [number, number], tolerance: number): ChangeStatus {
  if (ci[0] > tolerance || ci[1] < -tolerance) return 'changed';
  if (ci[0] >= -tolerance && ci[1] <= tolerance) return 'unchanged';
  return 'cannot tell';
}

export interface MetricChange {
  a: Interval;
  b: Interval;
  change: Interval;
  method: 'paired' | 'independent';
}

export interface RunDiff {
  probe: { id: string; title: string; attribute: string };
  target: string;
  a: RunRef;
  b: RunRef;
  pairing: { matched: number; only_a: number; only_b: number; templates: number; complete: boolean };
  seed: number;
  resamples: number;
  /** The tolerance X of `status` (probability scale). */
  tolerance: number;
  metrics: Record<string, MetricChange>;
  /** Largest absolute change first. */
  groups: GroupChange[];
  conclusions: {
    changed: number; unchanged: number; cannot_tell: number;
    significance_changed: number; direction_changed: number; reversed: number; rank_moved: number;
  };
  notes: string[];
  /** Data runs: the per-text paired comparison (src/review/diff-data.ts). */
  data?: DataDiff;
}

export interface DiffOptions {
  seed?: number;
  resamples?: number;
  labels?: [string, string];
  /** Tolerance X of "changed" / "unchanged" (default DEFAULT_DIFF_TOLERANCE). */
  tolerance?: number;
  /** Data runs: both runs' records (records.jsonl), for the per-text pairing. */
  records?: DataRunRecords;
}

export function diffRuns(runA: AuditResult, runB: AuditResult, options: DiffOptions = {}): RunDiff {
  if (runA.kind === 'data' || runB.kind === 'data') return diffDataRuns(runA, runB, options, options.records);
  // 1. Same probe, same target: otherwise the numbers are not about the same thing.
  const probe = sameProbe(runA, runB, options.labels);
  const notes: string[] = [];
  // 2. Pair by sentence text and bootstrap the changes.
  const alignment = alignByText(runA, runB);
  if (alignment.matched === 0) throw inputError('E_DIFF_NO_PAIRS', `${label(options, 0)} and ${label(options, 1)} have no sentence in ` +
    `common: nothing to compare`);
  if (!alignment.complete) {
    notes.push(`${alignment.matched} sentences are in both runs; ${alignment.onlyA} only in A and ${alignment.onlyB} only in B are left ` +
      `out of the paired changes.`);
  }
  const seed = options.seed ?? runB.stats?.seed ?? runB.seed ?? 0;
  const resamples = options.resamples ?? runB.stats?.resamples ?? DEFAULT_RESAMPLES;
  // Each run's own seed where none is given, so that its recomputed metrics reproduce its result.json.
  const seeds: [number, number] | undefined = options.seed === undefined ? [runSeed(runA, seed), runSeed(runB, seed)] : undefined;
  const paired = pairedEstimates(alignment, { attribute: probe.attribute, seed, seeds, resamples });
  if (!runA.stats || !runB.stats) notes.push('A run without stats: significance, direction and rank changes are not compared.');

  // 3. Groups: the change, and the conclusions each run drew.
  const statsA = new Map((runA.stats?.groups ?? []).map((g) => [g.key, g]));
  const statsB = new Map((runB.stats?.groups ?? []).map((g) => [g.key, g]));
  const tolerance = options.tolerance ?? DEFAULT_DIFF_TOLERANCE;
  const groups = paired.groupKeys.map((key, g) => groupChange(key, paired.groups[g], statsA.get(key), statsB.get(key), tolerance));
  groups.sort((x, y) => Math.abs(y.change.value) - Math.abs(x.change.value) || x.key.localeCompare(y.key));

  return {
    probe,
    target: runB.target,
    a: ref(runA, label(options, 0)),
    b: ref(runB, label(options, 1)),
    pairing: {
      matched: alignment.matched, only_a: alignment.onlyA, only_b: alignment.onlyB,
      templates: paired.templates, complete: alignment.complete,
    },
    seed,
    resamples,
    tolerance,
    metrics: metricChanges(runA, runB, paired, alignment.complete, notes),
    groups,
    conclusions: {
      changed: groups.filter((g) => g.status === 'changed').length,
      unchanged: groups.filter((g) => g.status === 'unchanged').length,
      cannot_tell: groups.filter((g) => g.status === 'cannot tell').length,
      significance_changed: groups.filter((g) => g.significance_changed).length,
      direction_changed: groups.filter((g) => g.direction_changed).length,
      reversed: groups.filter((g) => g.reversed).length,
      rank_moved: groups.filter((g) => g.rank_moved).length,
    },
    notes,
  };
}

function runSeed(run: AuditResult, fallback: number): number {
  return run.stats?.seed ?? run.seed ?? fallback;
}

function sameProbe(a: AuditResult, b: AuditResult, labels?: [string, string]): RunDiff['probe'] {
  const [la, lb] = labels ?? ['run A', 'run B'];
  if (!a.probe || !b.probe) {
    throw inputError('E_DIFF_NOT_PROBE', `${!a.probe ? la : lb} is not a probe run (suite ${(!a.probe ? a : b).suite ?? 'unknown'}): ` +
      `diff compares two runs of one probe`);
  }
  if (a.probe.id !== b.probe.id) {
    throw inputError('E_DIFF_PROBE', `${la} is a run of probe "${a.probe.id}" and ${lb} of probe "${b.probe.id}": diff compares two runs ` +
      `of the same probe`);
  }
  if (a.target !== b.target) {
    throw inputError('E_DIFF_TARGET', `${la} scores P(${a.target}) and ${lb} scores P(${b.target}): diff needs the same target label`);
  }
  return { id: b.probe.id, title: b.probe.title, attribute: attributeOf(b)! };
}

function label(options: DiffOptions, i: 0 | 1): string {
  return options.labels?.[i] ?? (i === 0 ? 'run A' : 'run B');
}

function ref(r: AuditResult, name: string): RunRef {
  return { model: r.model.name, fingerprint: r.model.fingerprint, created_at: r.created_at, demo: r.model.demo, label: name };
}

function verdict(g: GroupStat | undefined): GroupVerdict | null {
  if (!g) return null;
  return {
    mean: g.mean, ci: g.ci, significant: g.significant, direction: g.direction, sim_ci: g.sim_ci, differs: effectMark(g),
    p_adj: g.p_adj, rank: g.rank, rank_ci: g.rank_ci,
  };
}

function groupChange(
  key: string, p: PairedEstimates['groups'][number], ga: GroupStat | undefined, gb: GroupStat | undefined, tolerance: number,
): GroupChange {
  const a = verdict(ga);
  const b = verdict(gb);
  const both = a !== null && b !== null;
  // The status reads the simultaneous interval, so "changed" holds for every group at once (a family-wise claim).
  const status = changeStatus(p.sim_ci, tolerance);
  return {
    key,
    attrs: gb?.attrs ?? ga?.attrs ?? {},
    n_pairs: p.n,
    mean_a: p.a,
    mean_b: p.b,
    change: { value: p.change, ci: p.sim_ci },
    change_pointwise_ci: p.ci,
    status,
    changed: status === 'changed',
    a,
    b,
    significance_changed: both && a.significant !== b.significant,
    direction_changed: both && a.direction !== b.direction,
    reversed: both && a.direction !== 'none' && b.direction !== 'none' && a.direction !== b.direction,
    rank_change: both ? b.rank - a.rank : null,
    rank_moved: both && (b.rank_ci[0] > a.rank_ci[1] || b.rank_ci[1] < a.rank_ci[0]),
  };
}

/**
 * Metric changes. Paired (from the bootstrap) when the metric can be recomputed from the records and the
 * recomputation reproduces both stored values; otherwise the two stored intervals combined as independent.
 */
function metricChanges(
  runA: AuditResult,
  runB: AuditResult,
  paired: PairedEstimates,
  complete: boolean,
  notes: string[],
): Record<string, MetricChange> {
  const ma = metricsOf(runA);
  const mb = metricsOf(runB);
  const out: Record<string, MetricChange> = {};
  const names = new Set([...Object.keys(ma).filter((m) => Object.hasOwn(mb, m)), ...Object.keys(paired.metrics)]);
  for (const name of names) {
    const p = isPairedMetric(name) ? paired.metrics[name] : null;
    const a = ma[name];
    const b = mb[name];
    if (p && (!a || !b)) {
      // A run without stats: the recomputed values are the only ones there are.
      out[name] = { a: { value: p.a, ci: [NaN, NaN] }, b: { value: p.b, ci: [NaN, NaN] }, change: { value: p.change, ci: p.ci },
        method: 'paired' };
    } else if (p && complete && sameValue(p.a, a.value) && sameValue(p.b, b.value)) {
      out[name] = { a, b, change: { value: b.value - a.value, ci: p.ci }, method: 'paired' };
    } else if (isInterval(a) && isInterval(b)) {
      if (p && complete) notes.push(`${name}: recomputed from the records it differs from result.json; its change treats the runs as ` +
        `independent.`);
      out[name] = { a, b, change: independentChange(a, b), method: 'independent' };
    }
  }
  return out;
}
