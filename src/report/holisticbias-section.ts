/**
 * The HolisticBias report section: headline, the chart of the most extreme descriptors, one summary row per axis,
 * the most positive and negative descriptors of each axis, every descriptor's effect, notes, citation and licence.
 * Layout: templates/partials/holisticbias-section.hbs; values are escaped by Handlebars (`{{ }}`); the chart SVG
 * is Vega's, which escapes its own text.
 */
import Handlebars from 'handlebars';
import { template } from './templates.js';
import * as fmt from '../util/format.js';
import { vegaLiteToSvg } from './vega-svg.js';
import { breakdownSpec } from './suite-chart.js';
import type { HbDescriptorRow, HolisticBiasSummary } from '../suites/index.js';


interface Cell { text: string; num: boolean }
const text = (t: string): Cell => ({ text: t, num: false });
const num = (t: string): Cell => ({ text: t, num: true });
const p = (x: number | null) => (x === null ? '–' : fmt.pValue(x));


function descriptorCells(d: HbDescriptorRow): Cell[] {
  return [
    text(d.descriptor), num(fmt.count(d.n)), num(fmt.score(d.mean)), num(fmt.signed(d.effect)), num(fmt.interval(d.effect_ci)),
    num(p(d.p)), num(p(d.p_adj)), text(d.direction === null ? 'control' : d.direction),
  ];
}
const DESCRIPTOR_COLUMNS = ['descriptor', 'sentences', 'mean P(pos)', 'effect', '95% CI', 'p', 'p (Holm, axis)', 'direction'];

export function renderHolisticBiasSection(s: HolisticBiasSummary): string {
  const svg = s.breakdown.length > 0 ? vegaLiteToSvg(breakdownSpec(s.breakdown, 'effect', 0)) : '';
  const tables = [
    {
      title: 'Per axis: mean P(positive), the spread of its descriptors\' effects, how many differ significantly (Holm within the axis)',
      columns: ['axis', 'descriptors', 'sentences', 'units', 'mean P(pos)', '95% CI', 'effect range', 'significant', 'Friedman p',
        'most negative', 'most positive'],
      rows: s.axes.map((a) => [
        text(a.control ? `${a.axis} (control)` : a.axis), num(fmt.count(a.n_descriptors)), num(fmt.count(a.n_sentences)),
          num(fmt.count(a.n_units)),
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
  return template('{{> holisticbias-section}}', { inline: true, strict: true })({
    title: s.title, headline: s.headline, caveat: s.caveat,
    axes: fmt.count(s.axes.length), items: fmt.count(s.n_items), sentences: fmt.count(s.n_sentences),
    baseline: s.no_descriptor_mean === null ? '–' : fmt.score(s.no_descriptor_mean),
    resamples: fmt.count(s.resamples), seed: String(s.seed),
    svg: svg === '' ? '' : new Handlebars.SafeString(svg), chartTitle: s.breakdown_label,
    tables, notes: s.notes, citation: s.citation, licence: s.licence, source: s.source,
  });
}
