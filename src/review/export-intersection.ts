/**
 * A crossed probe's table (`stats.intersection`) in the exports: Markdown (the grid of cell effects with the main
 * effects, then the interactions that differ in words) and CSV rows (every cell, main effect, interaction and tetrad
 * with its estimate, intervals and tests). The same effect, interval and mark as the report. Pure.
 */
import type { IntersectionEffect, IntersectionTable, IntersectionTetrad } from '../result/index.js';
import { familySize, finiteInterval, interactionFamily, intersectionMark, maxAbsInteraction } from '../result/index.js';
import type { CsvCell } from '../util/csv.js';
import * as fmt from '../util/format.js';
import { attributeWord, effectWords, familyWords, interactionWords, levelLabel, tetradWords } from '../util/intersection-words.js';
import { md } from './escape.js';

function shown(e: Pick<IntersectionEffect, 'estimate' | 'ci'> | undefined): string {
  if (!e) return 'no data';
  const ci = finiteInterval(e.ci);
  const text = `${fmt.signed(e.estimate)} (${ci ? fmt.interval(ci) : 'no interval'})`;
  return intersectionMark(e) ? `**${text}**` : text;
}

/** Markdown lines: a heading, the grid with its main effects, and the interactions (or tetrads) in words. */
export function intersectionMarkdown(table: IntersectionTable): string[] {
  const [A, B] = table.attributes;
  const [levelsA, levelsB] = table.levels;
  const cell = new Map(table.cells.map((c) => [`${c.a}\u0000${c.b}`, c]));
  const mainA = new Map(table.main.filter((m) => m.b === null).map((m) => [m.a, m]));
  const mainB = new Map(table.main.filter((m) => m.a === null).map((m) => [m.b, m]));
  const family = interactionFamily(table);
  const over = familyWords(family.name, family.effects.length);
  const lines = [`### Intersections: ${md(attributeWord(A))} \u00d7 ${md(attributeWord(B))}`, ''];
  lines.push(`Cell effects (a cell's score minus the average of all cells in the same template), each with its simultaneous 95% ` +
    `interval over the ${table.cells.length} cells; main effects in the last column and row. **Bold**: the interval excludes 0.`, '');
  const columns = levelsB.map((b) => md(levelLabel(B, b))).join(' | ');
  lines.push(`| ${md(attributeWord(A))} \\\\ ${md(attributeWord(B))} | ${columns} | main effect |`);
  lines.push(`|${'---|'.repeat(levelsB.length + 2)}`);
  for (const a of levelsA) {
    const cells = levelsB.map((b) => shown(cell.get(`${a}\u0000${b}`))).join(' | ');
    lines.push(`| ${md(levelLabel(A, a))} | ${cells} | ${shown(mainA.get(a))} |`);
  }
  lines.push(`| main effect | ${levelsB.map((b) => shown(mainB.get(b))).join(' | ')} | |`, '');
  const differing = family.effects.filter((e) => intersectionMark(e) !== null);
  const noun = family.name === 'interactions' ? 'interactions' : 'interaction tetrads (some cells are empty)';
  let text = `${capitalise(noun)}, ${over} (the family the gate's max\\_abs\\_interaction reads): ${differing.length} of ` +
    `${family.effects.length} differ from 0.`;
  for (const e of differing) text += ` ${md(sentenceOf(table, family.name, e))}.`;
  if (table.mde_interaction !== null && Number.isFinite(table.mde_interaction)) {
    text += ` This design can detect interactions of ${fmt.score(table.mde_interaction)} or more (80% power).`;
  }
  lines.push(text, '');
  if (table.left_out.length > 0) lines.push(`Left out: ${table.left_out.map(md).join('; ')}.`, '');
  return lines;
}

function sentenceOf(table: IntersectionTable, family: 'interactions' | 'tetrads', e: IntersectionEffect | IntersectionTetrad): string {
  const ci = finiteInterval(e.ci);
  const words = family === 'interactions'
    ? interactionWords(table.attributes, e.a as string, e.b as string, e.estimate)
    : tetradWords(table.attributes, e.a as [string, string], e.b as [string, string], e.estimate);
  return ci ? `${words} (simultaneous 95% CI ${fmt.signedPoints(ci[0])} to ${fmt.signedPoints(ci[1])} points)` : words;
}

