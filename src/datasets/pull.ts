/**
 * `audit datasets pull`: fetch every pinned file (sources.ts), verify it against its pin, and move it into
 * the datasets directory atomically (temp file + rename). Files already present and matching their pin are
 * left alone. On failure the file being fetched leaves nothing behind (no part, no temp file); files
 * completed earlier stay, since each of them is whole and verified.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { AuditError, inputError } from '../errors.js';
import { downloadToPart, type DownloadEvent } from './download.js';
import { gitBlobSha1, sha256Hex } from './hash.js';
import { PINNED_FILES, pinnedUrl, type DatasetName, type PinnedFile } from './sources.js';
import { flattenStereoSet, toJsonLines } from './stereoset.js';
import { decodeUtf8 } from './text.js';

export const CHECKSUM_ERROR = 'E_CHECKSUM';

export type PullEvent =
  | { status: 'start'; files: number }
  | { status: 'file'; dataset: DatasetName; dest: string; url: string; index: number; files: number }
  | { status: 'present'; dest: string }
  | (DownloadEvent & { dest: string })
  | { status: 'stored'; dest: string; bytes: number }
  | { status: 'done'; downloaded: number; present: number; seconds: number };

export interface PullOptions {
  /** Replaces `https://raw.githubusercontent.com`: every file is fetched from `<baseUrl>/<repo>/<commit>/<path>`. */
  baseUrl?: string;
  onProgress?: (event: PullEvent) => void;
  fetchImpl?: typeof fetch;
  /** Only these datasets (default: all). */
  datasets?: DatasetName[];
  /** Re-download even when a file is present and verified. */
  force?: boolean;
  /** Transient failures retried per file (default 3), resuming where the last attempt stopped. */
  retries?: number;
  retryDelayMs?: number;
  signal?: AbortSignal;
  /** Replaces the pinned manifest (tests, private mirrors with their own pins). */
  files?: readonly PinnedFile[];
}

export interface PullResult {
  downloaded: string[];
  present: string[];
}

/** Problems with `bytes` as the download of `file`, or undefined when they match the pin. */
function pinProblem(file: PinnedFile, bytes: Uint8Array): string | undefined {
  if (file.sha256 !== undefined) {
    const got = sha256Hex(bytes);
    if (got !== file.sha256) return `sha256 ${got} does not match the pinned ${file.sha256}`;
  }
  if (file.gitBlob !== undefined) {
    const got = gitBlobSha1(bytes);
    if (got !== file.gitBlob) return `git blob ${got} does not match the pinned ${file.gitBlob}`;
  }
  if (file.sha256 === undefined && file.gitBlob === undefined) return 'no pin (sha256 or gitBlob) to verify against';
  return undefined;
}

/** The files a pinned download ends up as: [dest, bytes] pairs, after its transform. */
function outputsOf(file: PinnedFile, bytes: Buffer, source: string): [string, Buffer][] {
  const t = file.transform;
  if (t === undefined) return [[file.dest, bytes]];
  if (t.kind === 'gzip') return [[file.dest, gzipSync(bytes, { level: 9 })]];
  let json: unknown;
  try {
    json = JSON.parse(decodeUtf8(bytes, source));
  } catch (e) {
    if (e instanceof AuditError) throw e;
    throw inputError('E_DATASET', `${source}: invalid JSON (${(e as Error).message})`);
  }
  const records = flattenStereoSet(json, source);
  const intra = records.filter((r) => r.type === 'intrasentence').length;
  const inter = records.length - intra;
  if (intra !== t.counts.intrasentence || inter !== t.counts.intersentence) {
    throw inputError(
      'E_DATASET',
      `${source}: converted to ${intra} intrasentence + ${inter} intersentence items, expected ${t.counts.intrasentence} ` +
      `+ ${t.counts.intersentence}`,
    );
  }
  return [
    [t.derived, Buffer.from(toJsonLines(records), 'utf8')],
    [file.dest, bytes],
  ];
}

/** The bytes the pin applies to, read back from what is stored (gzip is undone), or undefined if absent. */
async function storedSource(dir: string, file: PinnedFile): Promise<Buffer | undefined> {
  try {
    const bytes = await readFile(join(dir, file.dest));
    return file.transform?.kind === 'gzip' ? gunzipSync(bytes) : bytes;
  } catch {
    return undefined;
  }
}

