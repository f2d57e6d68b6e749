/**
 * `audit run --data FILE` as a run (runner/plan.ts). Before scoring: identity mentions in every text (coverage,
 * subgroups) and counterfactuals on the swapped axes. The plan's texts are the originals then the
 * counterfactuals, scored in the runner's one step (deduplicated, cached). `analyse`: group metrics on labelled data
 * and swap statistics (data/analyse.ts) -> the `data` block of result.json. `records`: the DataRecords, streamed to
 * records.jsonl when the run directory is written (a million records do not fit one JSON string).
 */
import { DEFAULT_RESAMPLES, DEFAULT_SEED } from '../config/defaults.js';
import type { RunPlan } from '../runner/index.js';
import { mulberry32 } from '../stats/index.js';
import type { Prediction, ProgressCallback } from '../types.js';
import { analyseData, counter, type Detected } from './analyse.js';
import { AXES, buildAxis, lexiconFile, personNouns, type Axis, type AxisName } from './axes.js';
import { makeDetector } from './detect.js';
import { intersectCells, parseIntersect } from './intersect.js';
import { crossedSwaps, type CrossedSwap } from './cross-swap.js';
import { factorialTables, holmAdjust, summarizeInteraction } from '../stats/fairness/index.js';
import { counterfactualsOf, targetGroups } from './swap.js';
import type { Tagger } from './tagger.js';
import type { DataBlock, DataRecord } from '../result/index.js';
import type { Counterfactual, DataTable } from './types.js';

/** How a data run is analysed (what to swap, how many resamples); reading the file is `readData`'s. */
export interface DataPlanOptions {
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
  /** A subgroup needs this many positives and this many negatives to be judged by the gate metrics (default 20). */
  minPerClass?: number;
  /** Count mentions whose identity reading is unsure ("turkey was great"); left out of the statistics by default. */
  includeUnsure?: boolean;
  /** `--intersect A,B`: two axes (detected, or --group-columns columns) crossed as a factorial table (data.factorial). */
  intersect?: string[];
}

export interface DataPlanDeps {
  tagger: Tagger;
  /** Stage 'prepare': the mention count and a note on the counterfactuals built. */
  onProgress?: ProgressCallback;
}

/** A read table (readData, before any model loads) as a run: mentions and counterfactuals found here, before scoring. */
export function planData(table: DataTable, options: DataPlanOptions, deps: DataPlanDeps): RunPlan<'data', DataRecord> {
  const seed = options.seed ?? DEFAULT_SEED;
  const threshold = options.threshold ?? 0.5;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  // A bad --intersect fails before the tagger runs and before any model loads.
  const crossed = options.intersect ? parseIntersect(options.intersect, table.groups.map((g) => g.name)) : null;
  const { detected, mentionKeys, unsure, crossedSwaps: triples } = detect(table, options, seed, deps, crossed);
  const cells = crossed ? intersectCells(crossed, table, mentionKeys) : null;
  const { counterfactuals } = detected;
  const lexicons = [...new Set([...detected.axes.values()].flatMap((a) => a.lexicons))].map((name) => {
    const lex = lexiconFile(name);
    return { name: lex.name, version: lex.version, source: lex.sources.join('; ') };
  });
  const columnGroups: string[][] = table.texts.map(() => []);
  for (const g of table.groups) for (const i of g.members) columnGroups[i].push(g.name);
  return {
    kind: 'data',
    texts: { *[Symbol.iterator]() {
      yield* table.texts;
      for (const c of counterfactuals) yield c.text;
      for (const t of triples) yield* [t.texts.a, t.texts.b, t.texts.both];
    } },
    header: { seed, subject: { kind: 'data', probe: null, suite: null, lexicons } },
    analyse: (predictions, onProgress) => {
      const score = (text: string) => predictions.get(text)!.score;
      const settings = { threshold, resamples, seed, examples: options.examples ?? 5, minPerClass: options.minPerClass };
      const stats = analyseData(detected, score, settings, onProgress);
      if (unsure.count) {
        stats.warnings.unshift(`${unsure.count} mention${unsure.count === 1 ? '' :
          's'} of ambiguous terms (turkey, china, jordan, ...) without `
          + `context to tell` +
            ` ${options.includeUnsure ? 'counted (--include-unsure)' :
              'left out of the subgroups and swaps (--include-unsure counts them)'}`);
      }
      const block = dataBlock(detected, mentionKeys, { threshold, resamples, seed }, stats);
      if (triples.length) block.swap_interactions = swapInteractions(crossed!, triples, table.texts, score);
      if (cells) {
        const scores = table.texts.map(score);
        block.factorial = factorialTables({ ...cells, scores, labels: table.labels, threshold },
          { minPerClass: options.minPerClass, notes: cells.notes });
      }
      block.coverage.unsure_mentions = unsure.count;
      block.coverage.unsure_included = options.includeUnsure === true;
      return { records: [], stats: null, data: block };
    },
    records: (predictions) => records(table, counterfactuals, mentionKeys, columnGroups, predictions, unsure.keys),
  };
}

