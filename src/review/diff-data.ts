/**
 * diff of two data runs (`audit run --data`), paired text by text from the runs' records.jsonl:
 *
 *   originals matched by text ─▶ per-text score change B − A (mean, mean |change|, share of changed decisions)
 *                             ─▶ group metrics of both runs under one stratified resample (stats/fairness/paired.ts)
 *   counterfactuals matched by (source text, counterfactual) ─▶ change of each swap statistic, per axis and pair
 *
 * A policy metric's change is paired when recomputing it on the paired texts reproduces both runs' stored values
 * (same texts, same subgroups); otherwise the two stored intervals are combined as independent and a note says why.
 * Without records (a caller that passes none) only that independent comparison is made.
 */
import { DEFAULT_DIFF_TOLERANCE } from '../config/defaults.js';
import { inputError } from '../errors.js';
import type { AuditResult, DataRecord, DataResult, Interval } from '../result/index.js';
import {
  pairedLabelled, pairedSwaps, summarizeSwaps, type Estimate, type PairedLabelled, type PairedSwapRow, type PairedValue,
} from '../stats/fairness/index.js';
import type { DiffOptions, MetricChange, RunDiff } from './diff.js';
import { metricsOf } from './metrics.js';
import { independentChange, sameValue } from './paired.js';

type Original = Extract<DataRecord, { kind: 'original' }>;
type CounterfactualRecord = Extract<DataRecord, { kind: 'counterfactual' }>;

export interface DataRunRecords {
  a: DataRecord[];
  b: DataRecord[];
}

/** One text whose score changed, shown side by side in diff.html. */
export interface TextChange {
  text: string;
  label: number | null;
  a: number;
  b: number;
  change: number;
  predicted_a: string;
  predicted_b: string;
}

export interface SwapChange {
  axis: string;
  from: string | null;
  to: string | null;
  counterfactuals: number;
  mean_change: PairedValue;
  ctf_gap: PairedValue;
  flip_rate: PairedValue;
}

export interface DataDiff {
  file_name: string;
  threshold: number;
  texts: { paired: number; only_a: number; only_b: number; labels_differ: number };
  /** Per paired text, B's score minus A's: mean, mean |change| and the share whose decision at the threshold differs. */
  scores: { mean_change: Estimate; mean_abs_change: Estimate; decisions_changed: Estimate; p: number | null };
  /** Group metrics of both runs on the paired texts (null without labels). */
  groups: Pick<PairedLabelled, 'overall' | 'subgroups' | 'generalized_means' | 'final_score'> | null;
  /** Per swapped axis (from and to null), then per from -> to pair. */
  swaps: SwapChange[];
  largest_changes: TextChange[];
}

const LARGEST = 10;

export function diffDataRuns(runA: AuditResult, runB: AuditResult, options: DiffOptions = {}, records?: DataRunRecords): RunDiff {
  const [la, lb] = options.labels ?? ['run A', 'run B'];
  if (runA.kind !== 'data' || runB.kind !== 'data') throw inputError('E_DIFF_KIND', `${runA.kind !== 'data' ? la : lb} is not a data run: diff compares two runs of the same kind`);
  if (runA.data.file_name !== runB.data.file_name) throw inputError('E_DIFF_PROBE', `${la} audits ${runA.data.file_name} and ${lb} ${runB.data.file_name}: diff compares two runs on the same data`);
  if (runA.target !== runB.target) throw inputError('E_DIFF_TARGET', `${la} scores P(${runA.target}) and ${lb} scores P(${runB.target}): diff needs the same target label`);
  const seed = options.seed ?? runB.seed;
  const resamples = options.resamples ?? runB.data.resamples;
  const notes: string[] = [];
  const data = records ? pairData(runA, runB, records, { seed, resamples, labels: [la, lb] }, notes) : null;
  if (!records) notes.push('Data runs without their records: metric changes combine the two runs\u2019 intervals as independent; per-text paired changes are not computed.');
  const metrics = metricChanges(runA, runB, data?.paired ?? {}, notes);
  const ref = (r: AuditResult, label: string) => ({
    model: r.model.name, fingerprint: r.model.fingerprint, created_at: r.created_at, demo: r.model.demo, label,
  });
  return {
    probe: { id: `data:${runB.data.file_name}`, title: `data ${runB.data.file_name}`, attribute: 'subgroup' },
    target: runB.target,
    a: ref(runA, la),
    b: ref(runB, lb),
    pairing: data
      ? {
        matched: data.diff.texts.paired, only_a: data.diff.texts.only_a, only_b: data.diff.texts.only_b,
        templates: 0, complete: data.complete,
      }
      : { matched: 0, only_a: 0, only_b: 0, templates: 0, complete: false },
    seed,
    resamples,
    tolerance: options.tolerance ?? DEFAULT_DIFF_TOLERANCE,
    metrics,
    groups: [],
    conclusions: { changed: 0, unchanged: 0, cannot_tell: 0, significance_changed: 0, direction_changed: 0, reversed: 0, rank_moved: 0 },
    notes,
    ...(data ? { data: data.diff } : {}),
  };
}

