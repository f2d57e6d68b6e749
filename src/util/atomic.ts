import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { environmentError } from './fs-errors.js';

/**
 * Write to a sibling temp file, then rename: readers never see a half-written file. On failure (a full disk) the
 * temp file is removed and environment failures become input errors naming the path.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw environmentError(e, path, 'write it') ?? e;
  }
}
