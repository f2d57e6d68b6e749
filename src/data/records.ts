/** Reads a data run's records.jsonl line by line (replay, export): the records never sit in one string. */
import { createReadStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { inputError } from '../errors.js';
import type { DataRecord } from './types.js';

export async function* readDataRecords(resultFile: string, recordsFile = 'records.jsonl'): AsyncGenerator<DataRecord> {
  const path = join(dirname(resultFile), recordsFile);
  if (!existsSync(path)) throw inputError('E_RESULT_MISSING', `${path}: the data run's records file is missing`);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    n++;
    if (line === '') continue;
    try {
      yield JSON.parse(line) as DataRecord;
    } catch (e) {
      throw inputError('E_RESULT_JSON', `${path}:${n}: not valid JSON (${(e as Error).message})`);
    }
  }
}

/** Every record in memory: diff and check --baseline pair two runs' texts at once. */
export async function loadDataRecords(resultFile: string, recordsFile = 'records.jsonl'): Promise<DataRecord[]> {
  const out: DataRecord[] = [];
  for await (const r of readDataRecords(resultFile, recordsFile)) out.push(r);
  return out;
}
