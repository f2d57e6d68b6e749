/** The AuditError a promise rejects with; anything else (a resolution, another error) fails the test. */
import { AuditError } from '../../src/errors.js';

export async function failure(p: Promise<unknown>): Promise<AuditError> {
  const e: unknown = await p.then(() => new Error('expected a failure'), (x: unknown) => x);
  if (e instanceof AuditError) return e;
  throw e;
}
