/**
 * Intersectional findings (issue #26): the interactions of a crossed probe's table (`stats.intersection`) that
 * reach the `max_abs_interaction` margin, as the group findings do (findings.ts): *major* when the bound of the
 * simultaneous interval nearest 0 lies beyond the margin, *medium* when only the estimate does. Only the gate's
 * family (interactions, or tetrads when a cell is empty), so each finding's interval is the one its mark and the
 * gate read. Pure.
 */
import type { Finding, IntersectionTable } from '../result/index.js';
import { finiteInterval, interactionFamily } from '../result/index.js';
import { attributeWord, cellSubject, levelLabel } from '../util/intersection-words.js';
import { nearestBound, points, signedPoints } from './finding-format.js';

/** "simultaneous over the 10 interactions" / "over 1 tetrad": which multiplicity family the interval is simultaneous over. */
export function familyLabel(table: IntersectionTable): string {
  const family = interactionFamily(table);
  const size = family.effects.length;
  const noun = family.name === 'interactions' ? 'interaction' : 'tetrad';
  return `simultaneous over ${size === 1 ? `1 ${noun}` : `the ${size} ${noun}s`}`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One interaction in words: "Names of Black women score 4 points lower than the race/ethnicity and gender effects alone predict". */
export function interactionWords(table: IntersectionTable, a: string, b: string, estimate: number): string {
  const [A, B] = table.attributes;
  const side = estimate < 0 ? 'lower' : 'higher';
  return `${capitalise(cellSubject(table.attributes, a, b))} score ${points(estimate)} ${side} than the ${attributeWord(A)} and ` +
    `${attributeWord(B)} effects alone predict`;
}

/** One tetrad in words: "The women − men difference is 20 points larger for Black than for White". */
export function tetradWords(table: IntersectionTable, a: [string, string], b: [string, string], estimate: number): string {
  const [A, B] = table.attributes;
  const gap = `${levelLabel(B, b[0])} \u2212 ${levelLabel(B, b[1])}`;
  return `The ${gap} difference is ${points(estimate)} ${estimate < 0 ? 'smaller' : 'larger'} for ${levelLabel(A, a[0])} than for ` +
    `${levelLabel(A, a[1])}`;
}

export function intersectionFindings(table: IntersectionTable, margin: number): Finding[] {
  const family = interactionFamily(table);
  const over = familyLabel(table);
  const out: Finding[] = [];
  for (const e of family.effects) {
    const ci = finiteInterval(e.ci);
    if (!ci || typeof e.estimate !== 'number' || !Number.isFinite(e.estimate)) continue;
    const nearest = nearestBound(ci);
    const severity = nearest > margin ? 'major' : Math.abs(e.estimate) > margin ? 'medium' : null;
    if (!severity) continue;
    const interval = `95% CI ${signedPoints(ci[0])} to ${signedPoints(ci[1])} points, ${over}`;
    if (family.name === 'interactions') {
      const { a, b } = e as { a: string; b: string };
      out.push({ severity, subject: `${a} \u00d7 ${b}`, value: e.estimate, ci, nearest,
        sentence: `${interactionWords(table, a, b, e.estimate)} (${interval}).` });
    } else {
      const { a, b } = e as { a: [string, string]; b: [string, string] };
      out.push({ severity, subject: `${a.join('/')} \u00d7 ${b.join('/')}`, value: e.estimate, ci, nearest,
        sentence: `${tetradWords(table, a, b, e.estimate)} (${interval}).` });
    }
  }
  return out;
}
