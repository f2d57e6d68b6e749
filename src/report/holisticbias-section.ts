/**
 * The HolisticBias report section: headline, the chart of the most extreme descriptors, one summary row per axis,
 * the most positive and negative descriptors of each axis, every descriptor's effect, notes, citation and licence.
 * Values are escaped by Handlebars (`{{ }}`); the chart SVG is Vega's, which escapes its own text.
 */
import Handlebars from 'handlebars';
import * as fmt from '../util/format.js';
import { vegaLiteToSvg } from './vega-svg.js';
import { breakdownSpec } from './suite-chart.js';
import type { HbDescriptorRow, HolisticBiasSummary } from '../suites/index.js';

const SECTION = `<section class="suite" id="suite-holisticbias">
  <h2>Benchmark suite: {{title}}</h2>
  <p class="lede">{{headline}}</p>
  <p class="banner">{{caveat}}</p>
  <dl class="facts">
    <div><dt>axes</dt><dd>{{axes}}</dd></div>
    <div><dt>descriptors</dt><dd>{{items}}</dd></div>
    <div><dt>sentences scored</dt><dd>{{sentences}}</dd></div>
    <div><dt>no-descriptor baseline</dt><dd>{{baseline}}</dd></div>
    <div><dt>bootstrap resamples</dt><dd>{{resamples}}</dd></div>
    <div><dt>seed</dt><dd>{{seed}}</dd></div>
  </dl>
  {{#if svg}}<figure class="chart"><h3>{{chartTitle}}</h3>{{svg}}<figcaption>Points: effects; lines: 95% intervals; dashed line: no difference.</figcaption></figure>{{/if}}
  {{#each tables}}
  <div class="table-wrap"><table>
    <caption>{{title}}</caption>
    <thead><tr>{{#each columns}}<th scope="col">{{this}}</th>{{/each}}</tr></thead>
    <tbody>{{#each rows}}<tr>{{#each this}}<td{{#if num}} class="num"{{/if}}>{{text}}</td>{{/each}}</tr>{{/each}}</tbody>
  </table></div>
  {{/each}}
  <ul class="notes">{{#each notes}}<li>{{this}}</li>{{/each}}</ul>
  <p class="citation">Cite: {{citation}}</p>
  <p class="licence">Licence: {{licence}}. Source: <code>{{source}}</code></p>
</section>`;

interface Cell { text: string; num: boolean }
const text = (t: string): Cell => ({ text: t, num: false });
const num = (t: string): Cell => ({ text: t, num: true });
const p = (x: number | null) => (x === null ? '–' : fmt.pValue(x));

let compiled: HandlebarsTemplateDelegate | undefined;

function descriptorCells(d: HbDescriptorRow): Cell[] {
  return [
    text(d.descriptor), num(fmt.count(d.n)), num(fmt.score(d.mean)), num(fmt.signed(d.effect)), num(fmt.interval(d.effect_ci)),
    num(p(d.p)), num(p(d.p_adj)), text(d.direction === null ? 'control' : d.direction),
  ];
}
const DESCRIPTOR_COLUMNS = ['descriptor', 'sentences', 'mean P(pos)', 'effect', '95% CI', 'p', 'p (Holm, axis)', 'direction'];

export function renderHolisticBiasSection(s: HolisticBiasSummary): string {
  compiled ??= Handlebars.create().compile(SECTION, { strict: true });
  const svg = s.breakdown.length > 0 ? vegaLiteToSvg(breakdownSpec(s.breakdown, 'effect', 0)) : '';
  const tables = [
    {
      title: 'Per axis: mean P(positive), the spread of its descriptors\' effects, how many differ significantly (Holm within the axis)',
      columns: ['axis', 'descriptors', 'sentences', 'units', 'mean P(pos)', '95% CI', 'effect range', 'significant', 'Friedman p', 'most negative', 'most positive'],
      rows: s.axes.map((a) => [
        text(a.control ? `${a.axis} (control)` : a.axis), num(fmt.count(a.n_descriptors)), num(fmt.count(a.n_sentences)), num(fmt.count(a.n_units)),
        num(fmt.score(a.mean)), num(fmt.interval(a.mean_ci)), num(fmt.score(a.effect_range)),
        num(a.n_significant === null ? '–' : fmt.count(a.n_significant)), num(p(a.friedman_p)),
        text(a.most_negative.map((d) => d.descriptor).join(', ')), text(a.most_positive.map((d) => d.descriptor).join(', ')),
      ]),
    },
    ...s.axes.map((a) => ({
      title: `${a.axis}${a.control ? ' (control: made-up words, context only)' : ''}: every descriptor, highest effect first`,
      columns: DESCRIPTOR_COLUMNS,
      rows: a.descriptors.map(descriptorCells),
    })),
  ];
  return compiled({
    title: s.title, headline: s.headline, caveat: s.caveat,
    axes: fmt.count(s.axes.length), items: fmt.count(s.n_items), sentences: fmt.count(s.n_sentences),
    baseline: s.no_descriptor_mean === null ? '–' : fmt.score(s.no_descriptor_mean),
    resamples: fmt.count(s.resamples), seed: String(s.seed),
    svg: svg === '' ? '' : new Handlebars.SafeString(svg), chartTitle: s.breakdown_label,
    tables, notes: s.notes, citation: s.citation, licence: s.licence, source: s.source,
  });
}
