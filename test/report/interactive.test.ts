import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { renderReport } from '../../src/report/index.js';
import { effectsSpec } from '../../src/report/charts.js';
import { interactiveSpecJson, scriptBody, vegaInterpreterScript, vegaRuntime, withTooltips } from '../../src/report/interactive.js';
import { HOSTILE_IMG, HOSTILE_SCRIPT, makeResult } from './helpers/make-result.js';
import { makeSmallResult } from './helpers/small-fixture.js';

const NOW = new Date('2025-11-26T12:00:00Z');
const VEGA_MIN = readFileSync(join(process.cwd(), 'node_modules', 'vega', 'build', 'vega.min.js'), 'utf8');
const small = makeSmallResult();

/** The inline JSON of each chart's spec, by element id. */
function specScripts(html: string): Map<string, string> {
  const found = html.matchAll(/<script type="application\/json" id="(vega-[^"]+)">([\s\S]*?)<\/script>/g);
  return new Map([...found].map((m) => [m[1]!, m[2]!]));
}

const csp = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];

describe('the default report', () => {
  it('has no Vega runtime, no spec, no button and no unsafe-eval', () => {
    const html = renderReport(small, { now: NOW });
    expect(html).not.toContain(VEGA_MIN.slice(0, 200));
    expect(html.length).toBeLessThan(VEGA_MIN.length);
    expect(specScripts(html).size).toBe(0);
    expect(html).not.toContain('data-vega=');
    expect(csp(html)).toBe("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: blob:");
  });

  it('is the same document when interactive is false', () => {
    expect(renderReport(small, { now: NOW, interactive: false })).toBe(renderReport(small, { now: NOW }));
  });
});

describe('the interactive report', () => {
  const html = renderReport(small, { now: NOW, interactive: true });

  it('inlines vega.min.js and then vega-interpreter once each, before the report script, and still allows no eval', () => {
    expect(html.split(VEGA_MIN).length - 1).toBe(1);
    const interpreterAt = html.indexOf('window.vegaInterpreter = { expressionInterpreter:');
    expect(html.indexOf(VEGA_MIN)).toBeLessThan(interpreterAt);
    expect(interpreterAt).toBeLessThan(html.indexOf('Progressive enhancement only'));
    expect(csp(html)).toBe("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: blob:");
  });

  it('gives each of the three charts a button and its compiled Vega spec with the data inline', () => {
    const specs = specScripts(html);
    expect([...specs.keys()]).toEqual(['vega-effects', 'vega-heatmap', 'vega-distributions']);
    for (const id of specs.keys()) expect(html).toContain(`data-vega="${id}">Interactive view</button>`);
    const means = JSON.parse(specs.get('vega-effects')!) as { $schema?: string; marks: unknown[]; data: { name: string; values?: { group: string }[] }[] };
    expect(means.$schema).toBeUndefined();
    expect(means.marks.length).toBeGreaterThan(0);
    const groups = means.data.flatMap((d) => d.values ?? []).map((v) => v.group).filter(Boolean);
    expect(new Set(groups)).toEqual(new Set(small.stats!.groups.map((g) => `\u2068${g.key}\u2069`))); // bidi-isolated
  });

  it('keeps the static SVG of every chart, for readers without JavaScript', () => {
    for (const id of ['chart-effects', 'chart-heatmap', 'chart-distributions']) {
      const at = html.indexOf(`id="${id}"`);
      expect(html.slice(at, at + 600)).toContain('<svg');
    }
  });

  it('shows the roll-ups (no map) as tables of mean scores, with no chart and so no live view', () => {
    const unmapped = renderReport(makeResult({ groups: 12, templates: 4, withoutNumeric: true }), { interactive: true });
    expect(unmapped).toContain('id="rollup-region"');
    expect([...specScripts(unmapped).keys()].filter((id) => id.includes('rollup'))).toEqual([]);
    expect([...specScripts(unmapped).keys()]).toEqual(expect.arrayContaining(['vega-effects']));
  });

  it('escapes hostile group names in the inline JSON, which parses back to the same text', () => {
    const hostile = renderReport(makeResult({ groups: 20, templates: 4, hostile: true }), { interactive: true });
    const specs = specScripts(hostile);
    const json = specs.get('vega-effects')!;
    expect(json).not.toContain('<');
    expect(json).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    const values = (JSON.parse(json) as { data: { values?: { group: string }[] }[] }).data.flatMap((d) => d.values ?? []);
    expect(values.map((v) => v.group)).toEqual(expect.arrayContaining([`\u2068${HOSTILE_SCRIPT}\u2069`, `\u2068${HOSTILE_IMG}\u2069`]));
    // Nothing in the data closed a <script> early: the only script elements are ours.
    expect(hostile.match(/<script\b[^>]*>/g)).toEqual([
      ...Array(3).fill(expect.stringMatching(/^<script type="application\/json" id="vega-/)),
      '<script type="application/json" id="ranking-data">', '<script>', '<script>', '<script>',
    ]);
  });
});

describe('withTooltips', () => {
  it('shows each mark description as its tooltip and leaves inline data alone', () => {
    const spec = effectsSpec(small.stats!.groups.slice(0, 2), 'country');
    const out = withTooltips(spec) as unknown as { layer: { encoding: Record<string, unknown> }[]; data: unknown };
    expect(out.layer[1]!.encoding.tooltip).toEqual({ field: 'label' });
    expect(out.layer[0]!.encoding.tooltip).toBeUndefined(); // the interval rule has no description
    expect(out.data).toBe((spec as { data: unknown }).data);
    expect((spec as unknown as { layer: { encoding: Record<string, unknown> }[] }).layer[1]!.encoding.tooltip).toBeUndefined();
  });

  it('compiles into a Vega mark whose tooltip is the label field', () => {
    const json = interactiveSpecJson(effectsSpec(small.stats!.groups.slice(0, 2), 'country'));
    const marks = (JSON.parse(json) as { marks: { type: string; encode: { update: { tooltip?: { signal: string } } } }[] }).marks;
    const point = marks.find((m) => m.type === 'symbol')!;
    expect(point.encode.update.tooltip?.signal).toContain('datum["label"]');
    expect(marks.filter((m) => m.encode.update.tooltip).map((m) => m.type)).toEqual(['symbol']);
  });
});

describe('the inlined runtime', () => {
  it('is vega.min.js as installed (it contains no "</script")', () => {
    expect(vegaRuntime()).toBe(VEGA_MIN);
  });

  it('turns the vega-interpreter module into a classic script bound to the inlined Vega runtime', () => {
    const script = vegaInterpreterScript();
    expect(script).not.toMatch(/^\s*(import|export)\b/m);
    expect(script).not.toContain('sourceMappingURL');
    expect(script).toContain('const { ascending, isString, DisallowedObjectProperties } = window.vega;');
    // Run as the browser would, against the real Vega build: it must define the interpreter and nothing else global.
    const window: Record<string, unknown> = { vega: { ascending: () => 0, isString: () => false, DisallowedObjectProperties: new Set() } };
    new Function('window', script)(window);
    const interpreter = (window.vegaInterpreter as { expressionInterpreter: Record<string, unknown> }).expressionInterpreter;
    expect(Object.keys(interpreter).sort()).toEqual(['encode', 'event', 'handler', 'operator', 'parameter']);
  });

  it('rewrites "</script" and refuses "<!--" in code to be inlined', () => {
    expect(scriptBody('var s = "</SCRIPT>";', 'x.js')).toBe('var s = "<\\/SCRIPT>";');
    expect(() => scriptBody('var s = "<!--";', 'x.js')).toThrow('x.js: contains "<!--"');
  });
});
