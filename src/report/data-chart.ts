/**
 * The data section's forest plot: per subgroup, its subgroup, BPSN and BNSP AUC as points with 95% intervals
 * (one row per subgroup and metric), with the overall AUC as a reference line. A pure Vega-Lite spec.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Estimate } from '../stats/fairness/index.js';
import { score } from '../util/format.js';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const METRICS = [['subgroup_auc', 'subgroup AUC'], ['bpsn_auc', 'BPSN AUC'], ['bnsp_auc', 'BNSP AUC']] as const;

export function aucForestSpec(
  subgroups: ({ subgroup: string; n: number } & Record<(typeof METRICS)[number][0], Estimate>)[],
  overallAuc: number | null,
): TopLevelSpec {
  const values = subgroups.flatMap((s) => METRICS.flatMap(([key, label]) => {
    const e = s[key];
    if (e.value === null) return [];
    return [{
      subgroup: s.subgroup, metric: label, value: e.value, low: e.ci[0] ?? e.value, high: e.ci[1] ?? e.value,
      label: `${s.subgroup} (n ${s.n}); ${label}: ${score(e.value)}; 95% CI: ${e.ci[0] === null ? '–' : score(e.ci[0])} ` +
        `to ${e.ci[1] === null ? '–' : score(e.ci[1])}`,
    }];
  }));
  const y = { field: 'subgroup', type: 'nominal', title: null, sort: subgroups.map((s) => s.subgroup), axis: { labelFontSize: 11,
    // 0: never cut a label (Vega, estimating text widths without a canvas, cut 320 px at 34 characters).
    labelLimit: 0 } } as const;
  const yOffset = { field: 'metric', type: 'nominal', sort: METRICS.map((m) => m[1]) } as const;
  const color = { field: 'metric', type: 'nominal', sort: METRICS.map((m) => m[1]), scale: { range: ['#2b5d8a', '#b2182b', '#4d9221'] },
    title: null } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    config: { font: FONT, view: { stroke: null }, legend: { orient: 'top' } },
    description: 'Subgroup, BPSN and BNSP AUC per subgroup, with 95% intervals',
    width: 380,
    height: { step: 30 },
    data: { values },
    layer: [
      ...(overallAuc === null ? [] : [{
        data: { values: [{ reference: overallAuc }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#777', aria: false },
        encoding: { x: { field: 'reference', type: 'quantitative' } },
      }]),
      {
        mark: { type: 'rule', aria: false },
        encoding: { y, yOffset, color, x: { field: 'low', type: 'quantitative', title: 'AUC (95% interval); dashed: overall AUC',
          scale: { zero: false } }, x2: { field: 'high' } },
      },
      {
        mark: { type: 'point', filled: true, size: 36 },
        encoding: { y, yOffset, color, x: { field: 'value', type: 'quantitative' }, description: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}