interface PairOptions { seed: number; resamples: number; labels: [string, string] }
interface Boot { threshold: number; resamples: number; seed: number }

function pairData(runA: DataResult, runB: DataResult, records: DataRunRecords, o: PairOptions, notes: string[]) {
  const threshold = runB.data.threshold;
  if (runA.data.threshold !== threshold) notes.push(`The runs use different thresholds (${runA.data.threshold} in A, ${threshold} in B); decisions and rates use B\u2019s.`);
  const originalsA = new Map<string, Original>();
  for (const r of records.a) if (r.kind === 'original' && !originalsA.has(r.text)) originalsA.set(r.text, r);
  const a: Original[] = [];
  const b: Original[] = [];
  const inB = new Set<string>();
  for (const r of records.b) {
    if (r.kind !== 'original' || inB.has(r.text)) continue;
    inB.add(r.text);
    const other = originalsA.get(r.text);
    if (other) {
      a.push(other);
      b.push(r);
    }
  }
  const onlyA = originalsA.size - a.length;
  const onlyB = inB.size - b.length;
  if (a.length === 0) throw inputError('E_DIFF_NO_PAIRS', `${o.labels[0]} and ${o.labels[1]} have no text in common: nothing to compare`);
  if (onlyA || onlyB) notes.push(`${a.length} texts are in both runs; ${onlyA} only in A and ${onlyB} only in B are left out of the paired changes.`);
  const labelsDiffer = a.filter((r, i) => r.label !== b[i].label).length;
  if (labelsDiffer) notes.push(`${labelsDiffer} paired texts carry different labels in the two runs; group metrics are not paired.`);

  const boot = { threshold, resamples: o.resamples, seed: o.seed };
  const perText = summarizeSwaps(a.map((r, i) => ({ source: i, original: r.score, counterfactual: b[i].score })), boot);
  const scores = { mean_change: perText.mean_change, mean_abs_change: perText.ctf_gap, decisions_changed: perText.flip_rate, p: perText.p };

  const paired: Record<string, PairedValue> = {};
  const groups = labelsDiffer === 0 && a.every((r) => r.label !== null) ? pairGroups(runB, a, b, boot, notes) : null;
  if (groups) {
    Object.assign(paired, groups.worst);
    paired.overall_auc = groups.overall.auc;
    paired.accuracy = groups.overall.accuracy;
    paired.final_score = groups.final_score;
  }
  const swaps = pairCounterfactuals(records, a, boot);
  const pooled = swaps.find((s) => s.from === null && s.axis === '*');
  if (pooled) {
    paired.ctf_gap = pooled.ctf_gap;
    paired.flip_rate = pooled.flip_rate;
    paired.mean_change = pooled.mean_change;
  }
  const largest_changes = a
    .map((r, i) => ({
      text: r.text, label: r.label, a: r.score, b: b[i].score, change: b[i].score - r.score,
      predicted_a: r.predicted, predicted_b: b[i].predicted,
    }))
    .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || x.text.localeCompare(y.text))
    .slice(0, LARGEST);
  const diff: DataDiff = {
    file_name: runB.data.file_name,
    threshold,
    texts: { paired: a.length, only_a: onlyA, only_b: onlyB, labels_differ: labelsDiffer },
    scores,
    groups: groups && {
      overall: groups.overall, subgroups: groups.subgroups, generalized_means: groups.generalized_means, final_score: groups.final_score,
    },
    swaps: swaps.filter((s) => s.axis !== '*'),
    largest_changes,
  };
  return { diff, paired, complete: onlyA === 0 && onlyB === 0 };
}

/**
 * Run B's subgroups (names and order as its result lists them), rebuilt on the paired texts from B's records: a
 * mention subgroup from each text's detected mentions, a column subgroup from the text's --group-columns.
 */
