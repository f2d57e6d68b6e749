import { renameSync, writeFileSync } from 'node:fs';

/** Write to a sibling temp file, then rename: readers never see a half-written file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
