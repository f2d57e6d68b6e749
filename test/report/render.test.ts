import { csvParse } from 'd3-dsv';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { TEMPLATES_DIR } from '../../src/config/paths.js';
import { renderReport, SUITE_PARTIALS } from '../../src/report/index.js';
import type { AuditResult, SuiteSummaries } from '../../src/result/index.js';
import { HOSTILE_IMG, HOSTILE_SCRIPT, makeResult } from './helpers/make-result.js';
import { makeSmallResult, SMALL_FIXTURE_ISO3 } from './helpers/small-fixture.js';

const NOW = new Date('2025-11-26T12:00:00Z');
const small = makeSmallResult();

/** The HTML with the tags' attribute values and text kept, for "appears only as text" checks. */
function elementsNamed(html: string, tag: string): string[] {
  return html.match(new RegExp(`<${tag}\\b[^>]*>`, 'gi')) ?? [];
}

describe('renderReport', () => {
  it('produces one self-contained document: no external script, style, image, font or link', () => {
    const html = renderReport(small, { now: NOW });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(elementsNamed(html, 'link')).toEqual([]);
    expect(elementsNamed(html, 'img')).toEqual([]);
    expect(elementsNamed(html, 'script').every((tag) => !/\bsrc=/.test(tag))).toBe(true);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    // The only URLs are XML namespace names, which browsers never fetch.
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect([...new Set(urls)].sort()).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
    expect(html).toContain("default-src 'none'");
  });

  it('puts model, fingerprint, backend, tool version, run date, probe, sentence count and seed in the header', () => {
    const html = renderReport(small, { now: NOW });
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    expect(header).toContain('distilbert-base-uncased-finetuned-sst-2-english');
    expect(header).toContain('title="sha256:3f1c9a0e5b7d2468');
    expect(header).toContain('>3f1c9a0e5b7d<');
    expect(header).toContain('tfjs / tfjs-wasm');
    expect(header).toContain('bias-audit 0.1.0');
    expect(header).toContain('2025-11-26T10:00:00.000Z');
    expect(header).toContain('2025-11-26T12:00:00.000Z');
    expect(header).toContain('Country names in neutral sentences (countries)');
    expect(header).toContain(`<dd>${small.counts.sentences}</dd>`);
    expect(header).toContain('<dd>3</dd>');
  });

  it('shows the demo banner only when the demo model was audited', () => {
    const banner = 'small stand-in model, not the model from the card';
    expect(renderReport(small)).not.toContain(banner);
    expect(renderReport({ ...small, model: { ...small.model, demo: true } })).toContain(banner);
  });

  it('writes the summary from the stats, naming the most extreme significant groups', () => {
    // 24 single templates (24 families), so that Holm over 30 countries is reachable.
    const wide = makeResult({ iso3: SMALL_FIXTURE_ISO3, templates: 24, seed: 3, paraphrases: false });
    const html = renderReport(wide, { now: NOW });
    const stats = wide.stats!;
    const significant = stats.groups.filter((g) => g.sim_ci[0] > 0 || g.sim_ci[1] < 0);
    expect(significant.length).toBeGreaterThan(0);
    expect(html).toContain(`Across 24 neutral templates in 24 paraphrase families and 30 countries, the mean P(POSITIVE) is ${stats.overall_mean.toFixed(2)}`);
    expect(html).toContain(`${significant.length} of 30 countries differ from the average of all countries: their simultaneous 95% interval`);
    const lowest = significant.filter((g) => g.sim_ci[1] < 0).sort((a, b) => a.centred - b.centred)[0]!;
    expect(html).toContain(`Scores for ${lowest.key} are lower than the average country in the same template by ${Math.abs(lowest.centred).toFixed(2)}`);
    // The spread sentence reads keys the analysis writes (schema 1 read one it never wrote).
    expect(html).toContain(`The largest |effect| is ${stats.summary.max_abs_effect!.value.toFixed(2)}`);
    // The map says what the summary says: exactly the countries whose shown interval excludes 0 are drawn without hatching.
    const solid = [...html.matchAll(/<(?:path|circle) class="country[^"]*"[^>]*fill="(rgb[^"]+)"[^>]*data-key="([^"]+)"/g)].map((m) => m[2]);
    expect(solid.sort()).toEqual(significant.map((g) => g.key).sort());
  });

  it('states the minimum detectable effect of the design beside the share of significant countries', () => {
    const html = renderReport(small, { now: NOW });
    const mde = small.stats!.descriptive.min_detectable_effect;
    expect(html).toContain(`With 8 template families and Holm over 30 countries, effects below about ${mde.toFixed(2)} are not detectable at 80% power`);
  });

  it('draws the map only when the groups carry an ISO numeric code', () => {
    expect(renderReport(small)).toContain('<svg class="map"');
    const unmapped = renderReport(makeResult({ groups: 12, templates: 4, withoutNumeric: true }));
    expect(unmapped).not.toContain('<svg class="map"');
    expect(unmapped).toContain('id="chart-effects"');
    expect(unmapped).toContain('Mean score by region'); // roll-ups still shown, with the charts
  });

  it('renders the three Vega-Lite charts, the roll-ups, the ranking, the pairs and the templates', () => {
    const html = renderReport(small, { now: NOW });
    for (const id of ['chart-effects', 'chart-heatmap', 'chart-distributions']) {
      const at = html.indexOf(`id="${id}"`);
      expect(at).toBeGreaterThan(0);
      expect(html.slice(at, at + 600)).toContain('<svg');
    }
    // Roll-ups are tables of mean scores (another estimand than the effects every chart plots), not charts.
    for (const by of ['region', 'income_group']) {
      const at = html.indexOf(`id="rollup-${by}"`);
      expect(at).toBeGreaterThan(0);
      const figure = html.slice(at, html.indexOf('</figure>', at));
      expect(figure).toContain(`Mean score by ${by.replace('_', ' ')}`);
      expect(figure).toContain('<table>');
      expect(figure).not.toContain('<svg');
      expect(figure).toContain('not an effect');
    }
    const ranking = html.slice(html.indexOf('id="ranking-table"'), html.indexOf('</table>', html.indexOf('id="ranking-table"')));
    expect(ranking.match(/<tr class=/g)).toHaveLength(30);
    const first = [...small.stats!.groups].sort((a, b) => a.rank - b.rank)[0]!;
    expect(ranking.indexOf(`<td class="name"><bdi>${first.key}</bdi></td>`)).toBeLessThan(ranking.indexOf('<td class="num" data-sort="2">'));
    expect(html).toContain(small.stats!.extreme_pairs[0]!.low.text);
    expect(html).toContain('This film was filmed in {country}.');
  });

  it('renders a section per benchmark suite through the generic partial, and a suite-only result without probe sections', () => {
    // Summaries without the built-in suites' fields: each falls back to the generic partial.
    const loose = { winobias: { n_pairs: 396, gap: { value: 0.031, ci: [0.012, 0.05] } }, stereoset: { ss: 61.7 } };
    const suites = loose as unknown as SuiteSummaries;
    const suiteOnly: AuditResult = { ...small, kind: 'suite', probe: null, suite: 'winobias', stats: null, suites };
    const html = renderReport(suiteOnly, { now: NOW });
    expect(html).toContain('Benchmark suite: winobias');
    expect(html).toContain('<tr><td><code>gap.ci</code></td><td>0.012, 0.050</td></tr>');
    expect(html).toContain('<td>396</td>');
    expect(html).toContain('Benchmark suite: stereoset');
    expect(SUITE_PARTIALS).toEqual({});
    const only = renderReport(suiteOnly, { now: NOW });
    expect(only).toContain('Benchmark suite: winobias');
    expect(only).not.toContain('id="ranking"');
  });

  it('gives the same bytes for the same result and time', () => {
    expect(renderReport(small, { now: NOW })).toBe(renderReport(small, { now: NOW }));
  });
});

describe('renderReport with hostile text', () => {
  const html = renderReport(makeResult({ groups: 20, templates: 4, hostile: true }), { now: NOW });

  it('never lets group names or template text open a tag', () => {
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(elementsNamed(html, 'script')).toEqual(['<script type="application/json" id="ranking-data">', '<script>']);
    expect(html.split('</script>')).toHaveLength(3);
  });

  it('shows them escaped in the table, the map and the charts', () => {
    expect(html).toContain('<td class="name"><bdi>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</bdi></td>');
    expect(html).toContain('data-key="&lt;img src=x onerror=alert(1)&gt;"');
    // Handlebars also escapes "=" (as &#x3D;).
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; {country} &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    const charts = html.slice(html.indexOf('id="charts"'), html.indexOf('id="ranking"'));
    expect(charts).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps them in the inline JSON, escaped for <script>', () => {
    const json = html.slice(html.indexOf('id="ranking-data">') + 'id="ranking-data">'.length, html.indexOf('</script>'));
    expect(json).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>');
    // The ranking is CSV text (from the one CSV writer) in a JSON string.
    const groups = csvParse(JSON.parse(json) as string).map((r) => r.group);
    expect(groups).toEqual(expect.arrayContaining([HOSTILE_SCRIPT, HOSTILE_IMG]));
  });
});

describe('the templates', () => {
  it('use only escaping {{ }}: no triple-stash anywhere', () => {
    const files = ['report.hbs', ...readdirSync(join(TEMPLATES_DIR, 'partials')).map((f) => join('partials', f))];
    for (const file of files) expect(readFileSync(join(TEMPLATES_DIR, file), 'utf8')).not.toContain('{{{');
  });
});

describe('renderReport at full size (250 countries x 30 templates)', () => {
  const big = makeResult({ templates: 30 });

  it('renders in well under 2 s of CPU once the map geometry is loaded, to a file under 1.5 MB', () => {
    renderReport(big, { now: NOW }); // the first call projects the world geometry (cached per process)
    // CPU time, not wall time: the test machine may be shared, and other jest workers are other processes.
    const start = process.cpuUsage();
    const html = renderReport(big, { now: NOW });
    const used = process.cpuUsage(start);
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
    expect(Buffer.byteLength(html)).toBeLessThan(1.5e6);
    expect(html.match(/class="country/g)!.length).toBeGreaterThanOrEqual(247);
  });
});
