/**
 * The score cache is only a cache: when it cannot be written (a full disk, a read-only or vanished directory), the
 * run goes on without it and says so once, instead of stopping with scores in memory that would be lost.
 */

/** SQLite and file-system error codes that mean "the cache's storage failed", not a bug in the caller. */
const STORAGE_CODES =
  /^(SQLITE_(FULL|IOERR.*|READONLY.*|CANTOPEN.*|CORRUPT.*|NOTADB|BUSY.*|LOCKED.*|PERM|NOLFS)|ENOSPC|EDQUOT|EROFS|EACCES|EPERM|EIO|ENOENT|ENOTDIR)$/;

export function isCacheStorageError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}

export function cacheWarning(what: string, e: unknown): string {
  const code = (e as { code?: string }).code;
  return `the score cache could not be ${what} (${code}: ${(e as Error).message}); continuing without caching, so these scores will be ` +
    `computed again next time`;
}
