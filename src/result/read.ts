import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { RESULT_SCHEMA_VERSION, type AuditResult, type ResultKind } from './types.js';
import { jsonShapeProblem } from './guard.js';
import { validateResult } from './schema.js';

/** Accepts a run directory or a result.json path. */
export function resultPath(runDir: string): string {
  return existsSync(runDir) && statSync(runDir).isFile() ? runDir : join(runDir, 'result.json');
}

/**
 * Reads and checks a run's result.json against the full schema: the one reader behind `audit report`, `check`,
 * `diff`, `export` and `--replay`. Light on purpose (zod only), so the review commands load no rendering code.
 */
export function readResult(runDir: string): AuditResult {
  const path = resultPath(runDir);
  if (!existsSync(path)) throw inputError('E_RESULT_MISSING', `${path}: no result.json here (run \`audit run\` first).`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw inputError('E_RESULT_JSON', `${path}: not valid JSON (${(e as Error).message}).`);
  }
  const version = (parsed as { schema_version?: unknown } | null)?.schema_version;
  if (typeof version === 'string' && version.startsWith('2.')) parsed = withKind(parsed as Record<string, unknown>);
  else if (typeof version === 'string' && version.split('.')[0] !== RESULT_SCHEMA_VERSION.split('.')[0]) {
    const older = Number(version.split('.')[0]) < Number(RESULT_SCHEMA_VERSION.split('.')[0]);
    // An older file's statistics mean something else (docs/statistics.md): re-run rather than misread it.
    const hint = older ? ' Its statistics use the old methods; run the probe again with `audit run` (cached scores make it quick).' : '';
    throw inputError('E_RESULT_VERSION', `${path}: schema_version ${version} is not supported (this tool ` +
      `reads ${RESULT_SCHEMA_VERSION}).${hint}`);
  }
  const shape = jsonShapeProblem(parsed);
  if (shape) throw inputError('E_RESULT_SHAPE', `${path}: ${shape.path}: ${shape.message}.`);
  // The parsed JSON itself, not zod's copy: records may carry extra fields a later stage wrote.
  return validateResult(parsed, path);
}

/**
 * A schema 2.x result told its kind by which optional block it had; 3.0 names it. Everything else of 2.1 is 3.0
 * (an older 2.0 file merely lacks the optional `stats.variance`), so filling in `kind` is the whole upgrade.
 */
function withKind(json: Record<string, unknown>): Record<string, unknown> {
  if ('kind' in json) return json;
  const kind: ResultKind = json.data ? 'data' : json.suite ? 'suite' : 'probe';
  // 2.x suite results left out `suites` only when empty; 3.0 always writes it.
  return { kind, ...json, ...(kind === 'suite' && !json.suites ? { suites: {} } : {}) };
}
