/**
 * suiteSectionView: one suite summary -> what templates/partials/suite-section.hbs lays out (headline, chart,
 * tables, counts, citation and licence). Numbers are formatted here; the template escapes every value with `{{ }}`.
 * The one piece of markup built in code is the chart SVG, whose text Vega escapes.
 */
import Handlebars from 'handlebars';
import type { Correlation, PairedGap, Share, SuiteSummary } from '../suites/index.js';
import * as fmt from '../util/format.js';
import { breakdownSpec } from './suite-chart.js';
import { vegaLiteToSvg } from './vega-svg.js';

interface Cell {
  text: string;
  num: boolean;
}
interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

const text = (t: string): Cell => ({ text: t, num: false });
const num = (t: string): Cell => ({ text: t, num: true });
const ci = (c: [number, number]) => `${fmt.signed(c[0])} to ${fmt.signed(c[1])}`;
const pct = fmt.percent;
const decimal = fmt.decimal;
const pOrDash = (p: number | null) => (p === null ? '–' : fmt.pValue(p));

function gapCells(g: PairedGap): Cell[] {
  return [num(fmt.count(g.n)), num(fmt.signed(g.mean)), num(ci(g.ci)), num(fmt.pValue(g.p_wilcoxon)), num(fmt.pValue(g.p_perm))];
}
const GAP_COLUMNS = ['n', 'mean gap', '95% CI', 'Wilcoxon p', 'permutation p'];

function shareCells(s: Share): Cell[] {
  return [num(pct(s.value)), num(`${pct(s.ci[0])} to ${pct(s.ci[1])}`), num(fmt.pValue(s.p))];
}

function correlationText(name: string, c: Correlation | null): string {
  if (!c) return `${name}: not available`;
  return `${name} r = ${decimal(c.r, 3)} (95% CI ${decimal(c.ci[0], 3)} to ${decimal(c.ci[1], 3)}; p = ${fmt.pValue(c.p)}; ${c.n} ` +
    `occupations)`;
}

function commonTables(s: SuiteSummary): Table[] {
  return [
    {
      title: s.breakdown_label,
      columns: ['', 'n', 'value', '95% CI', 'p', 'p (Holm)'],
      rows: s.breakdown.map((r) => [
        text(r.key),
        num(fmt.count(r.n)),
        num(s.breakdown_reference === 0.5 ? pct(r.value) : fmt.signed(r.value)),
        num(s.breakdown_reference === 0.5 ? `${pct(r.ci[0])} to ${pct(r.ci[1])}` : ci(r.ci)),
        num(pOrDash(r.p)),
        num(pOrDash(r.p_adj)),
      ]),
    },
    {
      title: 'Metrics (for policies)',
      columns: ['metric', 'value', '95% CI'],
      rows: Object.entries(s.metrics).map(([name, m]) => [text(name), num(decimal(m.value, 4)), num(`${decimal(m.ci[0], 4)} ` +
        `to ${decimal(m.ci[1], 4)}`)]),
    },
  ];
}

