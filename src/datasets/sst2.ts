/**
 * GLUE SST-2 (Socher et al., EMNLP 2013): `sentence<TAB>label` with a `sentence\tlabel` header; label 0 is
 * negative and 1 positive. Sentences are lower-cased, PTB-tokenised and end with one space before the tab,
 * which is trimmed here. dev.tsv (872 rows) is the usual evaluation set; train.tsv.gz (67,349 rows) is
 * stored gzipped.
 */
import { gunzipSync } from 'node:zlib';
import { datasetError, decodeUtf8, readDatasetBytes, readDatasetText, tsvRows } from './text.js';

export const SST2_DEV_FILE = 'sst2/dev.tsv';
export const SST2_TRAIN_FILE = 'sst2/train.tsv.gz';

export interface Sst2Example {
  sentence: string;
  label: 0 | 1;
}

export function parseSst2(text: string, file: string): Sst2Example[] {
  return tsvRows(text, file, ['sentence', 'label']).map(({ line, cells: [sentence, label] }) => {
    if (label !== '0' && label !== '1') throw datasetError(file, line, `label "${label}" is not 0 or 1`);
    const trimmed = sentence.trim();
    if (trimmed === '') throw datasetError(file, line, 'empty sentence');
    return { sentence: trimmed, label: label === '1' ? 1 : 0 };
  });
}

export async function loadSst2Dev(dir: string): Promise<Sst2Example[]> {
  const { path, text } = await readDatasetText(dir, SST2_DEV_FILE);
  return parseSst2(text, path);
}

export async function loadSst2Train(dir: string): Promise<Sst2Example[]> {
  const { path, bytes } = await readDatasetBytes(dir, SST2_TRAIN_FILE);
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch (e) {
    throw datasetError(path, undefined, `not a valid gzip file (${(e as Error).message})`);
  }
  return parseSst2(decodeUtf8(raw, path), path);
}
