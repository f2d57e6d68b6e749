import { describe, expect, it } from '@jest/globals';
import type { TopLevelSpec } from 'vega-lite';
import { distributionSpec, effectsShown, effectsSpec, heatmapGroups, HEATMAP_MAX_GROUPS } from '../../src/report/charts.js';
import { vegaLiteToSvg, vegaLiteToSvgAsync } from '../../src/report/vega-svg.js';
import { makeResult } from './helpers/make-result.js';

/** Vega numbers gradients with a process-wide counter; the rest of the SVG must match byte for byte. */
const sameIds = (svg: string) => svg.replace(/gradient_\d+/g, 'gradient_N');

describe('vegaLiteToSvg', () => {
  const result = makeResult({ groups: 12, templates: 5 });
  const stats = result.stats!;

  it('renders synchronously the same SVG as vega view.toSVG()', async () => {
    const specs: TopLevelSpec[] = [
      effectsSpec(stats.groups, 'country'),
      distributionSpec(result.records, stats.templates),
      { data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 3 }] }, mark: 'rect', encoding: { x: { field: 'a', type: 'nominal' }, color: { field: 'b', type: 'quantitative' } } },
    ];
    for (const spec of specs) {
      const sync = vegaLiteToSvg(spec);
      expect(sync.startsWith('<svg')).toBe(true);
      expect(sameIds(sync)).toBe(sameIds(await vegaLiteToSvgAsync(spec)));
    }
  });

  it('draws one point per group in the effect chart, labelled with effect, shown interval and verdict for the tooltip', () => {
    const svg = vegaLiteToSvg(effectsSpec(stats.groups, 'country'));
    const points = svg.match(/aria-roledescription="point"/g) ?? [];
    expect(points).toHaveLength(12);
    for (const g of stats.groups) {
      const [low, high] = g.sim_ci;
      const verdict = low > 0 ? 'differs: higher' : high < 0 ? 'differs: lower' : 'cannot be told from the average country';
      const effect = (g.centred < 0 ? '\u2212' : '+') + Math.abs(g.centred).toFixed(3);
      // Names are wrapped in U+2068 ... U+2069 (bidi isolation).
      expect(svg).toContain(`aria-label="\u2068${g.key}\u2069; effect: ${effect}; simultaneous 95% CI: ${low.toFixed(3).replace('-', '\u2212')} to ${high.toFixed(3).replace('-', '\u2212')}; ${verdict}; n: ${g.n}"`);
    }
  });

  it('shows every group up to 40 and the 15 highest and 15 lowest effects past that', () => {
    expect(effectsShown(stats.groups)).toHaveLength(12);
    const many = makeResult({ groups: 60, templates: 3 }).stats!.groups;
    const shown = effectsShown(many);
    const sorted = [...many].sort((a, b) => b.centred - a.centred);
    expect(shown.map((g) => g.key)).toEqual([...sorted.slice(0, 15), ...sorted.slice(-15)].map((g) => g.key));
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
