/**
 * Shared plumbing for the dataset loaders: reading a file under the datasets directory, splitting it
 * into lines, and the one error shape every loader throws (`<file>:<line>: <problem>`, code E_DATASET).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditError, inputError } from '../errors.js';

export const DATASET_ERROR = 'E_DATASET';

/** A malformed or missing dataset file. `line` is 1-based; omit it for whole-file problems. */
export function datasetError(file: string, line: number | undefined, problem: string): AuditError {
  return inputError(DATASET_ERROR, line === undefined ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
}

/**
 * Reads `<dir>/<relPath>` as bytes. A missing file is a user-fixable problem (wrong --datasets, or not
 * pulled yet), so it becomes an E_DATASET error that names the file and the fix.
 */
export async function readDatasetBytes(dir: string, relPath: string): Promise<{ path: string; bytes: Buffer }> {
  const path = join(dir, relPath);
  try {
    return { path, bytes: await readFile(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw datasetError(path, undefined, 'file not found (run `audit datasets pull`, or pass --datasets)');
    throw datasetError(path, undefined, `cannot read file (${code ?? String(e)})`);
  }
}

export async function readDatasetText(dir: string, relPath: string): Promise<{ path: string; text: string }> {
  const { path, bytes } = await readDatasetBytes(dir, relPath);
  return { path, text: decodeUtf8(bytes, path) };
}

/** Strict UTF-8: a file that is not valid UTF-8 is the wrong file, not something to guess at. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw datasetError(file, undefined, 'not valid UTF-8');
  }
}

/**
 * Splits file text into lines. One final newline is allowed (and usual); CR characters are rejected
 * because every source file uses `\n` and a CRLF copy is a different (re-saved) file.
 */
export function splitLines(text: string, file: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    if (line.includes('\r')) throw datasetError(file, i + 1, 'carriage return found (expected \\n line endings)');
  });
  return lines;
}

/** Splits a TSV file whose first line must be exactly `header`; returns the data rows with their line numbers. */
export function tsvRows(text: string, file: string, header: string[]): { line: number; cells: string[] }[] {
  const lines = splitLines(text, file);
  if (lines.length === 0) throw datasetError(file, undefined, 'file is empty');
  if (lines[0] !== header.join('\t')) {
    throw datasetError(file, 1, `expected header ${JSON.stringify(header.join('\t'))}, found ${JSON.stringify(lines[0])}`);
  }
  return lines.slice(1).map((row, i) => {
    const cells = row.split('\t');
    if (cells.length !== header.length) {
      throw datasetError(file, i + 2, `expected ${header.length} tab-separated fields, found ${cells.length}`);
    }
    return { line: i + 2, cells };
  });
}
