/**
 * Readings of a factorial table (`IntersectionTable`) that every place shares (report grid, gate, findings, summary,
 * exports): which family the gate reads, the mark an effect's shown interval gives, and `max_abs_interaction`.
 * Like result/effect.ts, marks are read off the intervals in result.json, never recomputed, so a mark and the
 * interval beside it cannot disagree.
 */
import type { IntersectionEffect, IntersectionTable, IntersectionTetrad } from './intersection.js';
import type { Interval } from './interval.js';
import type { Mark } from './effect.js';

export type InteractionFamily =
  | { name: 'interactions'; effects: IntersectionEffect[] }
  | { name: 'tetrads'; effects: IntersectionTetrad[] };

/** The family the gate reads: the sum-to-zero interactions of a complete table, else the tetrads of its complete 2 x 2 sub-tables. */
export function interactionFamily(t: IntersectionTable): InteractionFamily {
  return t.complete && t.interactions.length > 0
    ? { name: 'interactions', effects: t.interactions }
    : { name: 'tetrads', effects: t.tetrads };
}

/**
 * How many hypotheses the gate's family counts (its Šidák and Holm size): a data run's table counts an interaction of a
 * two-level axis once (± the same number; stats/fairness/factorial.ts), a probe's table every member.
 */
export function familySize(t: IntersectionTable): number {
  const family = interactionFamily(t);
  if (t.measure === 'score' || family.name === 'tetrads') return family.effects.length;
  const distinct = (levels: string[]) => (levels.length === 2 ? 1 : levels.length);
  return Math.min(family.effects.length, distinct(t.levels[0]) * distinct(t.levels[1]));
}

/** A finite interval, or null (JSON writes NaN as null; the contract allows null where nothing can be estimated). */
export function finiteInterval(ci: readonly [number | null, number | null] | null): [number, number] | null {
  if (!ci) return null;
  const [lo, hi] = ci;
  return typeof lo === 'number' && typeof hi === 'number' && Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/** "higher" / "lower" when the shown (simultaneous) interval lies wholly above / below 0, else null. */
export function intersectionMark(e: { ci: readonly [number | null, number | null] | null }): Mark {
  const ci = finiteInterval(e.ci);
  if (!ci) return null;
  if (ci[0] > 0) return 'higher';
  if (ci[1] < 0) return 'lower';
  return null;
}

/**
 * `max_abs_interaction`: the largest |interaction| of the gate's family (descriptive), with the interval every
 * simultaneous interval of the family implies for it: from the largest distance of an interval from 0 (0 when it
 * contains 0) to the largest |bound|. It covers whenever all the family's intervals cover (at least 95%, Šidák), and
 * a `max: T` rule on it reads as: pass when every interval lies within ±T, fail when some interval lies wholly beyond
 * ±T, else inconclusive. No interval (NaN) when some effect of the family has none; null when the table has no
 * family at all (nothing to gate: the rule does not apply).
 */
export function maxAbsInteraction(t: IntersectionTable): Interval | null {
  const { effects } = interactionFamily(t);
  if (effects.length === 0) return null;
  const values = effects.map((e) => (typeof e.estimate === 'number' && Number.isFinite(e.estimate) ? Math.abs(e.estimate) : NaN));
  const cis = effects.map((e) => finiteInterval(e.ci));
  const value = values.some(Number.isNaN) ? NaN : Math.max(...values);
  if (cis.some((c) => c === null)) return { value, ci: [NaN, NaN] };
  const intervals = cis as [number, number][];
  const lower = Math.max(...intervals.map(([lo, hi]) => (lo > 0 ? lo : hi < 0 ? -hi : 0)));
  const upper = Math.max(...intervals.map(([lo, hi]) => Math.max(Math.abs(lo), Math.abs(hi))));
  return { value, ci: [lower, upper] };
}
