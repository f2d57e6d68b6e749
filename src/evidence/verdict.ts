/**
 * A run's verdict as check.json states it: `audit run` writes it beside result.json (review/check-io.ts) in the shape
 * of src/result/check.ts. The file crossed a process boundary, so it is checked with that module's guard
 * (`isCheckFile`) before use; a file in another shape is an input error naming it. Without check.json the review says
 * the run has no verdict yet (`audit run --policy none`); it never computes one itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { CHECK_SCHEMA, isCheckFile, type CheckFile } from '../result/index.js';
import type { ReviewVerdict } from './review-schema.js';

export const CHECK_FILE = 'check.json';

export function readVerdict(runDir: string): ReviewVerdict {
  const path = join(runDir, CHECK_FILE);
  if (!existsSync(path)) {
    return { available: false, status: null, policy: null, rules: [], findings: [], note: 'This run has no verdict yet (no check.json in ' +
      'its directory).' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw inputError('E_CHECK_FILE', `${path}: not valid JSON (${(e as Error).message})`);
  }
  if (!isCheckFile(raw)) {
    throw inputError('E_CHECK_FILE', `${path}: not a check.json of schema ${CHECK_SCHEMA} (re-run \`audit check\` on the run to ` +
      `rewrite it)`);
  }
  return verdictOf(raw);
}

/** The fields the review shows, from a checked check.json. Pure. */
export function verdictOf(check: CheckFile): ReviewVerdict {
  return {
    available: true,
    status: check.status,
    policy: { name: check.policy.name, version: check.policy.version, sha256: check.policy.sha256 },
    rules: check.rules.map((r) => ({
      id: r.id,
      status: r.status,
      value: r.value,
      interval: r.ci ? [r.ci[0], r.ci[1]] : null,
      threshold: String(r.threshold),
      message: r.message,
    })),
    findings: check.findings.map((f) => ({ severity: f.severity, text: f.sentence })),
    note: '',
  };
}
