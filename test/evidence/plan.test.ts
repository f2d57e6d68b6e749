import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareLocks, parsePlan, planTemplate, type PlanLock } from '../../src/evidence/index.js';
import { isAuditError } from '../../src/errors.js';

function problemsOf(text: string): string[] {
  try {
    parsePlan(text, 'plan.yaml');
  } catch (e) {
    if (isAuditError(e)) return [e.message, ...e.problems];
    throw e;
  }
  return [];
}

const valid = planTemplate({ model: 'demo', probes: ['gender'], suites: ['winobias'], data: ['sst2-dev'] });

describe('the audit plan', () => {
  it('loads what audit plan init writes, with a run id per run', () => {
    const plan = parsePlan(valid, 'plan.yaml');
    expect(plan.runs.map((r) => [r.id, r.kind])).toEqual([['probe-gender', 'probe'], ['suite-winobias', 'suite'], ['data-sst2-dev', 'data']]);
    expect(plan.version).toBe(1);
    expect(plan.data_handling.redact).toBe(false);
  });

  it('lists every problem with its line, like probe files', () => {
    const text = valid
      .replace('version: 1', 'version: 0')
      .replace('  language: "en"', '  language: "en"\n  region: EU')
      .replace('  - suite: "winobias"', '  - suite: "winobias"\n    limit: 10\n  - suite: "imdb"')
      .replace('resamples: 2000', 'resamples: many');
    expect(problemsOf(text)).toEqual([
      'plan.yaml: invalid audit plan (4 problems)',
      'plan.yaml:4: version: must be at least 1',
      'plan.yaml:15: deployment.region: unknown field (allowed: population, language)',
      'plan.yaml:31: runs.2.suite: must be one of "winobias", "winogender", "stereoset", "crows-pairs" (got "imdb")',
      'plan.yaml:42: resamples: expected a number, got "many"',
    ]);
    // Checks across fields come once the shape is right.
    expect(problemsOf(valid.replace('  - suite: "winobias"', '  - suite: "winobias"\n    limit: 10'))).toEqual([
      'plan.yaml: invalid audit plan (1 problem)', 'plan.yaml:29: runs.1.limit: limit applies to probe runs',
    ]);
  });

  it('refuses two runs with one id, and redact without a key', () => {
    const text = valid.replace('  - suite: "winobias"', '  - suite: "winobias"\n  - suite: "winobias"').replace('redact: false', 'redact: true');
    const problems = problemsOf(text);
    expect(problems[0]).toBe('plan.yaml: invalid audit plan (2 problems)');
    expect(problems).toContain('plan.yaml:29: runs.2: run id "suite-winobias" is also run 2\'s: give one of them an id');
    expect(problems.some((p) => /data_handling\.redact: redact needs redact_key/.test(p))).toBe(true);
  });

  it('says what drifted, one line per change', () => {
    const base: PlanLock = {
      lock_version: 1, tool: { name: 'bias-audit', version: '0.1.0' }, plan: { file: 'plan.yaml', version: 1, sha256: 'a'.repeat(64) },
      model: { name: 'm', fingerprint: 'f'.repeat(64), demo: false },
      inputs: [{ role: 'lexicon', run: 'probe-x', path: 'cities.csv', sha256: '1'.repeat(64) }, { role: 'policy', run: null, path: 'p.yaml', sha256: '2'.repeat(64) }],
      history: [], runs: {},
    };
    expect(compareLocks(base, base)).toEqual([]);
    const now = { ...base, model: { ...base.model, fingerprint: 'e'.repeat(64) }, inputs: [{ ...base.inputs[0], sha256: '3'.repeat(64) }] };
    expect(compareLocks(base, now)).toEqual([
      'model m: fingerprint eeeeeeeeeeee, locked ffffffffffff (m)',
      'lexicon file cities.csv (run probe-x) changed: sha256 333333333333, locked 111111111111',
      'policy file p.yaml: locked, no longer read',
    ]);
  });

  it('writes a plan file that loads from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    writeFileSync(join(dir, 'p.yaml'), valid);
    expect(parsePlan(valid, join(dir, 'p.yaml')).baseDir).toBe(dir);
  });
});
