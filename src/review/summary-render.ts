/** A summary as Markdown and as one self-contained HTML page (hand-built: one table per attribute; all text escaped). */
import { xml, md } from './escape.js';
import type { Summary, SummarySource } from './summary.js';
import { intersectionSummaryHtml, intersectionSummaryMarkdown } from './summary-intersection.js';

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '\u2212' : ''}${Math.abs(x).toFixed(3)}`;
const interval = (s: SummarySource) => `${signed(s.ci[0])} to ${signed(s.ci[1])}`;
const mde = (x: number) => (x < 0.01 ? x.toFixed(4) : x.toFixed(3));

export function summaryMarkdown(summary: Summary): string {
  const lines = [`# One story per attribute: ${md(summary.model.name)}`, '', `Runs: ${summary.runs.map(md).join(', ')}.`, ''];
  if (summary.model.sampled) lines.push(md(summary.model.sampled), '');
  if (summary.attributes.length === 0) lines.push('None of these runs measures an attribute of the summary table.', '');
  for (const a of summary.attributes) {
    lines.push(`## ${md(a.attribute)}`, '', `Contrast: ${md(a.contrast)}.`, '', '| Source | Value | 95% CI | Minimum detectable ' +
      'effect | n |', '|---|---|---|---|---|');
    for (const s of a.sources) lines.push(`| ${md(s.label)} | ${signed(s.value)} | ${interval(s)} | ${mde(s.mde)} ` +
      `| ${s.n} ${md(s.unit)} |`);
    lines.push('', md(a.sentence), '');
  }
  lines.push(...intersectionSummaryMarkdown(summary.intersections ?? []));
  return lines.join('\n');
}

/** The sampled-scores sentence of the HTML page (its own paragraph), or nothing. */
function sampledLine(summary: Summary): string {
  return summary.model.sampled ? `<p class="sampled">${xml(summary.model.sampled)}</p>\n` : '';
}

export function summaryHtml(summary: Summary, now: Date): string {
  const sections = summary.attributes.map((a) => {
    const rows = a.sources.map((s) =>
      `<tr><td>${xml(s.label)}</td><td class="num">${signed(s.value)}</td><td class="num">${interval(s)}</td>`
      + `<td class="num">${mde(s.mde)}</td><td class="num">${s.n.toLocaleString('en-US')} ${xml(s.unit)}</td><td>${xml(
        s.run)}</td></tr>`).join('\n');
    const tone = a.agree === false ? 'disagree' : 'agree';
    return `<section class="attribute" id="${xml(a.attribute.replace(/[^a-z]+/g, '-'))}">
<h2>${xml(a.attribute)}</h2>
<p class="contrast">Contrast: ${xml(a.contrast)}</p>
<table><thead><tr><th>Source</th><th>Value</th><th>95% CI</th><th>Can detect</th><th>n</th><th>Run</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<p class="sentence ${tone}">${xml(a.sentence)}</p>
</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${xml(`Summary: ${summary.model.name}`)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 1200px; margin: 0 auto; padding: 16px; color: #1d1d1f; }
table { border-collapse: collapse; } th, td { border-bottom: 1px solid #d8d8de; padding: 3px 8px; text-align: left; }
td.num { font-variant-numeric: tabular-nums; text-align: right; } .contrast { color: #5b5b66; }
.sentence.disagree { border-left: 4px solid #b8860b; padding-left: 8px; }
.sentence.agree { border-left: 4px solid #1b7837; padding-left: 8px; }
</style></head><body>
<h1>${xml(`One story per attribute: ${summary.model.name}`)}</h1>
${sampledLine(summary)}<p>Fingerprint <code>${xml(summary.model.fingerprint)}</code>; ${summary.runs.length} runs; written ${xml(
  now.toISOString())}. Each source's contrast has
the same orientation within an attribute. Sources agree when one value lies in every interval.</p>
${sections || '<p>None of these runs measures an attribute of the summary table.</p>'}
${intersectionSummaryHtml(summary.intersections ?? [])}
</body></html>
`;
}
