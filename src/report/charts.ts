import type { TopLevelSpec } from 'vega-lite';
import type { GroupStat, ResultRecord, TemplateStat } from '../result/index.js';
import * as fmt from '../util/format.js';
import { effectMark, shownInterval } from '../result/index.js';
import { isolate } from './names.js';

/**
 * The report's Vega-Lite specs, as pure functions of the stats (vega-lite `compile` + vega render them to
 * SVG in vega-svg.ts). Data goes in as inline `values`; no spec loads anything. Each mark gets a
 * `description` ("field: value; ..."), which Vega writes as the mark's aria-label: screen readers read it and
 * the report's script shows it as the tooltip (the SVG has no Vega runtime behind it).
 */

/**
 * Nominal axes are ordered by a numeric field of the data, never by an array of names: Vega-Lite turns a sort array
 * into an expression with the names inlined, which breaks on `constructor`, `toString`, U+2028 and the like.
 */
const BY_ORDER = { field: 'order', op: 'min' } as const;

/** Past this many groups the heatmap keeps the most extreme ones (by centred mean) from each end. */
export const HEATMAP_MAX_GROUPS = 60;

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  // labelLimit 0: no label is cut short (a long group name widens the chart instead); the marks' tooltips name it too.
  config: { font: FONT, view: { stroke: null }, axis: { labelLimit: 0 } },
} as const;

/** Past this many groups the effect chart shows the top and bottom EFFECTS_EACH_END, and the rest behind "show all". */
export const EFFECTS_MAX_GROUPS = 40;
export const EFFECTS_EACH_END = 15;

/** The groups the short effect chart shows: all up to EFFECTS_MAX_GROUPS, else the 15 highest and 15 lowest effects. */
export function effectsShown(groups: GroupStat[]): GroupStat[] {
  const sorted = [...groups].filter((g) => Number.isFinite(g.centred)).sort((a, b) => b.centred - a.centred);
  if (sorted.length <= EFFECTS_MAX_GROUPS) return sorted;
  return [...sorted.slice(0, EFFECTS_EACH_END), ...sorted.slice(-EFFECTS_EACH_END)];
}

/**
 * Group effects (centred) with the interval every other place shows (result/effect.ts: simultaneous 95%), sorted,
 * 0 (the average of all groups) as the reference line; a dot is coloured when that interval excludes 0, exactly the
 * table's mark, grey otherwise.
 */
