/**
 * `audit summary` over crossed probes (issue #26): per run with a factorial table (`stats.intersection`), the
 * interactions (or tetrads) whose simultaneous interval excludes 0, in words, with `max_abs_interaction` and the
 * minimum detectable interaction; rendered as Markdown and HTML beside the per-attribute stories. Pure.
 */
import type { AuditResult, Interval, IntersectionEffect, IntersectionTetrad } from '../result/index.js';
import { finiteInterval, interactionFamily, intersectionMark, maxAbsInteraction } from '../result/index.js';
import * as fmt from '../util/format.js';
import { attributeWord, familyWords, interactionWords, tetradWords } from '../util/intersection-words.js';
import { md, xml } from './escape.js';
import { nearestBound } from './finding-parts.js';

export interface IntersectionSummary {
  run: string;
  /** "race/ethnicity × gender". */
  title: string;
  /** "simultaneous over the 10 interactions". */
  family: string;
  max_abs_interaction: Interval | null;
  mde_interaction: number | null;
  /** Interactions (or tetrads) whose interval excludes 0, the farthest from 0 first. */
  findings: { cell: string; value: number; ci: [number, number]; sentence: string }[];
  sentence: string;
}

export function intersectionSummaries(runs: { name: string; result: AuditResult }[]): IntersectionSummary[] {
  return runs.flatMap(({ name, result }): IntersectionSummary[] => {
    const table = result.kind === 'probe' ? result.stats.intersection : undefined;
    if (!table) return [];
    const family = interactionFamily(table);
    const over = familyWords(family.name, family.effects.length);
    const findings = (family.effects as (IntersectionEffect | IntersectionTetrad)[]).flatMap((e) => {
      const ci = finiteInterval(e.ci);
      if (!ci || intersectionMark(e) === null) return [];
      const words = family.name === 'interactions'
        ? interactionWords(table.attributes, e.a as string, e.b as string, e.estimate)
        : tetradWords(table.attributes, e.a as [string, string], e.b as [string, string], e.estimate);
      const cell = [e.a, e.b].map((x) => [x].flat().join('/')).join(' \u00d7 ');
      const sentence = `${words} (simultaneous 95% CI ${fmt.signedPoints(ci[0])} to ${fmt.signedPoints(ci[1])} points)`;
      return [{ cell, value: e.estimate, ci, sentence }];
    }).sort((x, y) => nearestBound(y.ci) - nearestBound(x.ci) || Math.abs(y.value) - Math.abs(x.value));
    const mde = table.mde_interaction !== null && Number.isFinite(table.mde_interaction) ? table.mde_interaction : null;
    const noun = family.name === 'interactions' ? 'interaction' : 'tetrad';
    const sentence = findings.length > 0
      ? `${findings.length} of ${family.effects.length} ${noun}s differ from 0 (intervals ${over}).`
      : `No ${noun} can be told from 0 (intervals ${over})` + (mde === null ? '.' : `; this design can detect ${fmt.score(mde)} or more.`);
    return [{
      run: name, title: `${attributeWord(table.attributes[0])} \u00d7 ${attributeWord(table.attributes[1])}`, family: over,
      max_abs_interaction: maxAbsInteraction(table), mde_interaction: mde, findings, sentence,
    }];
  });
}

const metric = (m: Interval | null) =>
  (m && Number.isFinite(m.ci[0]) ? `${fmt.score(m.value)} (95% CI ${fmt.interval(m.ci)})` : 'no interval');

export function intersectionSummaryMarkdown(items: IntersectionSummary[]): string[] {
  if (items.length === 0) return [];
  const lines = ['## Intersections', ''];
  for (const s of items) {
    const largest = `Largest interaction (max\\_abs\\_interaction): ${metric(s.max_abs_interaction)}.`;
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
<p>Largest interaction (<code>max_abs_interaction</code>): ${xml(metric(s.max_abs_interaction))}. ${xml(s.sentence)}</p>
${s.findings.length > 0 ? `<ul>${s.findings.map((f) => `<li>${xml(f.sentence)}.</li>`).join('')}</ul>` : ''}`).join('\n')}\n</section>`;
}
