import { isAuditError } from '../errors.js';
import { firstProblems } from './problems.js';

/** Exit codes, in one place: 0 ok, 1 a failed policy check only, 2 usage or input error, 3 internal error. */
export const EXIT = { ok: 0, policyFailed: 1, input: 2, internal: 3 } as const;

export function exitCodeFor(error: unknown): number {
  if (!isAuditError(error)) return EXIT.internal;
  switch (error.kind) {
    case 'policy':
      return EXIT.policyFailed;
    case 'usage':
    case 'input':
      return EXIT.input;
    default:
      return EXIT.internal;
  }
}

/**
 * The cause first (prefixed with the stable code), then one line per problem (the first 20, then "and N more");
 * the stack only with --debug.
 */
export function formatError(error: unknown, debug: boolean): string {
  if (isAuditError(error)) {
    const lines = [`audit: error ${error.code}: ${error.message}`, ...firstProblems(error.problems).map((p) => `  ${p}`)];
    if (debug && error.stack) lines.push(error.stack);
    return lines.join('\n');
  }
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`audit: internal error: ${message}`];
  lines.push(debug && error instanceof Error && error.stack ? error.stack : '  (run again with --debug for the stack trace; please ' +
    'report it)');
  return lines.join('\n');
}
