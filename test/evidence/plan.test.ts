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
      'plan.yaml:43: resamples: expected a number, got "many"',
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

  it('takes every data-run option of audit run, --intersect as a list of two axes', () => {
    const options = '\n    intersect: [gender, woman]\n    group_columns: [woman]\n    swap: [gender, nationality]\n    swap_samples: 2\n'
      + '    swap_groups: 5\n    threshold: 0.4\n    min_per_class: 10\n    include_unsure: true\n    max_rows: 1000';
    const plan = parsePlan(valid.replace('  - data: "sst2-dev"', `  - data: "sst2-dev"${options}`), 'plan.yaml');
    expect(plan.runs[2]).toMatchObject({ intersect: ['gender', 'woman'], group_columns: ['woman'], swap: ['gender', 'nationality'],
      swap_samples: 2, swap_groups: 5, threshold: 0.4, min_per_class: 10, include_unsure: true, max_rows: 1000 });
  });

  it('refuses an intersect that is not two different known axes, with the line, and data options on other runs', () => {
    const run = (lines: string) => valid.replace('  - data: "sst2-dev"', `  - data: "sst2-dev"\n${lines}`);
    expect(problemsOf(run('    intersect: [gender, planet]'))).toEqual(['plan.yaml: invalid audit plan (1 problem)',
      'plan.yaml:30: runs.2.intersect: unknown axis planet (axes: gender, names, country, nationality, religion, age, disability, '
      + 'sexual_orientation, race_ethnicity)']);
    expect(problemsOf(run('    intersect: [gender, gender]'))[1]).toBe(
      'plan.yaml:30: runs.2.intersect: the same axis twice (gender); name two different axes');
    expect(problemsOf(run('    intersect: [gender, religion, age]'))[1])
      .toBe('plan.yaml:30: runs.2.intersect: name exactly two axes (got 3)');
    expect(problemsOf(run('    swap: gender,planet'))[1]).toMatch(/^plan\.yaml:30: runs\.2\.swap: unknown axis planet \(axes: /);
    expect(problemsOf(run('    threshold: 2'))[1]).toBe('plan.yaml:30: runs.2.threshold: must be at most 1');
    expect(problemsOf(valid.replace('  - suite: "winobias"', '  - suite: "winobias"\n    intersect: [gender, religion]'))[1]).toBe(
      'plan.yaml:29: runs.1.intersect: intersect applies to data runs');
  });

  it('writes a plan file that loads from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    writeFileSync(join(dir, 'p.yaml'), valid);
    expect(parsePlan(valid, join(dir, 'p.yaml')).baseDir).toBe(dir);
  });
});
