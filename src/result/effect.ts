import type { GroupStat } from './types.js';

/**
 * The one reading of a group's effect that every place shows (report table, chart, map, tooltip, summary, exports,
 * diff): the centred effect with its simultaneous 95% interval (`sim_ci`, Šidák over all groups), and the mark
 * ("differs", hatching, bold) that is the test this interval inverts: the single-step Šidák test. The mark is read
 * off the interval in result.json, never recomputed, so the two cannot disagree in either direction whatever the
 * statistics produce. Holm and BH p-values stay in result.json and the CSV, beside it.
 */

export type Mark = 'higher' | 'lower' | null;

/** The interval shown beside a group's effect. */
export function shownInterval(g: Pick<GroupStat, 'sim_ci'>): [number, number] {
  return g.sim_ci;
}

/** "higher" / "lower" when the shown interval lies wholly above / below 0, else null (cannot be told from average). */
export function effectMark(g: Pick<GroupStat, 'sim_ci'>): Mark {
  const [low, high] = shownInterval(g);
  if (low > 0) return 'higher';
  if (high < 0) return 'lower';
  return null;
}

/** Templates on the side of the effect: "lower on 28 of 28 templates". */
export function templatesOnSide(g: Pick<GroupStat, 'centred' | 'templates_above' | 'templates_below'>): number {
  return g.centred < 0 ? g.templates_below : g.templates_above;
}