/** Mentions on every axis (coverage and subgroups), counterfactuals on the swapped axes. */
function detect(
  table: DataTable,
  options: DataPlanOptions,
  seed: number,
  deps: DataPlanDeps,
  crossed: [string, string] | null,
): { detected: Detected; mentionKeys: string[][]; unsure: { count: number; keys: string[][] }; crossedSwaps: CrossedSwap[] } {
  deps.onProgress?.({ stage: 'prepare', step: 'finding identity mentions', status: 'note', message: `finding identity mentions ` +
    `in ${table.texts.length} texts` });
  const axes = new Map<AxisName, Axis>(AXES.map((a) => [a, buildAxis(a)]));
  const find = makeDetector([...axes.values()], { personNouns: personNouns(), tag: (t) => deps.tagger.tag(t) });
  const mentionKeys: string[][] = new Array(table.texts.length);
  const perAxis = new Map<AxisName, number>(AXES.map((a) => [a, 0]));
  const members = new Map<string, number[]>();
  const detecting = counter(deps.onProgress, 'prepare', 'finding identity mentions', table.texts.length);
  let unsureCount = 0;
  const unsureKeys: string[][] = new Array(table.texts.length);
  const mentionsOf = table.texts.map((text, i) => {
    detecting.add(1);
    const found = find(text);
    const doubtful = found.filter((m) => m.ambiguous);
    unsureCount += doubtful.length;
    unsureKeys[i] = options.includeUnsure ? [] : [...new Set(doubtful.map((m) => `${m.axis}:${m.group}`))];
    // Mentions that need context to count (data/ambiguous.ts) are left out of subgroups and swaps unless --include-unsure.
    const ms = options.includeUnsure ? found : found.filter((m) => !m.ambiguous);
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
  // --intersect of two swapped axes: A, B and both swapped with the same terms (the swap interaction).
  const swapped = (n: string): n is AxisName => targets.has(n as AxisName) && !table.groups.some((g) => g.name === n);
  const triples = crossed && swapped(crossed[0]) && swapped(crossed[1])
    ? crossedSwaps(table.texts, mentionsOf, [crossed[0], crossed[1]], axes, targets, find, seed) : [];
  mentionsOf.length = 0; // mentions are summarised in mentionKeys; free them before scoring
  detecting.done();
  deps.onProgress?.({
    stage: 'prepare', step: 'counterfactuals', status: 'note',
    message: `${counterfactuals.length} counterfactuals on ${swapAxes.join(', ') || 'no axis'}`,
  });
  return {
    detected: { table, axes, perAxis, members, swapAxes, targets, counterfactuals, settings }, mentionKeys,
    unsure: { count: unsureCount, keys: unsureKeys }, crossedSwaps: triples,
  };
}

function dataBlock(
  d: Detected,
  mentionKeys: string[][],
  o: { threshold: number; resamples: number; seed: number },
  stats: Pick<DataBlock, 'groups' | 'swaps' | 'summary' | 'warnings'>,
): DataBlock {
  const { table, perAxis } = d;
  return {
    source: table.source,
    file_name: table.source === table.file ? table.file.split(/[\\/]/).pop()! : table.source,
    format: table.format,
    text_column: table.textColumn,
    label_column: table.labelColumn,
    positive_labels: table.positiveLabels,
    negative_label: table.negativeLabel,
    threshold: o.threshold,
    rows_in_file: table.rowsInFile,
    rows: table.texts.length,
    sampled: table.sampled,
    seed: o.seed,
    resamples: o.resamples,
    coverage: {
      texts: table.texts.length,
      per_axis: Object.fromEntries(perAxis),
      unmentioned: AXES.filter((a) => perAxis.get(a) === 0),
      no_mention: mentionKeys.filter((k) => k.length === 0).length,
      unsure_mentions: 0,
      unsure_included: false,
    },
    groups: stats.groups,
    swaps: stats.swaps,
    summary: stats.summary,
    warnings: stats.warnings,
    records_file: 'records.jsonl',
  };
}

/** The originals in file order, then the counterfactuals, each with its prediction. */
async function* records(
  table: DataTable,
  counterfactuals: Counterfactual[],
  mentionKeys: string[][],
  columnGroups: string[][],
  predictions: Map<string, Prediction>,
  unsureKeys: string[][],
): AsyncGenerator<DataRecord> {
  for (let i = 0; i < table.texts.length; i++) {
    const p = predictions.get(table.texts[i])!;
    yield {
      kind: 'original', row: i, line: table.lines[i], text: table.texts[i], label: table.labels ? table.labels[i] : null,
      score: p.score, probs: p.probs, predicted: p.label, mentions: mentionKeys[i],
      ...(table.groups.length ? { groups: columnGroups[i] } : {}),
      ...(unsureKeys[i].length ? { unsure_mentions: unsureKeys[i] } : {}),
      ...(p.offLabel !== undefined ? { off_label: p.offLabel } : {}),
    };
  }
  for (const c of counterfactuals) {
    const p = predictions.get(c.text)!;
    const original = predictions.get(table.texts[c.source])!.score;
    yield {
      kind: 'counterfactual', row: c.source, axis: c.axis, from: c.from, to: c.to, text: c.text,
      score: p.score, probs: p.probs, predicted: p.label, change: p.score - original, unsure: c.unsure,
      ...(p.offLabel !== undefined ? { off_label: p.offLabel } : {}),
    };
  }
}

/** Per pair of swaps (gA -> hA, gB -> hB): the mean swap interaction over texts, its interval and test (Holm over the run's pairs). */
function swapInteractions(
  names: [string, string],
  triples: CrossedSwap[],
  texts: string[],
  score: (text: string) => number,
): NonNullable<DataBlock['swap_interactions']> {
  const byPair = new Map<string, number[]>();
  for (const t of triples) {
    const key = [t.a.from, t.a.to, t.b.from, t.b.to].join('\u0000');
    const value = score(t.texts.both) - score(t.texts.a) - score(t.texts.b) + score(texts[t.source]);
    byPair.set(key, [...(byPair.get(key) ?? []), value]);
  }
  const pairs = [...byPair.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([key, values]) => {
    const [a_from, a_to, b_from, b_to] = key.split('\u0000');
    const s = summarizeInteraction(values);
    const p_adj = null as number | null;
    return { a_from, a_to, b_from, b_to, texts: s.texts, mean_interaction: s.mean, p: s.p, p_adj, significant: false };
  });
  holmAdjust(pairs.map((p) => p.p)).forEach((q, k) => {
    pairs[k].p_adj = q;
    pairs[k].significant = q !== null && q < 0.05;
  });
  return {
    axes: names, counterfactuals: 3 * triples.length, pairs,
    multiplicity: 'p_adj: Holm over every pair of swaps of the run (its own family, beside the single swaps); significant: p_adj < 0.05.',
  };
}
