/**
 * A model's identity for caches and results: the sha256 of a manifest listing, one line per file, the sha256 of
 * every file that changes a score and its name relative to the model directory, in this order:
 *   1. config.json
 *   2. the tokenizer files the tokenizer reads: vocab.txt, tokenizer_config.json, tokenizer.json (when present)
 *   3. the weights: model.safetensors, or model.safetensors.index.json and then every shard it names, by name
 *      (optional when an extra file is given: a directory with only an ONNX graph needs no safetensors)
 *   4. extra files the engine runs, in the order given (e.g. an ONNX graph), named relative to the directory
 * so `(cd DIR && sha256sum config.json vocab.txt ... ) | sha256sum` gives the same digest. Hashing each file on its
 * own keeps the boundaries: bytes moved from one file to the next give another fingerprint.
 *
 * Every file is hashed on every call, with no memo. Measured on the full-size DistilBERT (268 MB of weights, the
 * 2-core build machine, page cache warm): hashing 675 to 962 ms, against 944 to 1,529 ms for loading the model
 * (wasm) and 0.2 to 0.9 ms for a stat-based memo hit. The memo would save under a second per process, but it trusts
 * the file system: the old (size, mtime) memo was fooled by `cp -p`, `rsync -a`, `tar x` and `touch -r`; a key of
 * inode, size and ctime with nanoseconds (git's index) is not, yet still fails where ctime is coarse or not kept
 * (FAT, some network and FUSE mounts, a write within one timestamp tick of the hash) and when the clock is set back.
 * Its failure is silent and is exactly what a fingerprint exists to prevent (another model's cached scores in the
 * report), so the fingerprint costs one read of the weights per process instead.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { TOKENIZER_CONFIG_FILE, TOKENIZER_JSON_FILE, VOCAB_FILE } from '../tokenizer/index.js';
import { locateWeights } from './weights.js';

const TOKENIZER_FILES = [VOCAB_FILE, TOKENIZER_CONFIG_FILE, TOKENIZER_JSON_FILE];

export interface FingerprintOptions {
  /**
   * Further files the engine reads that change scores (e.g. the ONNX graph a session runs), hashed after the model
   * directory's own files, in this order. Relative paths are taken from the model directory.
   */
  extraFiles?: string[];
}

/** The files hashed, in hash order (absolute paths). */
export function fingerprintFiles(dir: string, options: FingerprintOptions = {}): string[] {
  const root = resolve(dir);
  const tokenizer = TOKENIZER_FILES.map((f) => join(root, f)).filter((f) => existsSync(f));
  const extra = (options.extraFiles ?? []).map((f) => (isAbsolute(f) ? f : join(root, f)));
  const located = locateWeightsOrNone(root, extra.length > 0);
  const shards = located.files.slice().sort((a, b) => relative(root, a).localeCompare(relative(root, b), 'en'));
  return [join(root, 'config.json'), ...tokenizer, ...(located.index ? [located.index] : []), ...shards, ...extra];
}

/** An engine that runs an extra file (a given ONNX graph) does not need the safetensors weights. */
function locateWeightsOrNone(root: string, optional: boolean): { files: string[]; index: string | null } {
  try {
    return locateWeights(root);
  } catch (e) {
    if (optional && (e as { code?: string }).code === 'E_MODEL_WEIGHTS') return { files: [], index: null };
    throw e;
  }
}

export async function modelFingerprint(dir: string, options: FingerprintOptions = {}): Promise<string> {
  const root = resolve(dir);
  const manifest: string[] = [];
  for (const file of fingerprintFiles(root, options)) manifest.push(`${await fileSha256(file)}  ${relative(root, file)}\n`);
  return createHash('sha256').update(manifest.join('')).digest('hex');
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
