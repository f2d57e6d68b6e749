import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { RESULT_SCHEMA_VERSION, type AuditResult } from '../result-types.js';
import { writeFileAtomic } from '../util/atomic.js';
import { renderReport, type RenderOptions } from './render.js';

/** Reads <runDir>/result.json, writes <runDir>/report.html atomically and returns its path. No model is loaded. */
export async function writeReport(runDir: string, options: RenderOptions = {}): Promise<string> {
  const result = readResult(join(runDir, 'result.json'));
  const out = join(runDir, 'report.html');
  writeFileAtomic(out, renderReport(result, options));
  return out;
}

export function readResult(path: string): AuditResult {
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
  const major = (v: string) => v.split('.')[0];
  if (major(result.schema_version) !== major(RESULT_SCHEMA_VERSION)) {
    throw inputError(
      'E_RESULT_VERSION',
      `${path}: schema_version ${result.schema_version} is not supported (this tool reads ${RESULT_SCHEMA_VERSION}).`,
    );
  }
  return result;
}

/** Only what rendering relies on; the producer owns the full contract. */
function shapeProblems(value: unknown): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['top level: expected an object'];
  const r = value as Record<string, unknown>;
  const problems: string[] = [];
  const expect = (key: string, ok: boolean, what: string) => {
    if (!ok) problems.push(`${key}: expected ${what}`);
  };
  expect('schema_version', typeof r.schema_version === 'string', 'a string');
  expect('tool', isObject(r.tool), 'an object');
  expect('model', isObject(r.model), 'an object');
  expect('counts', isObject(r.counts), 'an object');
  expect('records', Array.isArray(r.records), 'an array');
  expect('lexicons', Array.isArray(r.lexicons), 'an array');
  expect('stats', r.stats === null || isObject(r.stats), 'an object or null');
  if (isObject(r.stats)) {
    const s = r.stats as Record<string, unknown>;
    for (const key of ['groups', 'templates', 'extreme_pairs']) expect(`stats.${key}`, Array.isArray(s[key]), 'an array');
    for (const key of ['rollups', 'summary', 'omnibus']) expect(`stats.${key}`, isObject(s[key]), 'an object');
  }
  return problems;
}

const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
