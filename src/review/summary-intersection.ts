/**
 * `audit summary` over crossed probes and data runs with --intersect (issue #26): per factorial table
 * (`stats.intersection`, or each measure's of `data.factorial`), the
 * interactions (or tetrads) whose simultaneous interval excludes 0, in words, with `max_abs_interaction` and the
 * minimum detectable interaction; rendered as Markdown and HTML beside the per-attribute stories. Pure.
 */
import type { AuditResult, Interval, IntersectionEffect, IntersectionTable, IntersectionTetrad } from '../result/index.js';
import { familySize, finiteInterval, interactionFamily, intersectionMark, maxAbsInteraction } from '../result/index.js';
import * as fmt from '../util/format.js';
import { attributeWord, effectWords, familyWords } from '../util/intersection-words.js';
import { md, xml } from './escape.js';
import { nearestBound } from './finding-parts.js';

export interface IntersectionSummary {
  run: string;
  /** "race/ethnicity × gender". */
  title: string;
  /** "simultaneous over the 10 interactions". */
  family: string;
  /** The rule that reads `max_abs_interaction`: a probe's max_abs_interaction, a data run's data_max_abs_interaction (per measure). */
  metric: 'max_abs_interaction' | 'data_max_abs_interaction';
  max_abs_interaction: Interval | null;
  mde_interaction: number | null;
  /** Interactions (or tetrads) whose interval excludes 0, the farthest from 0 first. */
  findings: { cell: string; value: number; ci: [number, number]; sentence: string }[];
  sentence: string;
}

const MEASURE_TITLES: Record<string, string> = { mean_score: 'mean score', positive_rate: 'positive rate', tpr: 'TPR', fpr: 'FPR' };

export function intersectionSummaries(runs: { name: string; result: AuditResult }[]): IntersectionSummary[] {
  return runs.flatMap(({ name, result }): IntersectionSummary[] => {
    // A crossed probe's table, or each measure's table of a data run with --intersect.
    const tables = result.kind === 'probe' ? [result.stats.intersection].filter((t) => t !== undefined)
      : result.kind === 'data' ? (result.data.factorial ?? []) as IntersectionTable[] : [];
    return tables.map((table) => summaryOf(name, table, result.kind === 'data'));
  });
}

function summaryOf(name: string, table: IntersectionTable, data: boolean): IntersectionSummary {
  const family = interactionFamily(table);
  const over = familyWords(family.name, familySize(table));
  // A two-level axis's interactions are ± one number: a data run says each once (as its report and findings do).
  const first = (levels: string[], level: string | null) =>
    !data || family.name === 'tetrads' || levels.length !== 2 || level === levels[0];
  const findings = (family.effects as (IntersectionEffect | IntersectionTetrad)[]).flatMap((e) => {
    const ci = finiteInterval(e.ci);
    if (!ci || intersectionMark(e) === null) return [];
    if (!first(table.levels[0], e.a as string) || !first(table.levels[1], e.b as string)) return [];
    const cell = [e.a, e.b].map((x) => [x].flat().join('/')).join(' \u00d7 ');
    const sentence = `${effectWords(table, e)} (simultaneous 95% CI ${fmt.signedPoints(ci[0])} to ${fmt.signedPoints(ci[1])} points)`;
    return [{ cell, value: e.estimate, ci, sentence }];
  }).sort((x, y) => nearestBound(y.ci) - nearestBound(x.ci) || Math.abs(y.value) - Math.abs(x.value));
  const mde = table.mde_interaction !== null && Number.isFinite(table.mde_interaction) ? table.mde_interaction : null;
  const noun = family.name === 'interactions' ? 'interaction' : 'tetrad';
  const sentence = findings.length > 0
    ? `${findings.length} of ${familySize(table)} ${noun}s differ from 0 (intervals ${over}).`
    : `No ${noun} can be told from 0 (intervals ${over})` + (mde === null ? '.' : `; this design can detect ${fmt.score(mde)} or more.`);
  const title = `${attributeWord(table.attributes[0])} \u00d7 ${attributeWord(table.attributes[1])}`;
  return {
    run: name, title: data ? `${title}, ${MEASURE_TITLES[table.measure] ?? table.measure}` : title, family: over,
    metric: data ? 'data_max_abs_interaction' : 'max_abs_interaction',
    max_abs_interaction: maxAbsInteraction(table), mde_interaction: mde, findings, sentence,
  };
}

const metric = (m: Interval | null) =>
  (m && Number.isFinite(m.ci[0]) ? `${fmt.score(m.value)} (95% CI ${fmt.interval(m.ci)})` : 'no interval');

export function intersectionSummaryMarkdown(items: IntersectionSummary[]): string[] {
  if (items.length === 0) return [];
  const lines = ['## Intersections', ''];
  for (const s of items) {
    const largest = `Largest interaction (${md(s.metric)}): ${metric(s.max_abs_interaction)}.`;
    lines.push(`### ${md(s.title)} (${md(s.run)})`, '', `${largest} ${md(s.sentence)}`, '');
    for (const f of s.findings) lines.push(`- ${md(f.sentence)}.`);
    if (s.findings.length > 0) lines.push('');
  }
  return lines;
}

export function intersectionSummaryHtml(items: IntersectionSummary[]): string {
  if (items.length === 0) return '';
  return `<section class="intersections" id="intersections">\n<h2>Intersections</h2>\n${items.map((s) => `<h3>${xml(s.title)} ` +
    `<small>${xml(s.run)}</small></h3>
<p>Largest interaction (<code>${xml(s.metric)}</code>): ${xml(metric(s.max_abs_interaction))}. ${xml(s.sentence)}</p>
${s.findings.length > 0 ? `<ul>${s.findings.map((f) => `<li>${xml(f.sentence)}.</li>`).join('')}</ul>` : ''}`).join('\n')}\n</section>`;
}