function pairGroups(runB: DataResult, a: Original[], b: Original[], boot: Boot, notes: string[]) {
  const listed = runB.data.groups?.subgroups ?? [];
  const columnsKnown = b.some((r) => r.groups !== undefined);
  const usable = listed.filter((s) => s.source === 'mention' || columnsKnown);
  if (usable.length < listed.length) notes.push('Run B\u2019s records do not say which texts its --group-columns mark; those subgroups are compared as independent.');
  const subgroups = usable.map((s) => ({
    name: s.subgroup,
    members: b.flatMap((r, i) => ((s.source === 'mention' ? r.mentions : r.groups ?? []).includes(s.subgroup) ? [i] : [])),
  }));
  return pairedLabelled(
    {
      labels: Uint8Array.from(b, (r) => r.label!), subgroups, threshold: boot.threshold,
      // The gate metrics judge the subgroups with enough texts of each class (older runs: every subgroup).
      judged: usable.map((s) => s.judged ?? true),
      scoresA: Float64Array.from(a, (r) => r.score), scoresB: Float64Array.from(b, (r) => r.score),
    },
    boot,
  );
}

/** Counterfactuals both runs scored, matched by source text and counterfactual text; pooled ('*'), per axis, per pair. */
function pairCounterfactuals(records: DataRunRecords, a: Original[], boot: Boot): SwapChange[] {
  const sourceIndex = new Map(a.map((r, i) => [r.text, i]));
  const originalsByRow = (list: DataRecord[]) => new Map(list.flatMap((r) => (r.kind === 'original' ? [[r.row, r] as const] : [])));
  const rowA = originalsByRow(records.a);
  const rowB = originalsByRow(records.b);
  const key = (source: string, c: CounterfactualRecord) => `${source}\u0000${c.axis}\u0000${c.from}\u0000${c.to}\u0000${c.text}`;
  const cfA = new Map<string, CounterfactualRecord>();
  for (const r of records.a) {
    if (r.kind !== 'counterfactual') continue;
    const source = rowA.get(r.row);
    if (source) cfA.set(key(source.text, r), r);
  }
  const rows: (PairedSwapRow & { axis: string; from: string; to: string })[] = [];
  for (const r of records.b) {
    if (r.kind !== 'counterfactual') continue;
    const source = rowB.get(r.row);
    const other = source && cfA.get(key(source.text, r));
    const s = source && sourceIndex.get(source.text);
    if (!source || !other || s === undefined) continue; // its original is not in both runs
    rows.push({
      source: s, axis: r.axis, from: r.from, to: r.to,
      a: { original: rowA.get(other.row)!.score, counterfactual: other.score },
      b: { original: source.score, counterfactual: r.score },
    });
  }
  if (rows.length === 0) return [];
  const summary = (axis: string, from: string | null, to: string | null, set: typeof rows, k: number): SwapChange => ({
    axis, from, to, ...pairedSwaps(set, { ...boot, seed: boot.seed + k }),
  });
  const out: SwapChange[] = [summary('*', null, null, rows, 0)];
  const axes = [...new Set(rows.map((r) => r.axis))].sort();
  let k = 1;
  for (const axis of axes) {
    const mine = rows.filter((r) => r.axis === axis);
    out.push(summary(axis, null, null, mine, k++));
    const pairs = [...new Set(mine.map((r) => `${r.from}\u0000${r.to}`))].sort();
    for (const p of pairs) {
      const [from, to] = p.split('\u0000');
      out.push(summary(axis, from, to, mine.filter((r) => r.from === from && r.to === to), k++));
    }
  }
  return out;
}

/** Paired where the recomputation reproduces both stored values; otherwise the stored intervals as independent. */
function metricChanges(
  runA: AuditResult,
  runB: AuditResult,
  paired: Record<string, PairedValue>,
  notes: string[],
): Record<string, MetricChange> {
  const ma = metricsOf(runA);
  const mb = metricsOf(runB);
  const metrics: Record<string, MetricChange> = {};
  const unpaired: string[] = [];
  for (const name of Object.keys(mb)) {
    if (!(name in ma)) continue;
    const p = paired[name];
    const reproduces = p && p.a !== null && p.b !== null && sameValue(p.a, ma[name].value) && sameValue(p.b, mb[name].value);
    if (p && reproduces && p.change !== null && p.ci[0] !== null && p.ci[1] !== null) {
      metrics[name] = { a: ma[name], b: mb[name], change: { value: p.change, ci: [p.ci[0], p.ci[1]] } satisfies Interval, method: 'paired' };
    } else {
      if (p) unpaired.push(name);
      metrics[name] = { a: ma[name], b: mb[name], change: independentChange(ma[name], mb[name]), method: 'independent' };
    }
  }
  if (unpaired.length) {
    notes.push(`Recomputed on the paired texts, ${unpaired.join(', ')} did not reproduce both runs\u2019 stored values (the runs differ in texts or subgroups); their changes combine the stored intervals as independent.`);
  }
  return metrics;
}