/** CSV rows, one per estimate: `part` cell | main | interaction | tetrad, the levels, and every number of the contract. */
export function intersectionCsvRows(table: IntersectionTable): Record<string, CsvCell>[] {
  const [A, B] = table.attributes;
  const row = (part: string, a: string, b: string, e: Omit<IntersectionEffect, 'a' | 'b'>): Record<string, CsvCell> => {
    const ci = finiteInterval(e.ci);
    const alone = finiteInterval(e.ci_alone);
    const mark = intersectionMark(e);
    return {
      part, measure: table.measure, key: [a, b].filter(Boolean).join(' \u00d7 '), [`${A}`]: a, [`${B}`]: b, n: e.n,
      estimate: e.estimate, se: e.se, df: e.df,
      sim_ci_low: ci?.[0] ?? null, sim_ci_high: ci?.[1] ?? null, differs: mark ?? '',
      ci_alone_low: alone?.[0] ?? null, ci_alone_high: alone?.[1] ?? null, p: e.p, p_holm: e.p_holm,
    };
  };
  return [
    ...table.cells.map((c) => row('cell', c.a ?? '', c.b ?? '', c)),
    ...table.main.map((m) => row('main', m.a ?? '', m.b ?? '', m)),
    ...table.interactions.map((x) => row('interaction', x.a ?? '', x.b ?? '', x)),
    ...table.tetrads.map((t) => row('tetrad', t.a.join(' \u2212 '), t.b.join(' \u2212 '), t)),
  ];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const MEASURE_TITLES: Record<string, string> = {
  mean_score: 'mean score', positive_rate: 'positive rate', tpr: 'true positive rate (positives only)',
  fpr: 'false positive rate (negatives only)',
};

/**
 * A data run's table (`data.factorial`, one per measure) in the Markdown export: the largest interaction (the
 * data_max_abs_interaction rule's value and interval), the interactions whose simultaneous interval excludes 0 in the
 * words of their findings (an interaction of a two-level axis once), the minimum detectable interaction, what was left out.
 */
export function dataIntersectionMarkdown(table: IntersectionTable): string[] {
  const family = interactionFamily(table);
  const over = familyWords(family.name, familySize(table));
  const title = `${md(attributeWord(table.attributes[0]))} \u00d7 ${md(attributeWord(table.attributes[1]))}, ` +
    `${MEASURE_TITLES[table.measure] ?? md(table.measure)}`;
  const largest = maxAbsInteraction(table);
  const lines = [`### Two axes crossed: ${title}`, ''];
  const first = (levels: string[], level: string | null) => levels.length !== 2 || level === levels[0];
  const differing = (family.effects as (IntersectionEffect | IntersectionTetrad)[]).filter((e) => intersectionMark(e) !== null
    && (family.name === 'tetrads' || (first(table.levels[0], e.a as string) && first(table.levels[1], e.b as string))));
  let text = largest
    ? `Largest interaction (data\\_max\\_abs\\_interaction): ${fmt.score(largest.value)} (95% CI ` +
      `${Number.isFinite(largest.ci[0]) ? fmt.interval(largest.ci) : 'none'}), ${over}; ${differing.length} differ from 0.`
    : 'No interaction can be estimated (no complete 2 \u00d7 2 sub-table).';
  for (const e of differing) {
    const ci = finiteInterval(e.ci)!;
    text += ` ${md(effectWords(table, e))} (simultaneous 95% CI ${fmt.signedPoints(ci[0])} to ${fmt.signedPoints(ci[1])} points).`;
  }
  if (table.mde_interaction !== null && Number.isFinite(table.mde_interaction)) {
    text += ` This table can detect interactions of ${fmt.score(table.mde_interaction)} or more (80% power).`;
  }
  lines.push(text, '');
  if (table.left_out.length > 0) lines.push(`Left out: ${table.left_out.map(md).join('; ')}.`, '');
  return lines;
}
