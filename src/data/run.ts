/**
 * `audit run --data FILE`: read -> detect identity mentions -> counterfactuals -> score originals and
 * counterfactuals through the runner's one scoring step (deduplicated, cached) -> group metrics on labelled data
 * and swap statistics -> the `data` block of result.json, plus the records (streamed to records.jsonl by
 * `writeDataRecords`; a million records do not fit one JSON string).
 */
import { DEFAULT_RESAMPLES } from '../config/defaults.js';
import type { DataBlock, DataRecord, DataResult } from '../result/index.js';
import { assembleResult, scoreRun, DEFAULT_SEED, type ScoringOptions } from '../runner/index.js';
import { analyzeLabelled, holmAdjust, summarizeSwaps, type SwapRow } from '../stats/fairness/index.js';
import { mulberry32 } from '../stats/index.js';
import type { Classifier, ProgressCallback } from '../types.js';
import { AXES, buildAxis, lexiconFile, personNouns, type Axis, type AxisName } from './axes.js';
import { makeDetector } from './detect.js';
import { readData, type ReadOptions } from './read.js';
import { counterfactualsOf, targetGroups } from './swap.js';
import type { Tagger } from './tagger.js';
import type { Counterfactual, DataTable, SwapAxisResult, SwapExample } from './types.js';

export interface DataAuditOptions extends ScoringOptions {
  /** A file path or a built-in id (sst2-dev). */
  source: string;
  read?: Omit<ReadOptions, 'target'>;
  /** A score at or above it is the positive (target) label. */
  threshold?: number;
  /** Axes to swap; default: every axis some text mentions. */
  swap?: AxisName[];
  swapSamples?: number;
  swapGroups?: number;
  seed?: number;
  resamples?: number;
  /** Largest changes shown per axis. */
  examples?: number;
  /** One line per stage outside scoring (scoring reports through onProgress). */
  onStage?: (line: string) => void;
  /** A progress callback for a step outside scoring (finding mentions, statistics): count, rate and ETA. */
  onStepProgress?: (step: 'finding identity mentions' | 'statistics') => ProgressCallback;
}

export interface DataAuditDeps {
  classifier: Classifier;
  tagger: Tagger;
  /** An already read table (the CLI reads it before loading the model so bad input fails fast). */
  table?: DataTable;
}

export interface DataAuditOutcome {
  result: DataResult;
  records: () => Generator<DataRecord>;
}

/** Subgroups with fewer texts than this are left out of the group metrics (with a warning). */
const MIN_SUBGROUP = 10;
/** Intersections are reported where the cell has at least this many texts, 10 of each class. */
const MIN_CELL = 50;

