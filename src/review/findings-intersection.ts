/**
 * Intersectional findings (issue #26): the interactions of a crossed probe's table (`stats.intersection`) that
 * reach the `max_abs_interaction` margin, as the group findings do (findings.ts): *major* when the bound of the
 * simultaneous interval nearest 0 lies beyond the margin, *medium* when only the estimate does. Only the gate's
 * family (interactions, or tetrads when a cell is empty), so each finding's interval is the one its mark and the
 * gate read. Pure.
 */
import type { Finding, IntersectionTable } from '../result/index.js';
import { finiteInterval, interactionFamily } from '../result/index.js';
import { familyWords, interactionWords, tetradWords } from '../util/intersection-words.js';
import { nearestBound, signedPoints } from './finding-parts.js';

/** "simultaneous over the 10 interactions": which multiplicity family the table's gate (and its findings) read. */
export function familyLabel(table: IntersectionTable): string {
  const family = interactionFamily(table);
  return familyWords(family.name, family.effects.length);
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
        sentence: `${interactionWords(table.attributes, a, b, e.estimate)} (${interval}).` });
    } else {
      const { a, b } = e as { a: [string, string]; b: [string, string] };
      out.push({ severity, subject: `${a.join('/')} \u00d7 ${b.join('/')}`, value: e.estimate, ci, nearest,
        sentence: `${tetradWords(table.attributes, a, b, e.estimate)} (${interval}).` });
    }
  }
  return out;
}
