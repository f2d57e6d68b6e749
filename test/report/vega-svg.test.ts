import { describe, expect, it } from '@jest/globals';
import type { TopLevelSpec } from 'vega-lite';
import { distributionSpec, groupMeansSpec, heatmapGroups, HEATMAP_MAX_GROUPS } from '../../src/report/charts.js';
import { vegaLiteToSvg, vegaLiteToSvgAsync } from '../../src/report/vega-svg.js';
import { makeResult } from './helpers/make-result.js';

/** Vega numbers gradients with a process-wide counter; the rest of the SVG must match byte for byte. */
const sameIds = (svg: string) => svg.replace(/gradient_\d+/g, 'gradient_N');

describe('vegaLiteToSvg', () => {
  const result = makeResult({ groups: 12, templates: 5 });
  const stats = result.stats!;

  it('renders synchronously the same SVG as vega view.toSVG()', async () => {
    const specs: TopLevelSpec[] = [
      groupMeansSpec(stats.groups, stats.overall_mean, 'country'),
      distributionSpec(result.records, stats.templates),
      { data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 3 }] }, mark: 'rect', encoding: { x: { field: 'a', type: 'nominal' }, color: { field: 'b', type: 'quantitative' } } },
    ];
    for (const spec of specs) {
      const sync = vegaLiteToSvg(spec);
      expect(sync.startsWith('<svg')).toBe(true);
      expect(sameIds(sync)).toBe(sameIds(await vegaLiteToSvgAsync(spec)));
    }
  });

  it('draws one point per group in the group means chart, labelled for the tooltip', () => {
    const svg = vegaLiteToSvg(groupMeansSpec(stats.groups, stats.overall_mean, 'country'));
    const points = svg.match(/aria-roledescription="point"/g) ?? [];
    expect(points).toHaveLength(12);
    const g = stats.groups[0]!;
    // Names are wrapped in U+2068 ... U+2069 (bidi isolation).
    expect(svg).toContain(`aria-label="\u2068${g.key}\u2069; mean: ${g.mean.toFixed(3)}; 95% CI: ${g.ci[0].toFixed(3)} to ${g.ci[1].toFixed(3)}; n: ${g.n}"`);
  });
});

describe('heatmapGroups', () => {
  it('keeps every group up to the limit and the most extreme ones past it', () => {
    const few = makeResult({ groups: 20, templates: 2 }).stats!.groups;
    expect(heatmapGroups(few)).toHaveLength(20);
    const many = makeResult({ groups: 100, templates: 2 }).stats!.groups;
    const shown = heatmapGroups(many);
    expect(shown).toHaveLength(HEATMAP_MAX_GROUPS);
    const sorted = [...many].sort((a, b) => a.centred - b.centred);
    expect(shown[0]).toBe(sorted[0]);
    expect(shown[shown.length - 1]).toBe(sorted[sorted.length - 1]);
    expect(shown).not.toContain(sorted[50]);
  });
});