function suiteTables(s: SuiteSummary): Table[] {
  switch (s.suite) {
    case 'winobias':
      return [
        {
          title: 'Pro minus anti gap, by type, without the pairs that differ beyond the pronoun',
          columns: ['', ...GAP_COLUMNS],
          rows: [
            [text('type 1'), ...gapCells(s.by_type_clean.type1)],
            [text('type 2'), ...gapCells(s.by_type_clean.type2)],
            [text('he minus she, all pairs'), ...gapCells(s.he_minus_she)],
          ],
        },
        {
          title: `He minus she by occupation. ${correlationText('Pearson', s.bls_pearson)}; ${correlationText('Spearman', s.bls_spearman)}`,
          columns: ['occupation', 'WinoBias list', 'pairs', 'P(pos | he) − P(pos | she)', '95% CI', '% women (BLS)'],
          rows: [...s.occupations]
            .sort((a, b) => b.he_minus_she - a.he_minus_she)
            .map((o) => [
              text(o.occupation), text(o.list), num(fmt.count(o.n)), num(fmt.signed(o.he_minus_she)), num(ci(o.ci)),
              num(o.bls_pct_female === null ? '–' : o.bls_pct_female.toFixed(1)),
            ]),
        },
      ];
    case 'stereoset': {
      const groupRows = (rows: typeof s.by_target) =>
        rows.map((r) => [
          text(r.key), num(fmt.count(r.n)), ...shareCells(r.more_negative), num(fmt.pValue(r.p_adj)),
          num(fmt.signed(r.gap.mean)), num(ci(r.gap.ci)),
        ]);
      const columns = ['', 'items', 'stereotype more negative', '95% CI', 'binomial p', 'p (Holm)', 'mean gap', 'gap 95% CI'];
      return [
        { title: 'By sentence type', columns, rows: groupRows(s.by_type) },
        { title: 'By target term', columns, rows: groupRows(s.by_target) },
        {
          title: 'Mean P(positive) per option (the unrelated option is a diagnostic only)',
          columns: ['option', 'mean', '95% CI'],
          rows: (['stereotype', 'anti_stereotype', 'unrelated'] as const).map((k) => [
            text(k.replace('_', '-')), num(fmt.score(s.mean_score[k].value)), num(fmt.interval(s.mean_score[k].ci)),
          ]),
        },
      ];
    }
    case 'crows-pairs':
      return [
        {
          title: 'By direction (more minus less stereotyping)',
          columns: ['', ...GAP_COLUMNS, 'more-stereotyping more negative'],
          rows: s.by_direction.map((r) => [text(r.key), ...gapCells(r.gap), num(pct(r.more_negative.value))]),
        },
        {
          title: 'Disadvantaged-group sentence minus its advantaged-group edit',
          columns: ['', ...GAP_COLUMNS],
          rows: [[text('all pairs'), ...gapCells(s.disadvantaged_gap)]],
        },
      ];
    case 'winogender':
      return [
        {
          title: `Mean P(positive) by pronoun and gaps by occupation. ${correlationText('Pearson', s.bls_pearson)};` +
            ` ${correlationText('Spearman', s.bls_spearman)}`,
          columns: ['occupation', 'male', 'female', 'neutral', 'female − male', 'neutral − male', '% women (BLS)'],
          rows: [...s.occupations]
            .sort((a, b) => b.female_minus_male - a.female_minus_male)
            .map((o) => [
              text(o.occupation), num(fmt.score(o.male)), num(fmt.score(o.female)), num(fmt.score(o.neutral)),
              num(fmt.signed(o.female_minus_male)), num(fmt.signed(o.neutral_minus_male)), num(o.bls_pct_female.toFixed(1)),
            ]),
        },
      ];
  }
}

/** A suite summary (an entry of `result.suites`) as the view of its `<section>` (see templates/partials/suite-section.hbs). */
export function suiteSectionView(name: string, summary: SuiteSummary) {
  const svg = summary.breakdown.length > 0 ? vegaLiteToSvg(breakdownSpec(summary.breakdown, summary.breakdown_label,
    summary.breakdown_reference)) : '';
  const notes = summary.suite === 'stereoset' ? [...summary.notes, summary.why_no_lms] : summary.notes;
  return {
    id: name.replace(/[^a-z0-9-]/gi, '-'),
    title: summary.title,
    headline: summary.headline,
    caveat: summary.caveat,
    items: fmt.count(summary.n_items),
    sentences: fmt.count(summary.n_sentences),
    resamples: fmt.count(summary.resamples),
    seed: String(summary.seed),
    svg: svg === '' ? '' : new Handlebars.SafeString(svg),
    chartTitle: summary.breakdown_label,
    chartCaption: `Points: estimates; lines: 95% intervals; dashed line: no difference (${summary.breakdown_reference}).`,
    tables: [...commonTables(summary), ...suiteTables(summary)],
    notes,
    citation: summary.citation,
    licence: summary.licence,
    source: summary.source,
  };
}
