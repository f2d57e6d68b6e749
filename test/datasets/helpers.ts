/** Small helpers shared by the dataset tests (not a test file itself). */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { AuditError } from '../../src/errors.js';

export function makeTempDir(prefix = 'bias-audit-datasets-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir`, as sorted relative paths. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** Runs `fn` and returns the AuditError it throws (failing the test if it throws anything else or nothing). */
export async function auditErrorOf(fn: () => unknown): Promise<AuditError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AuditError) return e;
    throw e;
  }
  throw new Error('expected an AuditError, but nothing was thrown');
}
