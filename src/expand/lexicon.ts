/**
 * Lexicons: the word lists slots draw from. Accepted files:
 *   JSON  ["France", "Kenya"]                                   a list of strings
 *   JSON  [{"name": "France", "iso3": "FRA"}, ...]              a list of objects: `name` plus attributes
 *   JSON  {"name", "version", "description", "sources", "entries": [...]}   (the built-in form)
 *   CSV   a header row containing `name`; the other columns are attributes (an empty cell is a missing attribute)
 * Parsing is pure: callers read the file and pass its text. Problems carry the line in the lexicon file.
 */
import { createHash } from 'node:crypto';
import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import type { Lexicon, Scalar } from '../probe-types.js';
import type { SlotValue } from '../result/index.js';

export type { Lexicon, Scalar };
import { parseCsv } from './csv.js';

export interface LexiconProblem {
  /** Line in the lexicon file, or null when the problem is about the whole file. */
  line: number | null;
  message: string;
}

export interface LexiconParse {
  /** Null when the file could not be read as a lexicon at all. */
  lexicon: Lexicon | null;
  problems: LexiconProblem[];
}

export type LexiconFormat = 'json' | 'csv';

export function lexiconFormat(path: string): LexiconFormat {
  return /\.csv$/i.test(path) ? 'csv' : 'json';
}

export function parseLexicon(text: string, options: { name: string; source: string; format: LexiconFormat }): LexiconParse {
  const hash = `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  const base = { name: options.name, version: hash, source: options.source };
  const read = options.format === 'csv' ? readCsvEntries(text) : readJsonEntries(text);
  if (read.entries === null) return { lexicon: null, problems: read.problems };
  const lexicon: Lexicon = {
    ...base,
    name: read.name ?? base.name,
    version: read.version ?? base.version,
    entries: read.entries.map((e) => e.entry),
  };
  return { lexicon, problems: [...read.problems, ...entryProblems(read.entries)] };
}

/** An inline `values:` list from a probe file. Problems carry the index of the entry instead of a line. */
export function lexiconFromValues(values: (string | Record<string, Scalar>)[]): {
  lexicon: Lexicon;
  problems: { index: number; message: string }[];
} {
  const located: LocatedEntry[] = [];
  const problems: { index: number; message: string }[] = [];
  values.forEach((v, index) => {
    const read = toEntry(v);
    if (typeof read === 'string') problems.push({ index, message: read });
    else located.push({ entry: read, line: index });
  });
  // "has no entries" only when the list is empty: after bad entries it would blame the list for them.
  const rest = entryProblems(located, (i) => `index ${i}`).filter((p) => p.line !== null || problems.length === 0);
  for (const p of rest) problems.push({ index: p.line ?? 0, message: p.message });
  const text = JSON.stringify(values);
  const version = `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  return { lexicon: { name: 'values', version, source: 'inline', entries: located.map((e) => e.entry) }, problems };
}

/** Keep the entries whose attributes match every `where` key (any of the listed values; compared as text). */
export function filterLexicon(lexicon: Lexicon, where: Record<string, Scalar[]>): Lexicon {
  const keys = Object.keys(where);
  const entries = lexicon.entries.filter((entry) =>
    keys.every((key) => where[key].some((wanted) => entry[key] !== undefined && String(entry[key]) === String(wanted))),
  );
  return { ...lexicon, entries };
}

interface LocatedEntry {
  entry: SlotValue;
  /** Line in the file (or index in an inline list). */
  line: number;
}

interface EntriesRead {
  entries: LocatedEntry[] | null;
  name?: string;
  version?: string;
  problems: LexiconProblem[];
}

