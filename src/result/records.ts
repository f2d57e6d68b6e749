/**
 * Reads a data run's records.jsonl line by line (replay, export, diff, check): the records never sit in one string.
 * Every line is checked against the line schema (result/data.ts), the file must be a regular file (a FIFO would block
 * the reader forever), and the count must match result.json's, so a truncated or emptied file is refused, not read
 * as a smaller run.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { inputError } from '../errors.js';
import { dataRecordSchema, type DataRecord } from './data.js';
import type { DataResult } from './types.js';

/** Where a data run keeps its records: `data.records_file` beside result.json. */
export function recordsPath(resultFile: string, result: DataResult): string {
  return join(dirname(resultFile), result.data.records_file);
}

export async function* readDataRecords(resultFile: string, result: DataResult): AsyncGenerator<DataRecord> {
  const path = recordsPath(resultFile, result);
  if (!existsSync(path)) throw inputError('E_RESULT_MISSING', `${path}: the data run's records file is missing`);
  const stat = statSync(path);
  if (!stat.isFile()) throw inputError('E_RECORDS', `${path}: not a regular file (a data run's records are a file of JSON lines)`);
  const expected = result.counts.sentences;
  if (stat.size === 0) throw inputError('E_RECORDS', `${path}: empty, but result.json counts ${expected} records`);
  let line = 0;
  let n = 0;
  for await (const text of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    line++;
    if (text === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw inputError('E_RESULT_JSON', `${path}:${line}: not valid JSON (${(e as Error).message})`);
    }
    const parsed = dataRecordSchema.safeParse(json);
    if (!parsed.success) throw inputError('E_RECORDS', `${path}:${line}: not a data record (${problem(parsed.error.issues[0])})`);
    n++;
    if (n > expected) throw inputError('E_RECORDS', `${path}:${line}: more records than the ${expected} result.json counts`);
    yield parsed.data;
  }
  if (n !== expected) throw inputError('E_RECORDS', `${path}: ${n} records, but result.json counts ${expected}`);
}

/** Every record in memory: diff and check --baseline pair two runs' texts at once. */
export async function loadDataRecords(resultFile: string, result: DataResult): Promise<DataRecord[]> {
  const out: DataRecord[] = [];
  for await (const r of readDataRecords(resultFile, result)) out.push(r);
  return out;
}

function problem(issue: { path: PropertyKey[]; message: string } | undefined): string {
  if (!issue) return 'unknown problem';
  return issue.path.length ? `${issue.path.map(String).join('.')}: ${issue.message}` : issue.message;
}
