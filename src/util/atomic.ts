/**
 * Atomic file writes, the one writer every stage uses: the data goes to a sibling temp file, is flushed to disk
 * (fsync), and is renamed over the target. A reader, or a run resumed after a kill or a power cut, sees the old
 * file or the new one, never half of one; a failed write leaves no temp file behind.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { environmentError } from './fs-errors.js';

/** Writes `data` (text as UTF-8, or bytes; a list of byte chunks is written in order) to `path` atomically. */
export function writeFileAtomic(path: string, data: string | Uint8Array | readonly Uint8Array[]): void {
  const chunks = typeof data === 'string' ? [Buffer.from(data, 'utf8')] : data instanceof Uint8Array ? [data] : data;
  const file = openTemp(path);
  try {
    for (const chunk of chunks) writeAll(file.fd, chunk);
    file.commit();
  } catch (e) {
    throw file.abort(e);
  }
}

/** Lines written in batches of about 1 MiB: text too large for one string (the records of a large data run). */
const BATCH = 1 << 20;

/** The same, for text produced line by line (a generator, sync or async): never held as one string. */
export async function writeLinesAtomic(path: string, lines: Iterable<string> | AsyncIterable<string>): Promise<void> {
  const file = openTemp(path);
  try {
    let batch: string[] = [];
    let size = 0;
    const flush = () => {
      writeAll(file.fd, Buffer.from(batch.join(''), 'utf8'));
      batch = [];
      size = 0;
    };
    for await (const line of lines) {
      batch.push(line);
      size += line.length;
      if (size >= BATCH) flush();
    }
    flush();
    file.commit();
  } catch (e) {
    throw file.abort(e);
  }
}

/**
 * The skeleton both writers share: a sibling temp file; `commit` flushes it to disk, closes it and renames it over
 * the target; `abort` closes and removes it and returns the error to throw.
 */
function openTemp(path: string): { fd: number; commit(): void; abort(e: unknown): unknown } {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw failed(e, tmp, path);
  }
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    fd,
    commit() {
      fsyncSync(fd);
      close();
      renameSync(tmp, path);
    },
    abort(e: unknown) {
      try {
        close();
      } catch {
        // the write's own error is the one to report
      }
      return failed(e, tmp, path);
    },
  };
}

function writeAll(fd: number, chunk: Uint8Array): void {
  for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
}

/**
 * Removes the temp file. A full disk or a read-only directory is the user's environment, not a bug: an input error
 * naming the path; any other error (e.g. from the lines' generator) passes through.
 */
function failed(e: unknown, tmp: string, path: string): unknown {
  rmSync(tmp, { force: true });
  return environmentError(e, path, 'write it') ?? e;
}
