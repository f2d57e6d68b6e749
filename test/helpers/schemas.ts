/**
 * The official schemas of what `audit check` writes, read from ../shared/fixtures/schemas (never copied into the
 * repository): SARIF 2.1.0 (JSON Schema draft-04, validated with ajv) and the Ant JUnit XSD (validated with
 * libxml2's xmllint compiled to WebAssembly, so no system package is needed).
 */
import AjvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { PACKAGE_ROOT } from '../../src/config/paths.js';

// ../shared beside the checkout, or beside its parent for a git worktree under a folder of worktrees (/work/wt/x).
const SCHEMAS = [resolve(PACKAGE_ROOT, '..', 'shared'), resolve(PACKAGE_ROOT, '..', '..', 'shared')]
  .map((dir) => join(dir, 'fixtures', 'schemas'))
  .find((dir) => existsSync(dir)) ?? resolve(PACKAGE_ROOT, '..', 'shared', 'fixtures', 'schemas');

// Both are CommonJS packages whose module object also carries the export as `default`.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;

let sarif: ValidateFunction | null = null;

/** Every schema violation of a SARIF log, one line each ("" when valid). */
export function sarifErrors(log: unknown): string {
  if (sarif === null) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    sarif = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'sarif-schema-2.1.0.json'), 'utf8')));
  }
  const validate = sarif;
  return validate(log) ? '' : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
}

/** Every XSD violation of a JUnit XML document, one line each ("" when valid). */
export async function junitErrors(text: string): Promise<string> {
  const result = await validateXML({
    xml: [{ fileName: 'check.junit.xml', contents: text }],
    schema: [{ fileName: 'JUnit.xsd', contents: readFileSync(join(SCHEMAS, 'JUnit.xsd'), 'utf8') }],
  });
  return result.valid ? '' : result.errors.map((e) => e.rawMessage).join('\n');
}
