/** SST-2 reading and the per-epoch batch plan. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { inputError } from '../errors.js';
import { Rng } from './prng.js';

export interface Example {
  text: string;
  label: number;
}

/** Tokenized examples, ready to batch. */
export interface EncodedSet {
  ids: number[][];
  labels: number[];
}

/** Parses GLUE SST-2 TSV text: a `sentence\tlabel` header, then one `sentence<TAB>0|1` row per line. */
export function parseSst2(text: string, file: string): Example[] {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== 'sentence\tlabel') {
    throw inputError('E_DATASET', `${file}:1: expected the header "sentence<TAB>label", found ${JSON.stringify(lines[0]?.slice(0, 40))}`);
  }
  const out: Example[] = [];
  const problems: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === '') continue;
    const cols = lines[i].split('\t');
    const label = Number(cols[1]);
    if (cols.length !== 2 || (label !== 0 && label !== 1)) problems.push(`${file}:${i + 1}: expected "sentence<TAB>0|1"`);
    // Every SST-2 sentence ends with one space before the tab (PTB tokenisation); it carries no meaning.
    else out.push({ text: cols[0].trim(), label });
  }
  if (problems.length) throw inputError('E_DATASET', `${file}: ${problems.length} malformed rows`, problems.slice(0, 20));
  return out;
}

export interface Sst2 {
  train: Example[];
  dev: Example[];
  trainFile: string;
  devFile: string;
}

/** Reads <datasets>/sst2/train.tsv.gz (or train.tsv) and <datasets>/sst2/dev.tsv. */
export function readSst2(datasetsDir: string): Sst2 {
  const dir = join(datasetsDir, 'sst2');
  const gz = join(dir, 'train.tsv.gz');
  const plain = join(dir, 'train.tsv');
  const trainFile = existsSync(gz) ? gz : plain;
  const devFile = join(dir, 'dev.tsv');
  for (const f of [trainFile, devFile]) if (!existsSync(f)) throw inputError('E_DATASET', `${f}: file not found (SST-2 is expected under ` +
    `--datasets)`);
  const trainRaw = readFileSync(trainFile);
  const trainText = (trainFile.endsWith('.gz') ? gunzipSync(trainRaw) : trainRaw).toString('utf8');
  return {
    train: parseSst2(trainText, trainFile),
    dev: parseSst2(readFileSync(devFile, 'utf8'), devFile),
    trainFile,
    devFile,
  };
}

/** A distinct, reproducible stream for each (seed, epoch): the epoch's order never depends on earlier draws. */
export function epochRng(seed: number, epoch: number): Rng {
  return new Rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca77)) >>> 0);
}

/**
 * The batches of one epoch, as example indices: shuffle, sort by length within windows of 50 batches (so a batch
 * holds similar lengths and little padding), cut, then shuffle the batch order. A pure function of its arguments,
 * so a resumed run recomputes exactly the plan an uninterrupted run used.
 */
export function epochBatches(lengths: readonly number[], batchSize: number, seed: number, epoch: number): number[][] {
  const rng = epochRng(seed, epoch);
  const order = rng.shuffle(lengths.map((_, i) => i));
  const window = batchSize * 50;
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += window) {
    const chunk = order.slice(start, start + window).sort((a, b) => lengths[a] - lengths[b] || a - b);
    for (let b = 0; b < chunk.length; b += batchSize) batches.push(chunk.slice(b, b + batchSize));
  }
  return rng.shuffle(batches);
}

/** Right-pads a batch of id sequences with 0 ([PAD]); returns flat ids and mask plus the padded length. */
export function padBatch(seqs: number[][]): { ids: Int32Array; mask: Int32Array; length: number } {
  const length = seqs.reduce((m, s) => Math.max(m, s.length), 0);
  const ids = new Int32Array(seqs.length * length);
  const mask = new Int32Array(seqs.length * length);
  seqs.forEach((s, r) => {
    ids.set(s, r * length);
    mask.fill(1, r * length, r * length + s.length);
  });
  return { ids, mask, length };
}
