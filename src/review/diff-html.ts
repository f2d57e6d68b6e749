/**
 * The diff as one self-contained HTML page (no script, no network): what changed between two runs of a probe, a
 * table of per-group changes and, when groups carry ISO numeric codes, the two maps side by side and a map of the
 * change. Every string from data goes through `xml()`. Maps come from the report's choropleth renderer.
 */
import { hasMapKeys, renderChoropleth } from '../report/choropleth.js';
import type { AuditResult, GroupStat } from '../result-types.js';
import type { GroupChange, GroupVerdict, RunDiff } from './diff.js';
import { xml } from './escape.js';
import { attributeNoun } from '../util/nouns.js';

const CSS = `
:root { --ink: #1d1d1f; --muted: #5b5b66; --rule: #d8d8de; --low: #b2182b; --high: #2166ac; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
main { max-width: 1200px; margin: 0 auto; padding: 0 20px 40px; }
h1 { font-size: 1.5rem; margin: .8em 0 .2em; } h2 { font-size: 1.2rem; margin: 1.5em 0 .5em; border-bottom: 1px solid var(--rule); }
.lede, figcaption, .notes { color: var(--muted); } figcaption { font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0 16px; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f7; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.changed td.change { font-weight: 600; } tr.changed.up td.change { color: var(--high); } tr.changed.down td.change { color: var(--low); }
.flag { display: inline-block; font-size: 11px; border: 1px solid var(--rule); border-radius: 3px; padding: 0 4px; margin: 0 2px; }
.maps { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; } figure { margin: 8px 0; }
.map { width: 100%; height: auto; display: block; }
.map .sphere { fill: #eef3f7; stroke: #b9c6d2; stroke-width: .6; } .map .graticule { fill: none; stroke: #d6e0e8; stroke-width: .4; }
.map .no-data path { fill: #d4d4d4; stroke: #fff; stroke-width: .3; } .map .country { stroke: #fff; stroke-width: .35; }
.map .state-dot { stroke: #333; stroke-width: .8; } .map .legend text { font-size: 11px; fill: var(--ink); } .map .legend .legend-title { font-weight: 600; }
@media (max-width: 800px) { .maps { grid-template-columns: 1fr; } }
`;

