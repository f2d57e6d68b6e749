/**
 * File-system failures caused by the environment (a full disk, no permission, a read-only mount) as input errors
 * (exit 2) naming the path: there is nothing to report as a bug, and the user can act on the message.
 */
import { AuditError } from '../errors.js';

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  EIO: 'an I/O error',
};

/** An AuditError for an environment failure, or null when `e` is something else (then it is a bug: rethrow it). */
export function environmentError(e: unknown, path: string, doing: string): AuditError | null {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !(code in REASONS)) return null;
  return new AuditError(code === 'ENOSPC' || code === 'EDQUOT' ? 'E_DISK_FULL' : 'E_FILE_SYSTEM', `${path}: could ` +
    `not ${doing}: ${REASONS[code]} (${code})`, { kind: 'input', cause: e });
}