export async function runDataAudit(options: DataAuditOptions, deps: DataAuditDeps): Promise<DataAuditOutcome> {
  const { classifier, tagger } = deps;
  const seed = options.seed ?? DEFAULT_SEED;
  const threshold = options.threshold ?? 0.5;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const t0 = performance.now();
  const table = deps.table ?? (await readData(options.source, { ...options.read, target: classifier.target }));
  const t1 = performance.now();

  // 1. Mentions on every axis (coverage and subgroups), counterfactuals on the swapped axes.
  options.onStage?.(`finding identity mentions in ${table.texts.length} texts`);
  const axes = new Map<AxisName, Axis>(AXES.map((a) => [a, buildAxis(a)]));
  const detect = makeDetector([...axes.values()], { personNouns: personNouns(), tag: (t) => tagger.tag(t) });
  const mentionKeys: string[][] = new Array(table.texts.length);
  const perAxis = new Map<AxisName, number>(AXES.map((a) => [a, 0]));
  const members = new Map<string, number[]>();
  const detecting = counter(options.onStepProgress?.('finding identity mentions'), table.texts.length);
  const mentionsOf = table.texts.map((text, i) => {
    detecting.add(1);
    const ms = detect(text);
    const keys = [...new Set(ms.map((m) => `${m.axis}:${m.group}`))];
    mentionKeys[i] = keys;
    for (const a of new Set(ms.map((m) => m.axis))) perAxis.set(a as AxisName, perAxis.get(a as AxisName)! + 1);
    for (const k of keys) {
      let list = members.get(k);
      if (!list) members.set(k, (list = []));
      list.push(i);
    }
    return ms;
  });
  const mentioned = AXES.filter((a) => perAxis.get(a)! > 0);
  const swapAxes = (options.swap ?? mentioned).filter((a) => axes.has(a));
  const rng = mulberry32(seed);
  const targets = targetGroups(swapAxes.map((a) => axes.get(a)!), options.swapGroups ?? 20, rng);
  const settings = { samples: options.swapSamples ?? 1, groups: options.swapGroups ?? 20 };
  const counterfactuals: Counterfactual[] = [];
  table.texts.forEach((text, i) => {
    const ms = mentionsOf[i].filter((m) => targets.has(m.axis as AxisName));
    if (ms.length) counterfactuals.push(...counterfactualsOf(text, i, ms, axes, targets, settings, rng));
  });
  mentionsOf.length = 0; // mentions are summarised in mentionKeys; free them before scoring
  detecting.done();
  const t2 = performance.now();

  options.onStage?.(`${counterfactuals.length} counterfactuals on ${swapAxes.join(', ') || 'no axis'} (${((t2 - t1) / 1000).toFixed(1)} s)`);
  // 2. One scoring step for originals and counterfactuals (deduplicated, cached).
  const texts = table.texts.concat(counterfactuals.map((c) => c.text));
  const { outcome, model, target } = await scoreRun(texts, classifier, options);
  const score = (text: string) => outcome.predictions.get(text)!.score;
  const t3 = performance.now();

  // 3. Statistics.
  options.onStage?.(`statistics (${resamples} resamples)`);
  const warnings: string[] = [];
  const scores = Float64Array.from(table.texts, score);
  // Progress in rows weighed: each resample of the labelled metrics weighs every text; the swaps weigh each
  // counterfactual three times (its from -> to pair, its axis, all counterfactuals pooled).
  const analysing = counter(
    options.onStepProgress?.('statistics'),
    resamples * ((table.labels ? table.texts.length : 0) + 3 * counterfactuals.length),
  );
  const onResample = analysing.add;
  let groups: DataBlock['groups'] = null;
  if (table.labels) {
    const candidates = [
      ...[...members.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, m]) => ({ name, members: m, source: 'mention' as const, axis: name.split(':')[0] })),
      ...table.groups.map((g) => ({ name: g.name, members: g.members, source: 'column' as const, axis: null })),
    ];
    const tooSmall = candidates.filter((c) => c.members.length < MIN_SUBGROUP && c.members.length > 0);
    if (tooSmall.length) {
      warnings.push(`${tooSmall.length} subgroup${tooSmall.length === 1 ? '' : 's'} with fewer than ${MIN_SUBGROUP} texts left out of the group metrics: ${tooSmall.map((c) => `${c.name} (${c.members.length})`).join(', ')}`);
    }
    const main = candidates.filter((c) => c.members.length >= MIN_SUBGROUP);
    const cells = intersections(main, table.labels);
    const analysis = analyzeLabelled(
      { scores, labels: table.labels, subgroups: [...main, ...cells], threshold, meanOver: main.length },
      { resamples, seed, onResample },
    );
    warnings.push(...analysis.warnings);
    groups = { ...analysis, subgroups: analysis.subgroups.map((s, i) => ({ ...s, source: main[i].source, axis: main[i].axis })) };
  }
  const swaps = counterfactuals.length || swapAxes.length
    ? {
      axes: swapAxes.map((a) => swapAxisResult(
        axes.get(a)!, targets.get(a)!, counterfactuals, table.texts, score, perAxis.get(a)!,
        { threshold, resamples, seed, examples: options.examples ?? 5, onResample },
      )),
      swap_samples: settings.samples,
      swap_groups: settings.groups,
      counterfactuals: counterfactuals.length,
    }
    : null;
  if (swaps) {
    for (const a of swaps.axes) if (a.sampled_targets) warnings.push(`swap axis ${a.axis}: ${a.groups} groups, swapped into a seeded sample of ${a.target_groups.length} (--swap-groups)`);
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
  const t4 = performance.now();

  const lexicons = [...new Set([...axes.values()].flatMap((a) => a.lexicons))].map((name) => {
    const lex = lexiconFile(name);
    return { name: lex.name, version: lex.version, source: lex.sources.join('; ') };
  });
  const data: DataBlock = {
    source: table.source,
    file_name: table.source === table.file ? table.file.split(/[\\/]/).pop()! : table.source,
    format: table.format,
    text_column: table.textColumn,
    label_column: table.labelColumn,
    positive_labels: table.positiveLabels,
    negative_label: table.negativeLabel,
    threshold,
    rows_in_file: table.rowsInFile,
    rows: table.texts.length,
    sampled: table.sampled,
    seed,
    resamples,
    coverage: {
      texts: table.texts.length,
      per_axis: Object.fromEntries(perAxis),
      unmentioned: AXES.filter((a) => perAxis.get(a) === 0),
      no_mention: mentionKeys.filter((k) => k.length === 0).length,
    },
    groups,
    swaps,
    summary,
    warnings,
    records_file: 'records.jsonl',
  };
  const prepared = { read_s: (t1 - t0) / 1000, detect_s: (t2 - t1) / 1000 };
  const header = { seed, subject: { kind: 'data' as const, probe: null, suite: null, lexicons }, prepared };
  const result = assembleResult(header, { outcome, model, target }, { records: [], stats: null, data }, (t4 - t3) / 1000, texts.length);

  const columnGroups: string[][] = table.texts.map(() => []);
  for (const g of table.groups) for (const i of g.members) columnGroups[i].push(g.name);
  function* records(): Generator<DataRecord> {
    for (let i = 0; i < table.texts.length; i++) {
      const p = outcome.predictions.get(table.texts[i])!;
      yield {
        kind: 'original', row: i, line: table.lines[i], text: table.texts[i], label: table.labels ? table.labels[i] : null,
        score: p.score, probs: p.probs, predicted: p.label, mentions: mentionKeys[i],
        ...(table.groups.length ? { groups: columnGroups[i] } : {}),
      };
    }
    for (const c of counterfactuals) {
      const p = outcome.predictions.get(c.text)!;
      yield { kind: 'counterfactual', row: c.source, axis: c.axis, from: c.from, to: c.to, text: c.text, score: p.score, probs: p.probs, predicted: p.label, change: p.score - scores[c.source], unsure: c.unsure };
    }
  }
  if (result.kind !== 'data') throw new Error('runDataAudit: assembleResult made a ' + result.kind + ' result');
  return { result, records };
}

/** Counts units of work into a progress callback, telling it at most about every 1% (cheap inside hot loops). */
function counter(progress: ProgressCallback | undefined, total: number): { add: (units: number) => void; done: () => void } {
  if (!progress || total <= 0) return { add: () => {}, done: () => {} };
  const started = performance.now();
  const step = Math.max(1, Math.floor(total / 100));
  let count = 0;
  let next = step;
  progress({ status: 'start', total, cached: 0 });
  return {
    add: (units) => {
      count += units;
      if (count >= next || count === total) {
        progress({ status: 'progress', done: count, total });
        next = count + step;
      }
    },
    done: () => progress({ status: 'done', total, scored: total, cached: 0, seconds: (performance.now() - started) / 1000 }),
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
      if (cell.length >= MIN_CELL && positives >= 10 && cell.length - positives >= 10) out.push({ name: `${main[i].name} & ${main[j].name}`, members: cell });
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
    return { from, to, ...summarizeSwaps(cs.map(row), boot) };
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
    pairs: pairs.map((p, i) => ({ ...p, p_adj: adjusted[i], significant: adjusted[i] !== null && adjusted[i]! < 0.05 })),
    largest_changes: largest,
  };
}