export function effectsSpec(groups: GroupStat[], noun: string): TopLevelSpec {
  const values = [...groups]
    .filter((g) => Number.isFinite(g.centred))
    .sort((a, b) => b.centred - a.centred)
    .map((g, i) => {
      const mark = effectMark(g);
      const [low, high] = shownInterval(g);
      return {
        group: isolate(g.key), order: i, effect: g.centred, low, high, mark: mark ?? 'cannot tell',
        label: `${isolate(g.key)}; effect: ${fmt.signed(g.centred)}; simultaneous 95% CI: ${fmt.interval([low, high])}; ` +
          `${mark === null ? `cannot be told from the average ${noun}` : `differs: ${mark}`}; n: ${g.n}`,
      };
    });
  const y = { field: 'group', type: 'nominal', sort: BY_ORDER, title: null, axis: { labelFontSize: 11 } } as const;
  const colour = {
    field: 'mark', type: 'nominal', title: 'verdict',
    scale: { domain: ['lower', 'cannot tell', 'higher'], range: ['#b2182b', '#8a8a8a', '#2166ac'] },
    legend: { orient: 'top' },
  } as const;
  return {
    ...BASE,
    description: `Effect by ${noun} with simultaneous 95% intervals`,
    width: 460,
    height: { step: 15 },
    data: { values },
    layer: [
      { mark: { type: 'rule', aria: false }, encoding: { y, x: { field: 'low', type: 'quantitative', title: 'effect vs the average ' +
        '(simultaneous 95% interval)' }, x2: { field: 'high' }, color: colour } },
      {
        mark: { type: 'point', filled: true, size: 36 },
        encoding: { y, x: { field: 'effect', type: 'quantitative' }, color: colour, description: { field: 'label' } },
      },
      { data: { values: [{ zero: 0 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#333', aria: false },
        encoding: { x: { field: 'zero', type: 'quantitative' } } },
    ],
  } as TopLevelSpec;
}

/** The template x group heatmap of centred scores: score minus the template's average over groups (the group-effect contrast). */
export function heatmapSpec(records: ResultRecord[], groups: GroupStat[], templates: TemplateStat[], noun: string): TopLevelSpec {
  const shown = heatmapGroups(groups);
  const keep = new Set(shown.map((g) => g.key));
  const average = new Map(templates.map((t) => [t.template_id, t.mean]));
  // Several records can share a cell (other slots vary): average them.
  const cells = new Map<string, { template: string; group: string; sum: number; n: number }>();
  for (const r of records) {
    const key = r.group;
    if (r.control || !keep.has(key)) continue;
    const id = `${r.template_id}\u0000${key}`;
    const cell = cells.get(id) ?? { template: r.template_id, group: key, sum: 0, n: 0 };
    cell.sum += r.score;
    cell.n += 1;
    cells.set(id, cell);
  }
  const groupOrder = new Map(shown.map((g, i) => [g.key, i]));
  const templateOrder = new Map(templates.map((t, i) => [t.template_id, i]));
  const values = [...cells.values()].map((c) => {
    const centred = c.sum / c.n - (average.get(c.template) ?? 0);
    return {
      template: isolate(c.template), template_order: templateOrder.get(c.template) ?? templates.length,
      group: isolate(c.group), group_order: groupOrder.get(c.group) ?? 0,
      centred, label: `${isolate(c.group)}; template: ${isolate(c.template)}; centred: ${fmt.signed(centred)}`,
    };
  });
  const labels = shown.length <= HEATMAP_MAX_GROUPS;
  return {
    ...BASE,
    description: `Centred score by template and ${noun}`,
    width: { step: labels ? 11 : 8 },
    height: { step: 13 },
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'group', type: 'nominal', sort: { field: 'group_order', op: 'min' }, title: null, axis: { labelAngle: -60,
        labelFontSize: 9 } },
      y: { field: 'template', type: 'nominal', sort: { field: 'template_order', op: 'min' }, title: 'template' },
      color: {
        field: 'centred', type: 'quantitative', title: 'centred score',
        scale: { scheme: 'redblue', domainMid: 0 },
      },
      description: { field: 'label' },
    },
  } as TopLevelSpec;
}

/** The groups the heatmap shows, lowest centred mean first. */
export function heatmapGroups(groups: GroupStat[]): GroupStat[] {
  const sorted = [...groups].sort((a, b) => a.centred - b.centred);
  if (sorted.length <= HEATMAP_MAX_GROUPS) return sorted;
  const half = HEATMAP_MAX_GROUPS / 2;
  return [...sorted.slice(0, half), ...sorted.slice(-half)];
}

/** Score distribution per template over groups (box plots), to show each template's own sentiment. */
export function distributionSpec(records: ResultRecord[], templates: TemplateStat[]): TopLevelSpec {
  const templateOrder = new Map(templates.map((t, i) => [t.template_id, i]));
  const values = records.filter((r) => !r.control).map((r) => ({
    template: isolate(r.template_id), order: templateOrder.get(r.template_id) ?? templates.length, score: r.score,
  }));
  return {
    ...BASE,
    description: 'Score distribution per template',
    width: 420,
    height: { step: 14 },
    data: { values },
    mark: { type: 'boxplot', extent: 1.5, size: 9, median: { color: 'white' }, outliers: { size: 8 } },
    encoding: {
      y: { field: 'template', type: 'nominal', sort: BY_ORDER, title: 'template' },
      // Keeps `order` through the box plot's aggregate, so the sort can see it.
      detail: { field: 'order', type: 'ordinal' },
      x: { field: 'score', type: 'quantitative', scale: { domain: [0, 1] }, title: 'score' },
    },
  } as TopLevelSpec;
}
