/**
 * Reading a run directory's result.json for the review commands. Light on purpose (no report rendering code is
 * loaded): `audit check` runs in CI on every pull request.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { RESULT_SCHEMA_VERSION, type AuditResult } from '../result-types.js';

/** Accepts a run directory or a result.json path. */
export function resultPath(runDir: string): string {
  return existsSync(runDir) && statSync(runDir).isFile() ? runDir : join(runDir, 'result.json');
}

export function loadRun(runDir: string): AuditResult {
  const path = resultPath(runDir);
  if (!existsSync(path)) throw inputError('E_RESULT_MISSING', `${path}: no result.json here (run \`audit run\` first).`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw inputError('E_RESULT_JSON', `${path}: not valid JSON (${(e as Error).message}).`);
  }
  const problems = shapeProblems(parsed);
  if (problems.length > 0) throw inputError('E_RESULT_SHAPE', `${path}: not an audit result.`, problems);
  const result = parsed as AuditResult;
  if (result.schema_version.split('.')[0] !== RESULT_SCHEMA_VERSION.split('.')[0]) {
    throw inputError('E_RESULT_VERSION', `${path}: schema_version ${result.schema_version} is not supported (this tool reads ${RESULT_SCHEMA_VERSION}).`);
  }
  return result;
}

/** What check, diff, export and replay rely on. */
function shapeProblems(value: unknown): string[] {
  if (!isObject(value)) return ['top level: expected an object'];
  const r = value as Record<string, unknown>;
  const problems: string[] = [];
  const expect = (key: string, ok: boolean, what: string) => {
    if (!ok) problems.push(`${key}: expected ${what}`);
  };
  expect('schema_version', typeof r.schema_version === 'string', 'a string');
  expect('model', isObject(r.model), 'an object');
  if (isObject(r.model)) {
    const m = r.model as Record<string, unknown>;
    expect('model.name', typeof m.name === 'string', 'a string');
    expect('model.fingerprint', typeof m.fingerprint === 'string', 'a string');
  }
  expect('records', Array.isArray(r.records), 'an array');
  if (Array.isArray(r.records)) {
    const bad = r.records.findIndex((x) => !isObject(x) || typeof (x as { text?: unknown }).text !== 'string' || typeof (x as { score?: unknown }).score !== 'number');
    if (bad >= 0) problems.push(`records.${bad}: expected an object with text (string) and score (number)`);
  }
  expect('stats', r.stats === null || r.stats === undefined || isObject(r.stats), 'an object or null');
  if (isObject(r.stats)) {
    const s = r.stats as Record<string, unknown>;
    expect('stats.groups', Array.isArray(s.groups), 'an array');
    expect('stats.summary', isObject(s.summary), 'an object');
  }
  return problems;
}

const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
