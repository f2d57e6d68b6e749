/**
 * Reads the user's data file as a stream (CSV and TSV through csv-parse, JSON Lines line by line), checks every
 * row, and keeps only what the audit needs: the text, the label as 0/1 and the group columns' memberships.
 * Every problem names the file and line; the first 20 are listed, then "and N more". `--sample N --seed S` keeps
 * a seeded uniform sample (reservoir sampling, so the file is never held whole).
 */
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { SST2_DEV_FILE } from '../datasets/index.js';
import { inputError } from '../errors.js';
import { mulberry32 } from '../stats/index.js';
import type { DataFormat, DataTable } from './types.js';

export interface ReadOptions {
  textColumn?: string;
  labelColumn?: string;
  /** Label values that mean the model's target (comma list on the command line). */
  positiveLabel?: string[];
  groupColumns?: string[];
  maxRows?: number;
  sample?: number;
  seed?: number;
  /** The model's target label: used to pick the positive class of a built-in dataset's label map. */
  target?: string;
  /** Datasets directory, for built-in ids. */
  datasetsDir?: string;
}

/** Built-in datasets: the file under the datasets directory, its columns, and its label map. */
export const BUILTIN_DATA: Record<
  string,
  { file: string; format: DataFormat; text: string; label: string; labelMap: Record<string, string> }
> = {
  'sst2-dev': { file: SST2_DEV_FILE, format: 'tsv', text: 'sentence', label: 'label', labelMap: { '1': 'POSITIVE', '0': 'NEGATIVE' } },
};

const MAX_LISTED = 20;

export function formatOf(file: string): DataFormat | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.tsv' || ext === '.tab') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return null;
}

/** Rows of a file as [line, record] pairs, streamed. The record maps column names to string values. */
async function* rowsOf(
  file: string,
  format: DataFormat,
): AsyncGenerator<{ line: number; record: Record<string, unknown>; columns: string[] }> {
  if (format === 'jsonl') {
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let n = 0;
    const columns = new Set<string>();
    for await (const raw of lines) {
      n++;
      const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (text.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (e) {
        throw inputError('E_DATA', `${file}:${n}: malformed JSON line (${(e as Error).message})`);
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record)) throw inputError('E_DATA', `${file}:${n}: a JSON Lines row must be an object`);
      for (const k of Object.keys(record)) columns.add(k);
      yield { line: n, record: record as Record<string, unknown>, columns: [...columns] };
    }
    return;
  }
  // TSV has no quoting convention (a quote is an ordinary character, as in GLUE's files); CSV follows RFC 4180.
  const parser = createReadStream(file).pipe(parse({
    delimiter: format === 'tsv' ? '\t' : ',', quote: format === 'tsv' ? false : '"', bom: true, info: true,
    columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true,
  }));
  let columns: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      columns ??= Object.keys(record);
      yield { line: info.lines, record, columns };
    }
  } catch (e) {
    const err = e as Error & { code?: string; lines?: number };
    if (!err.code?.startsWith('CSV_')) throw e;
    const line = err.lines ?? 0;
    throw inputError('E_DATA', `${file}:${line}: malformed ${format.toUpperCase()} (${err.message.replace(/^Invalid Record Length: /, '')})`);
  }
}

const TRUE = new Set(['1', 'true']);
const FALSE = new Set(['0', 'false']);

