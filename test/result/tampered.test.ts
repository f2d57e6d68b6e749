/** A tampered result.json is refused as bad input (exit 2) naming the field, never crashes a review command. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeFor } from '../../src/cli/exit.js';
import { AuditError } from '../../src/errors.js';
import { jsonShapeProblem } from '../../src/result/guard.js';
import { readResult } from '../../src/result/read.js';
import { makeRun, writeRun } from '../review/helpers/synthetic.js';

function errorOf(dir: string): AuditError {
  try {
    readResult(dir);
  } catch (e) {
    if (e instanceof AuditError) return e;
    throw e;
  }
  throw new Error('read without an error');
}

/** Rewrites the run's result.json text with `edit`. */
function tamper(edit: (text: string) => string): string {
  const dir = writeRun(makeRun(), `tampered-${Math.random().toString(36).slice(2)}`);
  const file = join(dir, 'result.json');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

describe('reading a tampered result.json', () => {
  it('refuses a "__proto__" key, naming where it is', () => {
    const dir = tamper((t) => t.replace('"model":{', '"model":{"__proto__":{"polluted":true},'));
    const e = errorOf(dir);
    expect(exitCodeFor(e)).toBe(2);
    expect(e.message).toBe(`${join(dir, 'result.json')}: model.__proto__: a key named "__proto__" is not allowed.`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a suites block nested 100,000 deep with exit 2, not a stack overflow', () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const dir = tamper((t) => t.replace(/}\s*$/, `,"suites":${deep}}`));
    const e = errorOf(dir);
    expect(exitCodeFor(e)).toBe(2);
    expect(e.message).toMatch(/result\.json: suites(\.a){63}: nested more than 64 levels deep; no result\.json this tool writes is\.$/);
  });

  it('finds the first problem wherever it is, and passes what this tool writes', () => {
    expect(jsonShapeProblem(makeRun())).toBeNull();
    expect(jsonShapeProblem(JSON.parse('{"records":[{"slots":{"x":{"__proto__":1}}}]}'))).toEqual({ path: 'records.0.slots.x.__proto__', message: 'a key named "__proto__" is not allowed' });
    expect(jsonShapeProblem([[[1]]], 2)).toEqual({ path: '0.0', message: 'nested more than 2 levels deep; no result.json this tool writes is' });
  });
});
