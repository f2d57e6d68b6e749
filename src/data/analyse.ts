/**
 * A data run's statistics, once its texts are scored: group metrics on labelled data (subgroups from mentions and
 * --group-columns, their intersections) and the counterfactual swaps per axis and pooled, with progress counted in
 * rows weighed.
 */
import { analyzeLabelled, holmAdjust, simultaneousChange, summarizeSwaps, type SwapRow } from '../stats/fairness/index.js';
import type { ProgressCallback, RunStage } from '../types.js';
import type { Axis, AxisName } from './axes.js';
import type { DataBlock } from '../result/index.js';
import type { Counterfactual, DataTable, SwapAxisResult, SwapExample } from './types.js';

/** Subgroups with fewer texts than this are left out of the group metrics (with a warning). */
const MIN_SUBGROUP = 10;
/** Intersections are reported where the cell has at least this many texts, 10 of each class. */
const MIN_CELL = 50;

/** What detection found (data/plan.ts), and the settings the statistics need. */
export interface Detected {
  table: DataTable;
  axes: Map<AxisName, Axis>;
  perAxis: Map<AxisName, number>;
  /** axis:group -> indices of the texts that mention it. */
  members: Map<string, number[]>;
  swapAxes: AxisName[];
  targets: Map<AxisName, string[]>;
  counterfactuals: Counterfactual[];
  settings: { samples: number; groups: number };
}

export interface AnalyseSettings {
  threshold: number;
  resamples: number;
  seed: number;
  examples: number;
  /** A subgroup needs this many positives and this many negatives to be judged by the gate metrics (default 20). */
  minPerClass?: number;
}

/** The statistical parts of the data block: group metrics, swaps, the policy summary, and warnings. */
export function analyseData(
  d: Detected,
  score: (text: string) => number,
  o: AnalyseSettings,
  onProgress?: ProgressCallback,
): Pick<DataBlock, 'groups' | 'swaps' | 'summary' | 'warnings'> {
  const { table, counterfactuals } = d;
  const { threshold, resamples, seed } = o;
  const warnings: string[] = [];
  const scores = Float64Array.from(table.texts, score);
  onProgress?.({ stage: 'analyse', step: 'statistics', status: 'note', message: `statistics (${resamples} resamples)` });
  // Progress in rows weighed: each resample of the labelled metrics' F1 bootstrap weighs every text (the swap
  // intervals are closed-form).
  const analysing = counter(onProgress, 'analyse', 'statistics', resamples * (table.labels ? table.texts.length : 0));
  const onResample = analysing.add;
  let groups: DataBlock['groups'] = null;
  if (table.labels) {
    const candidates = [
      ...[...d.members.entries()].sort(([a], [b]) => a.localeCompare(b))
        .map(([name, m]) => ({ name, members: m, source: 'mention' as const, axis: name.split(':')[0] })),
      ...table.groups.map((g) => ({ name: g.name, members: g.members, source: 'column' as const, axis: null })),
    ];
    const tooSmall = candidates.filter((c) => c.members.length < MIN_SUBGROUP && c.members.length > 0);
    if (tooSmall.length) {
      warnings.push(`${tooSmall.length} subgroup${tooSmall.length === 1 ? '' : 's'} with fewer than ${MIN_SUBGROUP} texts left out of the `
        + `group metrics: ${tooSmall.map((c) => `${c.name} (${c.members.length})`).join(', ')}`);
    }
    const main = candidates.filter((c) => c.members.length >= MIN_SUBGROUP);
    const cells = intersections(main, table.labels);
    const analysis = analyzeLabelled(
      { scores, labels: table.labels, subgroups: [...main, ...cells], threshold, meanOver: main.length },
      { resamples, seed, onResample, minPositives: o.minPerClass, minNegatives: o.minPerClass },
    );
    warnings.push(...analysis.warnings);
    groups = { ...analysis, subgroups: analysis.subgroups.map((s, i) => ({ ...s, source: main[i].source, axis: main[i].axis })) };
  }
  const swaps = counterfactuals.length || d.swapAxes.length
    ? {
      axes: d.swapAxes.map((a) => swapAxisResult(
        d.axes.get(a)!, d.targets.get(a)!, counterfactuals, table.texts, score, d.perAxis.get(a)!, { ...o, onResample },
      )),
      swap_samples: d.settings.samples,
      swap_groups: d.settings.groups,
      counterfactuals: counterfactuals.length,
      multiplicity: 'p_adj: Holm over every from -> to pair of the run, all axes together (the family of the run); '
        + 'p_adj_axis: Holm within the pair\'s axis (a secondary view). significant: p_adj < 0.05.',
    }
    : null;
  if (swaps) {
    // Run-level error control: Holm over every from -> to pair of every axis (p_adj); within one axis: p_adj_axis.
    const runLevel = holmAdjust(swaps.axes.flatMap((a) => a.pairs.map((p) => p.p)));
    // The same family for intervals: each pair's mean change with its Šidák-simultaneous interval over every pair.
    const family = runLevel.length;
    let k = 0;
    for (const a of swaps.axes) {
      for (const p of a.pairs) {
        p.p_adj = runLevel[k++];
        p.significant = p.p_adj !== null && p.p_adj < 0.05;
        p.sim_ci = simultaneousChange(p.mean_change, p.sources, family);
      }
    }
    for (const a of swaps.axes) {
      if (a.sampled_targets) warnings.push(`swap axis ${a.axis}: ${a.groups} groups, swapped into a seeded sample ` +
        `of ${a.target_groups.length} (--swap-groups)`);
    }
  }
  // Policy metrics: worst subgroups (labelled data) and all counterfactuals pooled (clustered by source text).
  const summary: DataBlock['summary'] = {};
  if (groups) {
    Object.assign(summary, groups.worst);
    summary.overall_auc = groups.overall.auc;
    summary.accuracy = groups.overall.accuracy;
    summary.final_score = groups.final_score;
  }
  if (counterfactuals.length) {
    const pooled = summarizeSwaps(
      counterfactuals.map((c) => ({ source: c.source, original: scores[c.source], counterfactual: score(c.text) })),
      { threshold, resamples, seed, onResample },
    );
    summary.ctf_gap = pooled.ctf_gap;
    summary.flip_rate = pooled.flip_rate;
    summary.mean_change = pooled.mean_change;
  }
  analysing.done();
  return { groups, swaps, summary, warnings };
}

