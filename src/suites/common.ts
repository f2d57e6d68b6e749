/** What every suite summary repeats: the dataset's citation, licence and source, and headline number formatting. */
import { DEFAULT_SEED } from '../config/defaults.js';
import { DATASETS } from '../datasets/index.js';
import { inputError } from '../errors.js';
import { count, decimal, percent, pValue, signed } from '../util/format.js';
import type { Interval } from '../result/index.js';
import { DEFAULT_RESAMPLES } from './intervals.js';
import type { PairedGap, Share, SuiteName, SummaryOptions } from './types.js';

/** The suites' seed default: the project's one seed (src/config/defaults.ts). */
export const DEFAULT_SUITE_SEED = DEFAULT_SEED;

export function resolveOptions(options: SummaryOptions = {}): { seed: number; resamples: number } {
  const seed = options.seed ?? DEFAULT_SUITE_SEED;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 1) throw inputError('E_STATS_OPTIONS', `resamples must be a positive integer, ` +
    `got ${resamples}`);
  return { seed, resamples };
}

export function datasetInfo(suite: SuiteName): { title: string; citation: string; licence: string; source: string } {
  const info = DATASETS.find((d) => d.name === suite);
  if (!info) throw new Error(`no catalog entry for dataset ${suite}`);
  return { title: info.title, citation: info.citation, licence: info.licence, source: info.source };
}

export function asInterval(x: { mean: number; ci: [number, number] } | { value: number; ci: [number, number] }): Interval {
  return { value: 'mean' in x ? x.mean : x.value, ci: x.ci };
}

/** "+0.012 (95% CI +0.004 to +0.020)" */
export function gapText(value: number, ci: [number, number]): string {
  return `${signed(value)} (95% CI ${signed(ci[0])} to ${signed(ci[1])})`;
}

/** "p = 0.003" or "p < 0.001" */
export function pText(p: number): string {
  const s = pValue(p);
  return s.startsWith('<') ? `p ${s}` : `p = ${s}`;
}

/** "54.2% (95% CI 52.7% to 55.7%)" */
export function percentText(s: Share | { value: number; ci: [number, number] }): string {
  return `${percent(s.value)} (95% CI ${percent(s.ci[0])} to ${percent(s.ci[1])})`;
}

/** "+0.012 (95% CI +0.004 to +0.020; 1,584 pairs; permutation p = 0.003)" */
export function gapSentence(gap: PairedGap, unit = 'pairs'): string {
  return `${signed(gap.mean)} (95% CI ${signed(gap.ci[0])} to ${signed(gap.ci[1])}; ${count(gap.n)} ${unit}; ` +
    `permutation ${pText(gap.p_perm)})`;
}

export { decimal };

/** Splits items by a key, keeping first-seen key order. */
export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** A stable per-breakdown seed: the run seed mixed with a label, so each interval has its own stream. */
export function seedFor(seed: number, label: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (const ch of label) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h;
}
