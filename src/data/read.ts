/**
 * Reads the user's data file as a stream (CSV and TSV through csv-parse, JSON Lines line by line), checks every
 * row, and keeps only what the audit needs: the text, the label as 0/1 and the group columns' memberships.
 * Every problem names the file and line; the first 20 are listed, then "and N more". `--sample N --seed S` keeps
 * a seeded uniform sample (reservoir sampling, so the file is never held whole); without it at most --max-rows
 * rows (default 1,000,000) are kept, so memory is bounded either way.
 *
 * Like probe files: invalid UTF-8 is refused with its line (never turned into U+FFFD), duplicate column names are
 * refused, every csv-parse error is an input error (exit 2), and a text longer than AUDIT_MAX_TEXT_CHARS is
 * refused with its line (the model reads 512 tokens; nothing downstream should meet a megabyte cell).
 */
import { CsvError, parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { describeLimit, limit } from '../config/limits.js';
import { SST2_DEV_FILE } from '../datasets/index.js';
import { inputError, isAuditError, usageError } from '../errors.js';
import { mulberry32 } from '../stats/index.js';
import { Utf8LineCheck, Utf8StreamError } from '../util/utf8-stream.js';
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
  /** A status line every few seconds while reading (rows and bytes so far). */
  onProgress?: (line: string) => void;
  /** Milliseconds between status lines (default 2000). */
  progressEveryMs?: number;
}

/** Rows kept without --sample unless --max-rows says otherwise: about 100 MB of texts of a typical length. */
export const DEFAULT_MAX_ROWS = 1_000_000;
const PROGRESS_EVERY_MS = 2000;

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

/** Rows of a file as [line, record] pairs, streamed through the UTF-8 check. The record maps column names to values. */
async function* rowsOf(
  file: string,
  format: DataFormat,
  check: Utf8LineCheck,
  maxRecordChars: number,
): AsyncGenerator<{ line: number; record: Record<string, unknown>; columns: string[] }> {
  const input = createReadStream(file);
  input.on('error', (e) => check.destroy(e));
  input.pipe(check);
  try {
    if (format === 'jsonl') {
      yield* jsonLines(file, check);
      return;
    }
    // TSV has no quoting convention (a quote is an ordinary character, as in GLUE's files); CSV follows RFC 4180.
    const parser = parse({
      delimiter: format === 'tsv' ? '\t' : ',', quote: format === 'tsv' ? false : '"', bom: true, info: true,
      columns: (header: string[]) => uniqueColumns(file, header.map((h) => h.trim())), skip_empty_lines: true,
      max_record_size: maxRecordChars,
    });
    check.on('error', (e) => parser.destroy(e));
    check.pipe(parser);
    let columns: string[] | null = null;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        columns ??= Object.keys(record);
        yield { line: info.lines, record, columns };
      }
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      const line = (e as CsvError & { lines?: number }).lines ?? 0;
      const why = e.code === 'CSV_MAX_RECORD_SIZE'
        ? `a record longer than ${maxRecordChars.toLocaleString('en-US')} characters (texts are limited to ${describeLimit('textChars')})`
        : e.message.replace(/^Invalid Record Length: /, '');
      throw inputError('E_DATA', `${file}:${line}: malformed ${format.toUpperCase()} (${why})`);
    }
  } catch (e) {
    if (e instanceof Utf8StreamError) {
      const why = e.reason === 'encoding' ? e.message : `${e.message} (texts are limited to ${describeLimit('textChars')})`;
      throw inputError('E_DATA', `${file}:${e.line}: ${why}`);
    }
    if (!isAuditError(e) && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).syscall) {
      throw inputError('E_DATA', `${file}: cannot read file (${(e as NodeJS.ErrnoException).code})`);
    }
    throw e;
  } finally {
    input.destroy();
  }
}

/** JSON Lines from the checked stream, whose chunks end on a line break (the last one excepted). */
type FileRow = { line: number; record: Record<string, unknown>; columns: string[] };

async function* jsonLines(file: string, check: Utf8LineCheck): AsyncGenerator<FileRow> {
  let n = 0;
  const columns = new Set<string>();
  for await (const chunk of check as AsyncIterable<Buffer>) {
    const lines = chunk.toString('utf8').split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const raw of lines) {
      n++;
      const text = (n === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
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
  }
}

/** The header's names, refused when one repeats (csv-parse would let the last column of that name win). */
function uniqueColumns(file: string, header: string[]): string[] {
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw inputError('E_DATA', `${file}:1: the column name ${JSON.stringify(h)} appears twice in the header; rename one`);
    seen.add(h);
  }
  return header;
}

const TRUE = new Set(['1', 'true']);
const FALSE = new Set(['0', 'false']);

/** Why a JSON Lines value is no label or text: absent, or of a type that is not a string, number or boolean. */
function notAValue(v: unknown, what: string): string {
  if (v === undefined || v === null || v === '') return `no ${what}`;
  const type = Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v;
  return `the ${what} is ${type}, not a string or number`;
}

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
  if (options.positiveLabel !== undefined && options.positiveLabel.length === 0) {
    throw usageError('E_USAGE', '--positive-label: no label value given (a comma list such as 1 or POSITIVE,positive)');
  }
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
  const maxTextChars = limit('textChars');
  const maxRows = options.maxRows ?? (sampleSize === undefined ? DEFAULT_MAX_ROWS : undefined);
  // A line may hold a text at the limit (3 bytes per UTF-16 unit at most) and the other columns.
  const check = new Utf8LineCheck(maxTextChars * 3 + (1 << 20));
  let lastProgress = performance.now();

  for await (const { line, record, columns: cols } of rowsOf(file, format, check, maxTextChars * 2 + (1 << 20))) {
    if (options.onProgress && performance.now() - lastProgress >= (options.progressEveryMs ?? PROGRESS_EVERY_MS)) {
      lastProgress = performance.now();
      options.onProgress(`reading ${file}: ${rows.toLocaleString('en-US')} rows, ${mb(check.bytes)} of ${mb(info.size)} MB`);
    }
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
    if (maxRows !== undefined && rows > maxRows) {
      const which = options.maxRows === undefined ? `${maxRows.toLocaleString('en-US')} rows (the --max-rows default)` : `--max-rows ${maxRows} rows`;
      throw inputError('E_DATA_TOO_LARGE', `${file}:${line}: more than ${which}; audit a seeded sample with --sample N (read in bounded memory), or raise --max-rows`);
    }
    let label: string | null = null;
    if (labelColumn) {
      label = asString(record[labelColumn])?.trim() ?? null;
      if (label === null || label === '') {
        problem(`${file}:${line}: ${notAValue(record[labelColumn], 'label')} in column "${labelColumn}"`);
        continue;
      }
      if (!labelValues.has(label)) labelValues.set(label, line);
    }
    const text = asString(record[textColumn!]);
    if (text === null) {
      problem(`${file}:${line}: ${notAValue(record[textColumn!], 'text')} in column "${textColumn}"`);
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '') {
      problem(`${file}:${line}: empty text`);
      continue;
    }
    if (trimmed.length > maxTextChars) {
      throw inputError('E_DATA', `${file}:${line}: a text of ${trimmed.length.toLocaleString('en-US')} characters; the limit is ${describeLimit('textChars')}`);
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

function mb(n: number): string {
  return (n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0);
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