/** Counts units of work into a progress callback, telling it at most about every 1% (cheap inside hot loops). */
export function counter(
  progress: ProgressCallback | undefined,
  stage: RunStage,
  step: string,
  total: number,
): { add: (units: number) => void; done: () => void } {
  if (!progress || total <= 0) return { add: () => {}, done: () => {} };
  const started = performance.now(); // the step's own rate and ETA for the progress bar; result.json's timings are audit.ts's
  const every = Math.max(1, Math.floor(total / 100));
  let count = 0;
  let next = every;
  progress({ stage, step, status: 'start', total, cached: 0 });
  return {
    add: (units) => {
      count += units;
      if (count >= next || count === total) {
        progress({ stage, step, status: 'progress', done: count, total });
        next = count + every;
      }
    },
    done: () => progress({ stage, step, status: 'done', total, scored: total, cached: 0, seconds: (performance.now() - started) / 1000 }),
  };
}

/** Cells of two subgroups from different axes with enough texts of each class. */
function intersections(
  main: { name: string; members: number[]; axis: string | null }[],
  labels: Uint8Array,
): { name: string; members: number[] }[] {
  const out: { name: string; members: number[] }[] = [];
  for (let i = 0; i < main.length; i++) {
    const a = new Set(main[i].members);
    for (let j = i + 1; j < main.length; j++) {
      if (main[i].axis !== null && main[i].axis === main[j].axis) continue;
      const cell = main[j].members.filter((x) => a.has(x));
      const positives = cell.filter((x) => labels[x] === 1).length;
      if (cell.length >= MIN_CELL && positives >= 10 && cell.length - positives >= 10) out.push({ name: `${main[i].name} ` +
        `& ${main[j].name}`, members: cell });
    }
  }
  return out;
}

function swapAxisResult(
  axis: Axis,
  targetList: string[],
  all: Counterfactual[],
  texts: string[],
  score: (t: string) => number,
  mentioning: number,
  o: { threshold: number; resamples: number; seed: number; examples: number; onResample: (rows: number) => void },
): SwapAxisResult {
  const mine = all.filter((c) => c.axis === axis.name);
  const row = (c: Counterfactual): SwapRow => ({ source: c.source, original: score(texts[c.source]), counterfactual: score(c.text) });
  const byPair = new Map<string, Counterfactual[]>();
  for (const c of mine) {
    const key = `${c.from}\u0000${c.to}`;
    let list = byPair.get(key);
    if (!list) byPair.set(key, (list = []));
    list.push(c);
  }
  const pairs = [...byPair.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, cs], k) => {
    const [from, to] = key.split('\u0000');
    const boot = { threshold: o.threshold, resamples: o.resamples, seed: o.seed + k + 1, onResample: o.onResample };
    return { from, to, ...summarizeSwaps(cs.map(row), boot), example: typicalSwap(cs, texts, score) };
  });
  const adjusted = holmAdjust(pairs.map((p) => p.p));
  const summary = summarizeSwaps(mine.map(row), { threshold: o.threshold, resamples: o.resamples, seed: o.seed, onResample: o.onResample });
  const largest: SwapExample[] = mine
    .map((c) => ({ c, change: score(c.text) - score(texts[c.source]) }))
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .slice(0, o.examples)
    .map(({ c, change }) => ({
      from: c.from, to: c.to, original: texts[c.source], counterfactual: c.text,
      original_score: score(texts[c.source]), counterfactual_score: score(c.text), change, unsure: c.unsure,
    }));
  return {
    axis: axis.name,
    texts_mentioning: mentioning,
    groups: axis.groups.length,
    target_groups: targetList,
    sampled_targets: targetList.length < axis.groups.length,
    unsure: mine.filter((c) => c.unsure).length,
    ...summary,
    // p_adj and significant are set at run level by the caller (Holm over the pairs of every axis).
    pairs: pairs.map((p, i) => ({ ...p, p_adj: null, p_adj_axis: adjusted[i], significant: false })),
    largest_changes: largest,
  };
}

/**
 * The pair's typical counterfactual, for a finding: the one whose change is closest to the pair's median change
 * (the first in text order on ties), with both texts and scores.
 */
function typicalSwap(cs: Counterfactual[], texts: string[], score: (text: string) => number): SwapExample {
  const changes = cs.map((c) => score(c.text) - score(texts[c.source]));
  const sorted = [...changes].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  let best = 0;
  for (let i = 1; i < cs.length; i++) if (Math.abs(changes[i] - median) < Math.abs(changes[best] - median)) best = i;
  const c = cs[best];
  return {
    from: c.from, to: c.to, original: texts[c.source], counterfactual: c.text,
    original_score: score(texts[c.source]), counterfactual_score: score(c.text), change: changes[best], unsure: c.unsure,
  };
}