function asString(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** Resolves a built-in id or a path, reads it, and returns the validated (and possibly sampled) table. */
export async function readData(source: string, options: ReadOptions = {}): Promise<DataTable> {
  const builtin = BUILTIN_DATA[source];
  const file = builtin ? join(options.datasetsDir ?? '.', builtin.file) : source;
  const format = builtin?.format ?? formatOf(file);
  if (!format) throw inputError('E_DATA', `${file}: unknown data format (expected .csv, .tsv or .jsonl, or a built-in id: ${Object.keys(BUILTIN_DATA).join(', ')})`);
  const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') throw inputError('E_DATA', `${file}: file not found${builtin ? ' (run `audit datasets pull`, or pass --datasets)' : ''}`);
    throw inputError('E_DATA', `${file}: cannot read file (${e.code ?? e.message})`);
  });
  if (!info.isFile()) throw inputError('E_DATA', `${file}: not a file`);
  if (info.size === 0) throw inputError('E_DATA', `${file}: the file is empty`);
  const labelColumn = options.labelColumn ?? null;
  let positive = options.positiveLabel ?? null;
  if (!positive && builtin && labelColumn === builtin.label) {
    const target = options.target ?? 'POSITIVE';
    positive = Object.entries(builtin.labelMap).filter(([, name]) => name === target).map(([v]) => v);
  }
  const groupColumns = options.groupColumns ?? [];
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (msg: string) => {
    problemCount++;
    if (problems.length < MAX_LISTED) problems.push(msg);
  };

  let textColumn: string | null = options.textColumn ?? builtin?.text ?? null;
  let checkedColumns = false;
  let columns: string[] = [];
  const labelValues = new Map<string, number>(); // label value -> first line seen
  let negativeLabel: string | null = null;
  const sampleSize = options.sample;
  const rng = mulberry32(options.seed ?? 0);
  // Kept rows: all of them, or a reservoir of `sampleSize`.
  type Row = { line: number; text: string; label: string | null; groups: boolean[] };
  const kept: Row[] = [];
  let rows = 0;

  for await (const { line, record, columns: cols } of rowsOf(file, format)) {
    if (!checkedColumns) {
      columns = cols;
      textColumn ??= cols.includes('text') ? 'text' : cols.includes('sentence') ? 'sentence' : null;
      const missing = [
        ...(textColumn === null ? ['text column (no "text" or "sentence"; name it with --text-column)'] : cols.includes(textColumn) ? [] : [`text column "${textColumn}"`]),
        ...(labelColumn && !cols.includes(labelColumn) ? [`label column "${labelColumn}"`] : []),
        ...groupColumns.filter((g) => !cols.includes(g)).map((g) => `group column "${g}"`),
      ];
      if (missing.length) throw inputError('E_DATA_COLUMN', `${file}: no ${missing.join(', no ')}; the columns are: ${cols.join(', ')}`);
      checkedColumns = true;
    }
    rows++;
    if (options.maxRows !== undefined && rows > options.maxRows) {
      throw inputError('E_DATA_TOO_LARGE', `${file}:${line}: more than --max-rows ${options.maxRows} rows (use --sample N to audit a sample, or raise --max-rows)`);
    }
    let label: string | null = null;
    if (labelColumn) {
      label = asString(record[labelColumn])?.trim() ?? null;
      if (label === null || label === '') {
        problem(`${file}:${line}: no label in column "${labelColumn}"`);
        continue;
      }
      if (!labelValues.has(label)) labelValues.set(label, line);
    }
    const text = asString(record[textColumn!]);
    if (text === null) {
      problem(`${file}:${line}: no text in column "${textColumn}"`);
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '') {
      problem(`${file}:${line}: empty text`);
      continue;
    }
    const groups = groupColumns.map((g) => {
      const v = asString(record[g])?.trim().toLowerCase() ?? '';
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      problem(`${file}:${line}: group column "${g}" is "${v}" (expected 0/1 or true/false)`);
      return false;
    });
    const row = { line, text: trimmed, label, groups };
    if (sampleSize === undefined || kept.length < sampleSize) kept.push(row);
    else {
      const j = rng.int(rows);
      if (j < sampleSize) kept[j] = row;
    }
  }
  if (rows === 0) throw inputError('E_DATA', `${file}: no data rows`);

  // Labels: the positive set and exactly one other value.
  let positiveLabels: string[] = [];
  if (labelColumn) {
    const values = [...labelValues.keys()];
    positive ??= defaultPositive(values, options.target);
    if (!positive) throw inputError('E_DATA_LABEL', `${file}: cannot tell which label is the model's target ${options.target ?? ''} among ${values.map((v) => `"${v}"`).join(', ')}; name it with --positive-label`);
    positiveLabels = positive;
    const others = values.filter((v) => !positive!.includes(v));
    negativeLabel = others[0] ?? null;
    for (const v of others.slice(1)) {
      problem(`${file}:${labelValues.get(v)}: label "${v}" is outside the two classes (positive: ${positive.map((p) => `"${p}"`).join(', ')}; negative: "${negativeLabel}")`);
    }
  }
  if (problemCount > 0) {
    const more = problemCount > problems.length ? [`and ${problemCount - problems.length} more`] : [];
    throw inputError('E_DATA', `${file}: ${problemCount} problem${problemCount === 1 ? '' : 's'}`, [...problems, ...more]);
  }
  if (sampleSize !== undefined) kept.sort((a, b) => a.line - b.line);
  return {
    file,
    source,
    format,
    columns,
    textColumn: textColumn!,
    labelColumn,
    positiveLabels,
    negativeLabel,
    texts: kept.map((r) => r.text),
    lines: Int32Array.from(kept, (r) => r.line),
    labels: labelColumn ? Uint8Array.from(kept, (r) => (positiveLabels.includes(r.label!) ? 1 : 0)) : null,
    groups: groupColumns.map((name, g) => ({ name, members: kept.flatMap((r, i) => (r.groups[g] ? [i] : [])) })),
    rowsInFile: rows,
    sampled: sampleSize !== undefined && sampleSize < rows ? { n: sampleSize, seed: options.seed ?? 0 } : null,
  };
}

/** Positive class without --positive-label: the target's name, else 1 or true when the labels are binary codes. */
function defaultPositive(values: string[], target?: string): string[] | null {
  if (target) {
    const named = values.filter((v) => v.toLowerCase() === target.toLowerCase());
    if (named.length) return named;
  }
  const lower = new Set(values.map((v) => v.toLowerCase()));
  if ([...lower].every((v) => v === '0' || v === '1')) return values.filter((v) => v === '1');
  if ([...lower].every((v) => v === 'true' || v === 'false')) return values.filter((v) => v.toLowerCase() === 'true');
  return null;
}

/** The subject of a data run in JUnit/SARIF: `data:<file name>`. */
export function dataSubject(source: string): string {
  return `data:${BUILTIN_DATA[source] ? source : basename(source)}`;
}
