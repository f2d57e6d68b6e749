/**
 * A run directory is complete or visibly not. Its files are written into a fresh temporary sibling directory
 * (`.<name>.partial-<pid>-<random>`), which then takes the run directory's place by rename: a run that dies while
 * writing leaves the previous run untouched (or no run directory at all) plus a `.partial` directory, never a new
 * result.json beside an old report. Reusing `--out` replaces a previous run directory as a whole; any other
 * non-empty directory, a file, and `/` are refused before the run starts, so no work is lost to a bad `--out`.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join, parse, resolve } from 'node:path';
import { usageError } from '../errors.js';
import { environmentError } from '../util/fs-errors.js';

/** The file that marks a directory as a run directory (one this tool wrote). */
export const RUN_MARKER = 'result.json';

/** Throws E_OUT_DIR (exit 2) unless `out` may become a run directory. Call before any work starts. */
export function checkOutDir(out: string): void {
  const path = resolve(out);
  if (path === parse(path).root) throw usageError('E_OUT_DIR',
    `--out ${out}: is the root of the file system; give a directory for this run`);
  if (!existsSync(path)) {
    // The nearest existing ancestor must be a directory (else mkdir fails later, after the work).
    let up = dirname(path);
    while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
    if (!lstatSync(up).isDirectory()) throw usageError('E_OUT_DIR', `--out ${out}: ${up} is a file, not a directory`);
    return;
  }
  const st = lstatSync(path);
  if (!st.isDirectory()) throw usageError('E_OUT_DIR', `--out ${out}: is ${st.isSymbolicLink() ? 'a symbolic link' : 'a file'}, not a ` +
    `directory; give a new or empty directory, or a previous run directory to replace`);
  const entries = readdirSync(path);
  if (entries.length > 0 && !entries.includes(RUN_MARKER)) {
    throw usageError('E_OUT_DIR', `--out ${out}: is a non-empty directory that is not a run directory (no ${RUN_MARKER}); give a new or ` +
      `empty directory, or a previous run directory to replace`);
  }
}

/**
 * Runs `write(tmp)` to fill a fresh temporary directory, then puts it at `out` (replacing a previous run directory
 * there). On failure the temporary directory is removed and `out` is as it was; file-system failures (a full disk)
 * become input errors naming the path.
 */
export async function commitRunDir(out: string, write: (dir: string) => void | Promise<void>): Promise<void> {
  checkOutDir(out);
  const target = resolve(out);
  const parent = dirname(target);
  let tmp: string | null = null;
  try {
    mkdirSync(parent, { recursive: true });
    tmp = mkdtempSync(join(parent, `.${basename(target)}.partial-${process.pid}-`));
    await write(tmp);
    swapInto(tmp, target);
    tmp = null;
  } catch (e) {
    if (tmp !== null) rmSync(tmp, { recursive: true, force: true });
    throw environmentError(e, out, 'write the run directory') ?? e;
  }
}

/** rename() cannot replace a non-empty directory: move the old one aside first, and remove it once the new is in. */
function swapInto(tmp: string, target: string): void {
  if (!existsSync(target)) {
    renameSync(tmp, target);
    return;
  }
  const old = `${tmp}.replaced`;
  renameSync(target, old);
  try {
    renameSync(tmp, target);
  } catch (e) {
    renameSync(old, target); // put the previous run back
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
