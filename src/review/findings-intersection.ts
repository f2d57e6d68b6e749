/**
 * Intersectional findings (issue #26): the interactions of a factorial table (a crossed probe's `stats.intersection`,
 * a data run's `data.factorial`) that reach the interaction margin, as the group findings do (findings.ts): *major*
 * when the bound of the simultaneous interval nearest 0 lies beyond the margin, *medium* when only the estimate does.
 * Only the gate's family (interactions, or tetrads when a cell is empty), so each finding's interval is the one its
 * mark and the gate read. Pure.
 */
import type { Finding, IntersectionTable } from '../result/index.js';
import { familySize, finiteInterval, interactionFamily } from '../result/index.js';
import { effectWords, familyWords } from '../util/intersection-words.js';
import { nearestBound, signedPoints } from './finding-parts.js';

/** "simultaneous over the 10 interactions": which multiplicity family the table's gate (and its findings) read. */
export function familyLabel(table: IntersectionTable): string {
  return familyWords(interactionFamily(table).name, familySize(table));
}

/**
 * With `onePerHypothesis`, an interaction of a two-level axis is said once, for its first level: the other level's is
 * the same number with the other sign (one hypothesis, counted once in the family), as the data report says it.
 */
export function intersectionFindings(table: IntersectionTable, margin: number, options: { onePerHypothesis?: boolean } = {}): Finding[] {
  const family = interactionFamily(table);
  const over = familyLabel(table);
  // A data run's table says what it measures in the subject ("gender × nationality, fpr: female × Kenyan").
  const prefix = table.measure === 'score' ? '' : `${table.attributes.join(' \u00d7 ')}, ${table.measure}: `;
  const first = (levels: string[], level: string) => levels.length !== 2 || level === levels[0];
  const out: Finding[] = [];
  for (const e of family.effects) {
    const ci = finiteInterval(e.ci);
    if (!ci || typeof e.estimate !== 'number' || !Number.isFinite(e.estimate)) continue;
    if (options.onePerHypothesis && family.name === 'interactions'
      && !(first(table.levels[0], e.a as string) && first(table.levels[1], e.b as string))) continue;
    const nearest = nearestBound(ci);
    const severity = nearest > margin ? 'major' : Math.abs(e.estimate) > margin ? 'medium' : null;
    if (!severity) continue;
    const interval = `95% CI ${signedPoints(ci[0])} to ${signedPoints(ci[1])} points, ${over}`;
    const subject = family.name === 'interactions' ? `${e.a as string} \u00d7 ${e.b as string}`
      : `${(e.a as [string, string]).join('/')} \u00d7 ${(e.b as [string, string]).join('/')}`;
    const sentence = `${effectWords(table, e)} (${interval}).`;
    out.push({ severity, subject: `${prefix}${subject}`, value: e.estimate, ci, nearest, sentence });
  }
  return out;
}
