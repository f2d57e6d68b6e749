/**
 * A data run's directory: records.jsonl and scores.csv streamed line by line (a million records would not fit
 * one string), then result.json, each through the one atomic writer (util/atomic.ts), so an interrupted run
 * leaves no half-written file.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DataRecord, DataResult } from '../result/index.js';
import { writeFileAtomic, writeLinesAtomic } from '../util/atomic.js';
import { csvRow } from '../util/csv.js';

const CSV_COLUMNS = ['kind', 'row', 'line', 'text', 'label', 'axis', 'from', 'to', 'score', 'change', 'predicted', 'unsure'];

async function* jsonl(records: () => AsyncIterable<DataRecord>): AsyncGenerator<string> {
  for await (const r of records()) yield `${JSON.stringify(r)}\n`;
}

async function* csv(records: () => AsyncIterable<DataRecord>): AsyncGenerator<string> {
  yield csvRow(CSV_COLUMNS);
  for await (const r of records()) {
    const row = r.kind === 'original'
      ? ['original', r.row, r.line, r.text, r.label ?? '', '', '', '', r.score, '', r.predicted, '']
      : ['counterfactual', r.row, '', r.text, '', r.axis, r.from, r.to, r.score, r.change, r.predicted, r.unsure];
    yield csvRow(row);
  }
}

/** `--redact`: what replaces each record and the result before they are written (evidence/redact.ts). */
export interface DataRedaction {
  record(record: DataRecord): DataRecord;
  result(result: DataResult): DataResult;
}

/** Writes records.jsonl, scores.csv and result.json; `records` is called once per file (each streams the plan's records). */
export async function writeDataRunDir(
  dir: string, given: DataResult, all: () => AsyncIterable<DataRecord>, redact?: DataRedaction,
): Promise<void> {
  const result = redact ? redact.result(given) : given;
  const records = redact ? async function* redacted() { for await (const r of all()) yield redact.record(r); } : all;
  mkdirSync(dir, { recursive: true });
  await writeLinesAtomic(join(dir, result.data.records_file), jsonl(records));
  await writeLinesAtomic(join(dir, 'scores.csv'), csv(records));
  writeFileAtomic(join(dir, 'result.json'), JSON.stringify(result));
}