function readJsonEntries(text: string): EntriesRead {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      entries: null,
      problems: doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? null, message: `not valid JSON: ${firstLine(e.message)}` })),
    };
  }
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : null);
  let list = doc.contents;
  let name: string | undefined;
  let version: string | undefined;
  if (isMap(doc.contents)) {
    const map = doc.contents;
    list = map.get('entries', true) as typeof list;
    const n = map.get('name');
    const v = map.get('version');
    if (typeof n === 'string' && n !== '') name = n;
    if (typeof v === 'string' || typeof v === 'number') version = String(v);
    if (!isSeq(list)) {
      return { entries: null, problems: [{ line: lineOf(map), message: 'expected "entries" to be a list' }] };
    }
  }
  if (!isSeq(list)) {
    const message = 'expected a list of entries or an object with "entries"';
    return { entries: null, problems: [{ line: lineOf(doc.contents), message }] };
  }
  const entries: LocatedEntry[] = [];
  const problems: LexiconProblem[] = [];
  for (const item of list.items) {
    const line = lineOf(item as Node) ?? 0;
    const read = toEntry((item as Node).toJSON());
    if (typeof read === 'string') problems.push({ line, message: read });
    else entries.push({ entry: read, line });
  }
  return { entries, name, version, problems };
}

function readCsvEntries(text: string): EntriesRead {
  const csv = parseCsv(text);
  const problems: LexiconProblem[] = csv.problems.map((p) => ({ line: p.line, message: p.message }));
  const [header, ...rows] = csv.rows;
  if (header === undefined) return { entries: null, problems: [...problems, { line: null, message: 'is empty' }] };
  const columns = header.cells.map((c) => c.trim());
  const nameAt = columns.indexOf('name');
  if (nameAt === -1) {
    const message = `the header has no "name" column (found: ${columns.join(', ')})`;
    return { entries: null, problems: [...problems, { line: header.line, message }] };
  }
  if (columns.includes('__proto__')) {
    return { entries: null, problems: [...problems, { line: header.line, message: 'a column named "__proto__" is not allowed' }] };
  }
  const entries: LocatedEntry[] = [];
  for (const row of rows) {
    if (row.cells.length !== columns.length) {
      problems.push({ line: row.line, message: `row has ${row.cells.length} cells, the header has ${columns.length}` });
      continue;
    }
    const value = row.cells[nameAt].trim();
    if (value === '') {
      problems.push({ line: row.line, message: 'empty "name"' });
      continue;
    }
    const entry: SlotValue = { value };
    columns.forEach((column, i) => {
      if (i !== nameAt) entry[column] = row.cells[i] === '' ? null : row.cells[i];
    });
    entries.push({ entry, line: row.line });
  }
  return { entries, problems };
}

/** A string or `{name, ...attributes}` as an entry, or a problem message. */
function toEntry(raw: unknown): SlotValue | string {
  if (typeof raw === 'string') return raw.trim() === '' ? 'empty entry' : { value: raw };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return `expected a string or an object with "name", got ${describe(raw)}`;
  }
  const { name, ...attrs } = raw as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '') return 'entry has no "name" (a non-empty string)';
  const entry: SlotValue = { value: name };
  for (const [key, v] of Object.entries(attrs)) {
    if (key === 'value') return 'entry has a "value" attribute, which is reserved for the substituted text';
    if (key === '__proto__') return `entry "${name}" has an attribute named "__proto__", which is not allowed`;
    if (v !== null && typeof v === 'object') return `attribute "${key}" of "${name}" must be a string, number, boolean or null`;
    entry[key] = v as Scalar;
  }
  return entry;
}

function entryProblems(entries: LocatedEntry[], where: (line: number) => string = (l) => `line ${l}`): LexiconProblem[] {
  const problems: LexiconProblem[] = [];
  if (entries.length === 0) problems.push({ line: null, message: 'has no entries' });
  const seen = new Map<string, number>();
  for (const { entry, line } of entries) {
    const first = seen.get(entry.value);
    if (first === undefined) seen.set(entry.value, line);
    else problems.push({ line, message: `duplicate entry ${JSON.stringify(entry.value)} (first at ${where(first)})` });
  }
  return problems;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return typeof value;
}
