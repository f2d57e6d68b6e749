import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/config/paths.js';
import { ERROR_CODES, errorCodesMarkdown } from '../src/error-codes.js';

const DOC = join(PACKAGE_ROOT, 'docs', 'errors.md');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every quoted 'E_…' code in src/ but the list itself. */
function codesInSource(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(join(PACKAGE_ROOT, 'src'))) {
    if (file.endsWith('error-codes.ts')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`](E_[A-Z0-9_]+)['"`]/g)) found.add(m[1]);
  }
  return found;
}

describe('error codes', () => {
  // After changing src/error-codes.ts, regenerate with: UPDATE_ERROR_DOCS=1 npm test -- test/errors
  if (process.env.UPDATE_ERROR_DOCS === '1') writeFileSync(DOC, errorCodesMarkdown());

  it('docs/errors.md is the table generated from src/error-codes.ts', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(errorCodesMarkdown());
  });

  it('lists every code thrown in src/ in docs/errors.md', () => {
    const doc = readFileSync(DOC, 'utf8');
    const missing = [...codesInSource()].filter((code) => !doc.includes(`\`${code}\``));
    expect(missing).toEqual([]);
    expect(codesInSource().size).toBeGreaterThan(60);
  });

  it('lists no code that src/ never uses, each with a one-line meaning', () => {
    const used = codesInSource();
    expect(Object.keys(ERROR_CODES).filter((code) => !used.has(code))).toEqual([]);
    for (const meaning of Object.values(ERROR_CODES)) expect(meaning).toMatch(/^[^\n]{10,140}$/);
  });
});
