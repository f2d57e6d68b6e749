import { isAuditError } from '../../../src/errors.js';

/** "CODE: message" of the AuditError a call or promise ends with; throws when it ends otherwise. */
export async function failure(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (isAuditError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('expected a failure');
}