async function isPresent(dir: string, file: PinnedFile): Promise<boolean> {
  const bytes = await storedSource(dir, file);
  if (bytes === undefined || pinProblem(file, bytes) !== undefined) return false;
  if (file.transform?.kind === 'stereoset-flat') {
    try {
      await readFile(join(dir, file.transform.derived));
    } catch {
      return false;
    }
  }
  return true;
}

/** Writes via a temp file in the same directory and a rename, so readers never see a half-written file. */
async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

async function fetchOne(dir: string, file: PinnedFile, url: string, options: PullOptions, emit: (e: PullEvent) => void): Promise<number> {
  const dest = join(dir, file.dest);
  const part = `${dest}.part`;
  const createdDir = await mkdir(dirname(dest), { recursive: true });
  const download = () =>
    downloadToPart(url, part, {
      fetchImpl: options.fetchImpl ?? fetch,
      retries: options.retries ?? 3,
      retryDelayMs: options.retryDelayMs ?? 1000,
      signal: options.signal,
      onEvent: (e) => emit({ ...e, dest: file.dest }),
    });
  try {
    // A part left by a killed run is resumed; if the result fails its pin, that part may be stale, so
    // the file is fetched once more from scratch before giving up.
    const stalePart = await stat(part).then(() => true, () => false);
    await download();
    let bytes = await readFile(part);
    let problem = pinProblem(file, bytes);
    if (problem !== undefined && stalePart) {
      await rm(part, { force: true });
      await download();
      bytes = await readFile(part);
      problem = pinProblem(file, bytes);
    }
    if (problem !== undefined) throw inputError(CHECKSUM_ERROR, `${url}: ${problem}; refusing to store ${file.dest}`);
    let stored = 0;
    for (const [rel, out] of outputsOf(file, bytes, url)) {
      const path = join(dir, rel);
      await mkdir(dirname(path), { recursive: true });
      await writeAtomic(path, out);
      stored += out.length;
    }
    return stored;
  } catch (e) {
    await rm(part, { force: true });
    if (createdDir !== undefined) await removeEmptyDirs(dirname(dest), createdDir);
    throw e;
  } finally {
    await rm(part, { force: true });
  }
}

/** Removes `from` and its parents up to and including `upTo`, as long as they are empty. */
async function removeEmptyDirs(from: string, upTo: string): Promise<void> {
  for (let d = from; d.startsWith(upTo); d = dirname(d)) {
    try {
      await rmdir(d);
    } catch {
      return; // not empty (or already gone): leave it
    }
    if (d === upTo) return;
  }
}

/**
 * Downloads the pinned dataset files into `dir`. Throws an AuditError (E_DOWNLOAD for HTTP/network
 * failures, E_CHECKSUM for a pin mismatch, E_DATASET for an unconvertible StereoSet file) on the first
 * file that cannot be fetched.
 */
export async function pullDatasets(dir: string, options: PullOptions = {}): Promise<PullResult> {
  const emit = options.onProgress ?? (() => {});
  const started = Date.now();
  const wanted = options.datasets ? new Set(options.datasets) : undefined;
  const files = (options.files ?? PINNED_FILES).filter((f) => !wanted || wanted.has(f.dataset));
  const result: PullResult = { downloaded: [], present: [] };
  emit({ status: 'start', files: files.length });
  for (const [index, file] of files.entries()) {
    const url = pinnedUrl(file, options.baseUrl);
    emit({ status: 'file', dataset: file.dataset, dest: file.dest, url, index, files: files.length });
    if (!options.force && (await isPresent(dir, file))) {
      result.present.push(file.dest);
      emit({ status: 'present', dest: file.dest });
      continue;
    }
    const bytes = await fetchOne(dir, file, url, options, emit);
    result.downloaded.push(file.dest);
    emit({ status: 'stored', dest: file.dest, bytes });
  }
  emit({ status: 'done', downloaded: result.downloaded.length, present: result.present.length, seconds: (Date.now() - started) / 1000 });
  return result;
}
