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
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      for (const chunk of chunks) {
        for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    // A full disk or a read-only directory is the user's environment, not a bug: an input error naming the path.
    throw environmentError(e, path, 'write it') ?? e;
  }
}
