/**
 * The report's section for two crossed attributes (`stats.intersection`, issue #26): a grid of cells coloured by
 * effect, each with its simultaneous interval and the mark that interval gives (result/intersection-read.ts), the
 * main effects in the margins, and the interactions (or tetrads) in a table and in plain words. Every number is
 * formatted here; templates/partials/intersection.hbs lays it out and escapes it.
 */
import { interpolateRdBu } from 'd3';
import type { IntersectionEffect, IntersectionTable } from '../result/index.js';
import { finiteInterval, interactionFamily, intersectionMark } from '../result/index.js';
import * as fmt from '../util/format.js';
import { attributeWord, familyWords, interactionWords, levelLabel, tetradWords } from '../util/intersection-words.js';

/** Rows of the interactions table shown before "show all" (the largest first), and sentences listed above it. */
const SHOWN_ROWS = 12;
const SHOWN_SENTENCES = 7;

type Estimate = Pick<IntersectionEffect, 'estimate' | 'ci' | 'n'>;

/** One shown estimate: the effect, its simultaneous interval and its mark; "–" where nothing could be estimated. */
function shown(e: Estimate | undefined) {
  const ci = e ? finiteInterval(e.ci) : null;
  const value = e && typeof e.estimate === 'number' ? e.estimate : NaN;
  const mark = e ? intersectionMark(e) : null;
  return {
    effect: fmt.signed(value),
    ci: ci ? fmt.interval(ci) : 'no interval',
    mark,
    verdict: !e ? 'no data' : mark ? `differs: ${mark}` : 'cannot tell',
  };
}

/** Background by effect on a symmetric red-blue scale (red below, blue above, as the rest of the report). */
function colourOf(value: number, extent: number): { background: string; ink: string } {
  if (!Number.isFinite(value) || extent <= 0) return { background: '#f4f4f7', ink: '#1d1d1f' };
  const t = 0.5 + Math.max(-0.5, Math.min(0.5, value / (2 * extent)));
  return { background: interpolateRdBu(t), ink: Math.abs(t - 0.5) > 0.32 ? '#fff' : '#1d1d1f' };
}

const label = (a: string | null) => a ?? '';

export function intersectionView(table: IntersectionTable) {
  const [A, B] = table.attributes;
  const [levelsA, levelsB] = table.levels;
  const cell = new Map(table.cells.map((c) => [`${label(c.a)}\u0000${label(c.b)}`, c]));
  const mainA = new Map(table.main.filter((m) => m.b === null).map((m) => [label(m.a), m]));
  const mainB = new Map(table.main.filter((m) => m.a === null).map((m) => [label(m.b), m]));
  const extent = Math.max(0, ...table.cells.map((c) => (Number.isFinite(c.estimate) ? Math.abs(c.estimate) : 0)));
  const family = interactionFamily(table);
  const wordsA = attributeWord(A);
  const wordsB = attributeWord(B);

  const rows = levelsA.map((a) => ({
    label: levelLabel(A, a),
    key: a,
    cells: levelsB.map((b) => {
      const c = cell.get(`${a}\u0000${b}`);
      const colour = colourOf(c ? c.estimate : NaN, extent);
      const s = shown(c);
      return {
        ...s, empty: !c, n: c ? c.n : 0,
        style: `background-color: ${colour.background}; color: ${colour.ink}`,
        title: `${levelLabel(A, a)} \u00d7 ${levelLabel(B, b)}: effect ${s.effect} (simultaneous 95% CI ${s.ci}); ${s.verdict}`,
      };
    }),
    main: shown(mainA.get(a)),
  }));

  const interactionRows = family.effects
    .map((e) => {
      const ci = finiteInterval(e.ci);
      const words = family.name === 'interactions'
        ? interactionWords(table.attributes, e.a as string, e.b as string, e.estimate)
        : tetradWords(table.attributes, e.a as [string, string], e.b as [string, string], e.estimate);
      const pair = (attribute: string, levels: string | string[]) => [levels].flat().map((x) => levelLabel(attribute, x)).join(' vs ');
      const cellName = `${pair(A, e.a as string | string[])} \u00d7 ${pair(B, e.b as string | string[])}`;
      return {
        cell: cellName,
        ...shown(e),
        pHolm: fmt.pValue(e.p_holm ?? NaN),
        words: Number.isFinite(e.estimate) && ci
          ? `${words} (simultaneous 95% CI ${fmt.signedPoints(ci[0])} to ${fmt.signedPoints(ci[1])} points)`
          : words,
        nearest: ci ? (ci[0] > 0 ? ci[0] : ci[1] < 0 ? -ci[1] : 0) : -1,
        size: Number.isFinite(e.estimate) ? Math.abs(e.estimate) : -1,
      };
    })
    .sort((x, y) => y.nearest - x.nearest || y.size - x.size)
    .map((r, i) => ({ ...r, folded: i >= SHOWN_ROWS }));
  const differing = interactionRows.filter((r) => r.mark !== null);

  return {
    title: `${capitalise(wordsA)} \u00d7 ${wordsB}`,
    wordsA, wordsB,
    columns: levelsB.map((b) => levelLabel(B, b)),
    rows,
    columnMain: levelsB.map((b) => shown(mainB.get(b))),
    legend: { low: fmt.signed(-extent), high: fmt.signed(extent), lowColour: interpolateRdBu(0), highColour: interpolateRdBu(1) },
    complete: table.complete,
    familyName: family.name === 'interactions' ? 'interactions' : 'tetrads',
    familyOver: familyWords(family.name, family.effects.length),
    // Main effects: one family per attribute (stats/intersect/analyze.ts).
    counts: { cells: table.cells.length, mainA: mainA.size, mainB: mainB.size, family: family.effects.length },
    interactions: interactionRows,
    sentences: differing.slice(0, SHOWN_SENTENCES).map((r) => r.words),
    moreSentences: Math.max(0, differing.length - SHOWN_SENTENCES),
    foldedRows: Math.max(0, interactionRows.length - SHOWN_ROWS),
    leftOut: table.left_out,
    mde: table.mde_interaction !== null && Number.isFinite(table.mde_interaction) ? fmt.score(table.mde_interaction) : null,
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
