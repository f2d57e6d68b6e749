import { describe, expect, it } from '@jest/globals';
import { renderChoropleth, tick } from '../../src/report/choropleth.js';
import { renderReport } from '../../src/report/index.js';
import { exportRun } from '../../src/review/export.js';
import { interval, score } from '../../src/util/format.js';
import { makeResult } from './helpers/make-result.js';

/** The visible text of an HTML page: no scripts, styles or tags. */
function visibleText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]*>/g, ' ');
}

/** Numbers written with a hyphen-minus ("-0.12", "to -3"), not a word's hyphen ("SST-2", "paired-bootstrap"). */
const HYPHEN_NUMBER = /(?<![\w\u2212-])-\d/g;

describe('one minus sign and one unit (issue 25)', () => {
  const result = makeResult({ groups: 40, templates: 6, seed: 5 });

  it('writes negative values and interval bounds with the real minus sign, never "−0.000"', () => {
    expect(score(-0.1234)).toBe('\u22120.123');
    expect(score(-0.0001)).toBe('0.000');
    expect(interval([-0.25, -0.0125])).toBe('\u22120.250 to \u22120.013');
  });

  it('has no hyphen-minus number in the report or the Markdown export, and some negative numbers with "−"', () => {
    const stats = result.stats!;
    expect(stats.groups.some((g) => g.sim_ci[0] < 0)).toBe(true);
    const text = visibleText(renderReport(result));
    expect(text.match(HYPHEN_NUMBER)).toBeNull();
    expect(text).toMatch(/\u22120\.\d{3} to /);
    const md = exportRun(result, 'md');
    expect(md.match(HYPHEN_NUMBER)).toBeNull();
    expect(md).toMatch(/\u22120\.\d{3}/);
  });

  it('labels the map legend in the unit of the table and the tooltip (a difference of probabilities)', () => {
    const map = renderChoropleth(result.stats!.groups, result.stats!.overall_mean, 'country');
    const ticks = [...map.svg.matchAll(/<text[^>]*class="tick">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(ticks).toHaveLength(8);
    expect(ticks).toEqual(map.classes.slice(1).map((c) => tick(c.low)));
    for (const t of ticks) expect(t).toMatch(/^[+\u2212]0\.\d+$/);
    expect(tick(-0.0562)).toBe('\u22120.056');
    expect(tick(0.15)).toBe('+0.15');
    expect(tick(0.00042)).toBe('+0.00042');
    expect(map.svg).toContain('score minus the average');
    expect(map.svg).not.toContain('points');
  });
});
