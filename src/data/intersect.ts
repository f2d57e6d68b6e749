/**
 * `--intersect A,B`: two identity axes crossed (issue #26). An axis is one the tagger detects (gender, nationality,
 * ...) or a `--group-columns` column (levels: the column and "not column"). A text is in cell (a, b) when it
 * mentions exactly one level of each axis; a text mentioning several levels of one axis ("she and he") is left out
 * as ambiguous for that axis, counted and said in the table's `left_out`. The statistics are
 * stats/fairness/factorial.ts.
 */
import { usageError } from '../errors.js';
import type { FactorialInput } from '../stats/fairness/index.js';
import { AXES } from './axes.js';
import type { DataTable } from './types.js';

/** The two names, checked: two different known axes or --group-columns columns; a bad list is a usage error (exit 2). */
export function parseIntersect(list: string[], groupColumns: string[]): [string, string] {
  const names = list.map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(AXES as readonly string[]).includes(n) && !groupColumns.includes(n));
  if (unknown.length) {
    throw usageError('E_INTERSECT', `--intersect: unknown axis ${unknown.join(', ')} (axes: ${AXES.join(', ')}` +
      `${groupColumns.length ? `; --group-columns: ${groupColumns.join(', ')}` : ''})`);
  }
  if (names.length !== 2) throw usageError('E_INTERSECT', `--intersect: name exactly two axes (got ${names.length}: ${names.join(', ')})`);
  if (names[0] === names[1]) throw usageError('E_INTERSECT', `--intersect: the same axis twice (${names[0]}); name two different axes`);
  return [names[0], names[1]];
}

/** Cells of the two axes for every text, and what was left out (sentences for the tables' `left_out`). */
export function intersectCells(
  names: [string, string],
  table: DataTable,
  mentionKeys: string[][],
): Pick<FactorialInput, 'attributes' | 'levels' | 'cellOf'> & { notes: string[] } {
  const notes: string[] = [];
  const perAxis = names.map((name) => levelsOf(name, table, mentionKeys));
  for (const [k, axis] of perAxis.entries()) {
    if (axis.ambiguous) notes.push(`${axis.ambiguous} text${axis.ambiguous === 1 ? '' : 's'} mentioning several levels of ${names[k]} ` +
      `left out as ambiguous for ${names[k]}`);
  }
  const [A, B] = perAxis;
  const J = B.levels.length;
  const cellOf = Int32Array.from(table.texts, (_, i) => (A.of[i] >= 0 && B.of[i] >= 0 ? A.of[i] * J + B.of[i] : -1));
  return { attributes: names, levels: [A.levels, B.levels], cellOf, notes };
}

/** Per text: its level of the axis (index), −1 for none or several. Columns come first: they are what the user named. */
function levelsOf(name: string, table: DataTable, mentionKeys: string[][]): { levels: string[]; of: Int32Array; ambiguous: number } {
  const column = table.groups.find((g) => g.name === name);
  if (column) {
    const members = new Set(column.members);
    return { levels: [name, `not ${name}`], of: Int32Array.from(table.texts, (_, i) => (members.has(i) ? 0 : 1)), ambiguous: 0 };
  }
  const prefix = `${name}:`;
  const mentioned = mentionKeys.map((keys) => keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
  const levels = [...new Set(mentioned.filter((m) => m.length === 1).map((m) => m[0]))].sort((x, y) => x.localeCompare(y));
  const index = new Map(levels.map((l, i) => [l, i]));
  return {
    levels,
    of: Int32Array.from(mentioned, (m) => (m.length === 1 ? index.get(m[0])! : -1)),
    ambiguous: mentioned.filter((m) => m.length > 1).length,
  };
}
