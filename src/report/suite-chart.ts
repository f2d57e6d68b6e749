/**
 * The suite section's chart: each breakdown row as a point with its 95% interval, and the "no difference" line.
 * A pure Vega-Lite spec with inline values, rows ordered by a numeric field (not a sort array of names, which
 * Vega-Lite inlines into an expression); vega-svg.ts renders it to SVG (Vega escapes text).
 */
import type { TopLevelSpec } from 'vega-lite';
import { signed } from '../util/format.js';
import type { BreakdownRow } from '../suites/index.js';
import { isolate } from './names.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export function breakdownSpec(rows: BreakdownRow[], label: string, reference: number): TopLevelSpec {
  const values = rows
    .filter((r) => Number.isFinite(r.value))
    .map((r, i) => ({
      key: isolate(r.key),
      order: i,
      value: r.value,
      low: r.ci[0],
      high: r.ci[1],
      label: `${isolate(r.key)}; ${label}: ${signed(r.value)}; 95% CI: ${signed(r.ci[0])} to ${signed(r.ci[1])}; n: ${r.n}`,
    }));
  const y = { field: 'key', type: 'nominal', sort: { field: 'order', op: 'min' }, title: null, axis: { labelFontSize: 11,
    // 0: never cut a label (Vega, estimating text widths without a canvas, cut 320 px at 34 characters).
    labelLimit: 0 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    config: { font: FONT, view: { stroke: null } },
    description: `${label}, with 95% intervals`,
    width: 380,
    height: { step: 18 },
    data: { values },
    layer: [
      {
        data: { values: [{ reference }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#b2182b', aria: false },
        encoding: { x: { field: 'reference', type: 'quantitative' } },
      },
      {
        mark: { type: 'rule', color: '#999', aria: false },
        encoding: { y, x: { field: 'low', type: 'quantitative', title: `${label} (95% interval)`, scale: { zero: false } },
          x2: { field: 'high' } },
      },
      {
        mark: { type: 'point', filled: true, size: 40, color: '#2b5d8a' },
        encoding: { y, x: { field: 'value', type: 'quantitative' }, description: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}
