/**
 * A model's identity for caches and results: sha256 over the bytes of, in this order,
 *   1. config.json
 *   2. the tokenizer files present: vocab.txt, then tokenizer_config.json, then tokenizer.json
 *   3. the safetensors weight files, sorted by name (one file, or every shard the index names)
 *   4. extra files the engine runs, in the order given (e.g. the ONNX graph of --onnx-file)
 * concatenated with nothing in between, so `cat <those files> | sha256sum` gives the same hex digest.
 * Hashing a 260 MB model takes a second or two, so results are memoised in <cacheDir>/fingerprints.json,
 * keyed by directory and valid while every file keeps its (name, size, mtimeMs).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { cacheDir as defaultCacheDir } from '../config/paths.js';
import { writeFileAtomic } from '../util/atomic.js';
import { locateWeights } from './weights.js';

const MEMO_FILE = 'fingerprints.json';
const TOKENIZER_FILES = ['vocab.txt', 'tokenizer_config.json', 'tokenizer.json'];

interface FileStamp {
  name: string;
  size: number;
  mtimeMs: number;
}
interface MemoEntry {
  files: FileStamp[];
  sha256: string;
}
type Memo = Record<string, MemoEntry>;

export interface FingerprintOptions {
  /** Further files the engine runs that change scores (e.g. an ONNX graph), hashed last; relative to the directory. */
  extraFiles?: string[];
}

/** The files hashed, in hash order (absolute paths). */
export function fingerprintFiles(dir: string, options: FingerprintOptions = {}): string[] {
  const root = resolve(dir);
  const tokenizer = TOKENIZER_FILES.map((f) => join(root, f)).filter((f) => existsSync(f));
  const extra = (options.extraFiles ?? []).map((f) => resolve(root, f));
  const weights = weightFiles(root, extra.length > 0).sort((a, b) => relative(root, a).localeCompare(relative(root, b), 'en'));
  return [join(root, 'config.json'), ...tokenizer, ...weights, ...extra];
}

/**
 * The safetensors files. An engine that runs an extra file (a given ONNX graph) does not need them, so a directory
 * with only the graph (as many ONNX-only hub repos are) is fingerprinted without them.
 */
function weightFiles(root: string, optional: boolean): string[] {
  try {
    return locateWeights(root).files.slice();
  } catch (e) {
    if (optional && (e as { code?: string }).code === 'E_MODEL_WEIGHTS') return [];
    throw e;
  }
}

export async function modelFingerprint(dir: string, cacheDir?: string, options: FingerprintOptions = {}): Promise<string> {
  const root = resolve(dir);
  const files = fingerprintFiles(root, options);
  const stamps = files.map((f): FileStamp => {
    const s = statSync(f);
    return { name: relative(root, f), size: s.size, mtimeMs: s.mtimeMs };
  });
  const memoPath = join(defaultCacheDir(cacheDir), MEMO_FILE);
  const memo = readMemo(memoPath);
  const known = memo[root];
  if (known && sameStamps(known.files, stamps)) return known.sha256;

  const hash = createHash('sha256');
  for (const file of files) {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  }
  const sha256 = hash.digest('hex');
  // Re-read before writing so entries other processes added meanwhile are kept.
  writeMemo(memoPath, { ...readMemo(memoPath), [root]: { files: stamps, sha256 } });
  return sha256;
}

function sameStamps(a: FileStamp[], b: FileStamp[]): boolean {
  return a.length === b.length && a.every((s, i) => s.name === b[i].name && s.size === b[i].size && s.mtimeMs === b[i].mtimeMs);
}

/** A missing or unreadable memo is an empty one: it is only a cache. */
function readMemo(path: string): Memo {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Memo) : {};
  } catch {
    return {};
  }
}

/** Best effort: a read-only cache directory only costs a re-hash next time. */
function writeMemo(path: string, memo: Memo): void {
  try {
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileAtomic(path, JSON.stringify(memo, null, 1));
  } catch {
    // ignored on purpose (see above)
  }
}