export function renderDiffHtml(diff: RunDiff, runA: AuditResult, runB: AuditResult): string {
  const noun = attributeNoun(diff.probe.attribute);
  const title = `Diff of ${diff.probe.title}: ${diff.a.label} vs ${diff.b.label}`;
  const c = diff.conclusions;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${xml(title)}</title><style>${CSS}</style></head><body><main>`,
    `<h1>${xml(title)}</h1>`,
    `<p class="lede">Probe <code>${xml(diff.probe.id)}</code>, score P(${xml(diff.target)}). ${diff.pairing.matched} sentences paired by text over ${diff.pairing.templates} templates; intervals are 95% paired bootstrap intervals (${diff.resamples} resamples over templates and fillers, seed ${diff.seed}).</p>`,
    runTable(diff),
    `<p>${c.changed} of ${diff.groups.length} ${xml(noun)} groups changed (interval of the change excludes 0); significance changed for ${c.significance_changed}, direction for ${c.direction_changed} (${c.reversed} reversed), rank moved clearly (rank intervals apart) for ${c.rank_moved}.</p>`,
    diff.notes.length > 0 ? `<ul class="notes">${diff.notes.map((n) => `<li>${xml(n)}</li>`).join('')}</ul>` : '',
    metricTable(diff),
    maps(diff, runA, runB, noun),
    groupTable(diff, noun),
    '</main></body></html>',
    '',
  ].join('\n');
}

function runTable(diff: RunDiff): string {
  const row = (name: string, r: RunDiff['a']) =>
    `<tr><th>${name}</th><td>${xml(r.label)}</td><td>${xml(r.model)}${r.demo ? ' (demo model)' : ''}</td><td><code>${xml(r.fingerprint.slice(0, 23))}</code></td><td>${xml(r.created_at)}</td></tr>`;
  return `<table><tr><th></th><th>Run</th><th>Model</th><th>Fingerprint</th><th>Created</th></tr>${row('A', diff.a)}${row('B', diff.b)}</table>`;
}

function metricTable(diff: RunDiff): string {
  const rows = Object.entries(diff.metrics).map(([name, m]) =>
    `<tr><td>${xml(name)}</td><td class="num">${est(m.a.value, m.a.ci)}</td><td class="num">${est(m.b.value, m.b.ci)}</td><td class="num">${signed(m.change.value)} (${f(m.change.ci[0])} to ${f(m.change.ci[1])})</td><td>${m.method}</td></tr>`);
  return `<h2>Metrics</h2><table><tr><th>Metric</th><th>A (95% CI)</th><th>B (95% CI)</th><th>Change B \u2212 A (95% CI)</th><th>Interval</th></tr>${rows.join('')}</table>`;
}

function groupTable(diff: RunDiff, noun: string): string {
  const rows = diff.groups.map((g) => {
    const cls = g.changed ? `changed ${g.change.value > 0 ? 'up' : 'down'}` : '';
    return `<tr class="${cls}"><td>${xml(g.key)}</td><td class="num">${f(g.mean_a)}</td><td class="num">${f(g.mean_b)}</td>` +
      `<td class="num change">${signed(g.change.value)} (${f(g.change.ci[0])} to ${f(g.change.ci[1])})</td>` +
      `<td>${conclusion(g.a)}</td><td>${conclusion(g.b)}</td><td class="num">${rankText(g)}</td><td>${flags(g)}</td></tr>`;
  });
  return `<h2>Changes by ${xml(noun)}</h2><p class="lede">Largest change first. Mean score over the paired sentences; conclusions as each run\u2019s report states them (Holm-adjusted p).</p>` +
    `<div><table><tr><th>${xml(noun)}</th><th>Mean A</th><th>Mean B</th><th>Change (95% CI)</th><th>A</th><th>B</th><th>Rank A \u2192 B</th><th>What changed</th></tr>${rows.join('')}</table></div>`;
}

function conclusion(v: GroupVerdict | null): string {
  if (!v) return '\u2013';
  return v.significant ? `${v.direction} (p<sub>adj</sub> ${p(v.p_adj)})` : `not significant (p<sub>adj</sub> ${p(v.p_adj)})`;
}

function rankText(g: GroupChange): string {
  if (!g.a || !g.b) return '\u2013';
  return `${g.a.rank} \u2192 ${g.b.rank}`;
}

function flags(g: GroupChange): string {
  const out: string[] = [];
  if (g.changed) out.push('mean');
  if (g.reversed) out.push('reversed');
  else if (g.direction_changed) out.push('direction');
  if (g.significance_changed) out.push('significance');
  if (g.rank_moved) out.push('rank');
  return out.map((x) => `<span class="flag">${x}</span>`).join('');
}

function maps(diff: RunDiff, runA: AuditResult, runB: AuditResult, noun: string): string {
  if (!runA.stats || !runB.stats || !hasMapKeys(runB.stats.groups)) return '';
  const mapA = renderChoropleth(runA.stats.groups, runA.stats.overall_mean, noun);
  const mapB = renderChoropleth(runB.stats.groups, runB.stats.overall_mean, noun);
  const change = renderChoropleth(diff.groups.map(asGroupStat), 0, noun);
  return [
    '<h2>Maps</h2>',
    '<div class="maps">',
    `<figure>${namespaceIds(mapA.svg, 'a')}<figcaption>A: ${xml(diff.a.label)}. Mean score; hatched where the 95% interval includes the overall mean.</figcaption></figure>`,
    `<figure>${namespaceIds(mapB.svg, 'b')}<figcaption>B: ${xml(diff.b.label)}. Each map has its own colour scale (see its legend).</figcaption></figure>`,
    '</div>',
    `<figure>${namespaceIds(changeLegend(change.svg, noun), 'change')}<figcaption>Change in mean score, B \u2212 A (blue: higher in B, red: lower); hatched where the paired 95% interval includes 0.</figcaption></figure>`,
  ].join('\n');
}

/** A change drawn by the choropleth renderer: its "mean" is the change, its interval the change's interval. */
function asGroupStat(g: GroupChange): GroupStat {
  return {
    key: g.key, n: g.n_pairs, mean: g.change.value, ci: g.change.ci, centred: g.change.value, centred_ci: g.change.ci,
    rank: NaN, rank_ci: [NaN, NaN], p: NaN, p_perm: NaN, p_adj: NaN, p_adj_bh: NaN, significant: g.changed, stable: true,
    direction: 'none', templates_above: 0, templates_below: 0, attrs: g.attrs,
  };
}

/** The renderer labels its legend for mean scores; the change map's legend says what it shows. */
export function changeLegend(svg: string, noun: string): string {
  const escaped = xml(noun);
  return svg
    .replace(`aria-label="World map of mean score by ${escaped}"`, `aria-label="World map of the change in mean score by ${escaped}"`)
    .replace(`>Mean score by ${escaped}<`, `>Change in mean score (B \u2212 A) by ${escaped}<`)
    .replace(' (mean)<', ' (no change)<')
    .replace('95% interval includes the mean', '95% interval includes 0');
}

/** Three SVGs share one document: their pattern ids must not collide, or every map would use the first map's hatches. */
export function namespaceIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]+)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]+)\)/g, `url(#${prefix}-$1)`);
}

function est(value: number, ci: [number, number]): string {
  return Number.isFinite(ci[0]) ? `${f(value)} (${f(ci[0])} to ${f(ci[1])})` : f(value);
}

/** Three decimals with a real minus sign. */
function f(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3).replace(/^-(?=.*[1-9])/, '\u2212').replace(/^-/, '') : '\u2013';
}

function signed(x: number): string {
  return Number.isFinite(x) && x > 0 && f(x) !== '0.000' ? `+${f(x)}` : f(x);
}

function p(x: number): string {
  return !Number.isFinite(x) ? '\u2013' : x < 0.001 ? '&lt; 0.001' : x.toFixed(3);
}
