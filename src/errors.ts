/**
 * Errors with stable codes. Every error a user can cause is an AuditError; the CLI maps
 * `kind` to an exit code in one place (src/cli/exit.ts). Messages are one line per problem
 * and name the file (and line or dot path) they are about.
 */
import type { ErrorCode } from './error-codes.js';

export type { ErrorCode } from './error-codes.js';
export type ErrorKind = 'usage' | 'input' | 'policy' | 'internal';

export class AuditError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  /** Extra problem lines (e.g. every validation problem of a probe file), each printed on its own line. */
  readonly problems: string[];

  constructor(code: ErrorCode, message: string, options: { kind?: ErrorKind; problems?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AuditError';
    this.code = code;
    this.kind = options.kind ?? 'input';
    this.problems = options.problems ?? [];
  }
}

/** Bad command-line usage (unknown option, missing argument). Exit code 2. */
export function usageError(code: ErrorCode, message: string): AuditError {
  return new AuditError(code, message, { kind: 'usage' });
}

/** Bad input file or directory (probe file, model dir, dataset). Exit code 2. */
export function inputError(code: ErrorCode, message: string, problems: string[] = []): AuditError {
  return new AuditError(code, message, { kind: 'input', problems });
}

export function isAuditError(e: unknown): e is AuditError {
  return e instanceof AuditError;
}
