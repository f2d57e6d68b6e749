/**
 * Step 1 of the analysis: the design. Options checked, records laid out as a grid, the headline templates, each
 * group's fillers, the confounders the filler permutation is stratified by, and each group's degrees of freedom.
 */
import { DEFAULT_RESAMPLES } from '../../config/defaults.js';
import type { Frame, ResultRecord } from '../../result/index.js';
import { inputError } from '../../errors.js';
import { buildGrid, type Grid } from './grid.js';
import type { TemplateFamily } from './robustness.js';

export interface AnalyzeOptions {
  /** The slot whose values are the groups compared (e.g. "country"). */
  attribute: string;
  /** Two attributes crossed (the probe's `attributes`): adds `stats.intersection` (stats/intersect/). */
  attributes?: [string, string];
  seed?: number;
  /** Bootstrap resamples (default DEFAULT_RESAMPLES, 2000). */
  resamples?: number;
  /** Filler permutations of the test where groups have several fillers (default DEFAULT_RESAMPLES, 2000). */
  permutations?: number;
  /** Filler attributes to stratify the permutation by, where the lexicon has them (default: gender). */
  confounders?: string[];
  /** Paraphrase families by name; default: follow `paraphrase_of` to the root template. */
  templateFamily?: TemplateFamily;
}

export interface Design {
  seed: number;
  /** Bootstrap resamples and filler permutations. */
  R: number;
  B: number;
  grid: Grid;
  G: number;
  allTemplates: number[];
  headline: number[];
  headlineFrames: Frame[];
  /** Per group: the smallest number of fillers over its slots, and its number of fillers. */
  fillersPerSlot: number[];
  fillerCounts: number[];
  multiFiller: boolean;
  confounders: string[];
}

/** The templates of the headline analysis: the neutral ones when there are any, else all. */
export function headlineTemplates(grid: Grid): number[] {
  const all = grid.templates.map((_, t) => t);
  const neutral = all.filter((t) => grid.templates[t].frame === 'neutral');
  return neutral.length > 0 ? neutral : all;
}

/** Degrees of freedom of a group's t-type interval: families - 1, or fillers - 1 when the group has fewer fillers. */
export function groupDf(nFamilies: number, fillersPerSlot: number): number {
  const n = fillersPerSlot > 1 ? Math.min(nFamilies, fillersPerSlot) : nFamilies;
  return Math.max(1, n - 1);
}

export function planDesign(records: ResultRecord[], options: AnalyzeOptions): Design {
  const seed = options.seed ?? 0;
  const R = options.resamples ?? DEFAULT_RESAMPLES;
  const B = options.permutations ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(R) || R < 2) throw inputError('E_STATS_OPTIONS', `resamples must be an integer of at least 2, got ${R}`);
  if (!Number.isInteger(B) || B < 1) throw inputError('E_STATS_OPTIONS', `permutations must be a positive integer, got ${B}`);
  const grid = buildGrid(records, options.attribute, options.templateFamily);
  const headline = headlineTemplates(grid);
  const fillersPerSlot = grid.groupKeys.map((_, g) => {
    const bySlot = new Map<string, number>();
    for (const f of grid.groupFillers[g]) bySlot.set(grid.fillers[f].slot, (bySlot.get(grid.fillers[f].slot) ?? 0) + 1);
    return Math.min(...bySlot.values());
  });
  const fillerCounts = grid.groupFillers.map((f) => f.length);
  const multiFiller = fillerCounts.some((n) => n > 1);
  const attributeNames = new Set(options.attribute.split(',').map((a) => a.trim().split('.').pop()!));
  const confounders = multiFiller
    ? (options.confounders ?? ['gender']).filter(
      (c) => !attributeNames.has(c) && grid.fillers.some((f) => f.group >= 0 && f.entry[c] !== undefined && f.entry[c] !== null),
    )
    : [];
  return {
    seed,
    R,
    B,
    grid,
    G: grid.groups,
    allTemplates: grid.templates.map((_, t) => t),
    headline,
    headlineFrames: [...new Set(headline.map((t) => grid.templates[t].frame))],
    fillersPerSlot,
    fillerCounts,
    multiFiller,
    confounders,
  };
}
