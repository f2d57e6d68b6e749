import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { AuditError } from '../../src/errors.js';
import { checkRun } from '../../src/review/check.js';
import { DEFAULT_POLICY } from '../../src/review/check-io.js';
import { loadPolicy, parsePolicy } from '../../src/review/policy.js';
import { policyJsonSchema } from '../../src/review/policy-schema.js';
import { makeRun } from './helpers/synthetic.js';

const SCHEMA_FILE = join(PACKAGE_ROOT, 'schemas', 'policy.schema.json');

function problemsOf(text: string): string[] {
  try {
    parsePolicy(text, 'p.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(AuditError);
    expect((e as AuditError).code).toBe('E_POLICY_INVALID');
    expect((e as AuditError).kind).toBe('input');
    return (e as AuditError).problems;
  }
  throw new Error('expected the policy to be rejected');
}

describe('parsePolicy', () => {
  it('reads selectors, metrics and thresholds, naming the policy after its file by default', () => {
    const policy = parsePolicy('rules:\n  "*":\n    max_abs_effect: {max: 0.1, max_increase: 0.02}\n  countries:\n    flip_rate: {min: 0, max: 0.05, on: value}\n', 'team/strict.yaml');
    expect(policy.name).toBe('strict');
    expect(policy.rules).toEqual({ '*': { max_abs_effect: { max: 0.1, max_increase: 0.02 } }, countries: { flip_rate: { min: 0, max: 0.05, on: 'value' } } });
  });

  it('reports every problem at once, each with its file, line and dot path', () => {
    const text = [
      'name: bad', //                        1
      'colour: blue', //                     2  unknown field
      'rules:', //                           3
      '  "*":', //                           4
      '    max_abs_effect:', //                   5
      '      max: "0.1"', //                 6  a string
      '      on: middle', //                 7  not a bound
      '    flip_rate: {}', //                8  no threshold
      '    Bad-Name: {max: 1}', //           9  metric name
      '  countries:', //                     10
      '    max_abs_effect: {max: 0.1, min: 0.2, maxx: 1}', // 11 min > max, unknown field
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      'p.yaml:2: colour: unknown field (allowed: version, name, description, inconclusive, tolerance, rules)',
      'p.yaml:6: rules.*.max_abs_effect.max: expected a number, got "0.1"',
      'p.yaml:7: rules.*.max_abs_effect.on: must be one of "lower", "upper", "value" (got "middle")',
      'p.yaml:8: rules.*.flip_rate: a rule needs at least one of max, min, max_increase',
      'p.yaml:9: rules.*.Bad-Name: metric names use a-z, 0-9 and "_"',
      'p.yaml:11: rules.countries.max_abs_effect.maxx: unknown field (allowed: max, min, on, max_increase)',
      'p.yaml:11: rules.countries.max_abs_effect.min: min is greater than max',
    ]);
  });

  it('reads audit diff\'s tolerance, a probability from 0 to 1, and leaves it unset when absent', () => {
    expect(parsePolicy('tolerance: 0.01\nrules:\n  "*":\n    max_abs_effect: {max: 0.1}\n').tolerance).toBe(0.01);
    expect(parsePolicy('rules:\n  "*":\n    max_abs_effect: {max: 0.1}\n').tolerance).toBeUndefined();
    expect(problemsOf('tolerance: 2\nrules:\n  "*":\n    max_abs_effect: {max: 0.1}\n')).toEqual(['p.yaml:1: tolerance: must be at most 1']);
    expect(problemsOf('tolerance: -0.1\nrules:\n  "*":\n    max_abs_effect: {max: 0.1}\n')).toEqual(['p.yaml:1: tolerance: must be at least 0']);
    expect(problemsOf('tolerance: small\nrules:\n  "*":\n    max_abs_effect: {max: 0.1}\n')[0]).toMatch(/^p\.yaml:1: tolerance: expected a number/);
  });

  it('reports min greater than max on the line of min', () => {
    expect(problemsOf('rules:\n  "*":\n    max_abs_effect:\n      max: 0.1\n      min: 0.2\n')).toEqual(['p.yaml:5: rules.*.max_abs_effect.min: min is greater than max']);
  });

  it('rejects a negative max_increase, an empty rules block and YAML syntax errors', () => {
    expect(problemsOf('rules:\n  "*":\n    max_abs_effect: {max_increase: -0.1}\n')).toEqual(['p.yaml:3: rules.*.max_abs_effect.max_increase: must be at least 0']);
    expect(problemsOf('rules: {}\n')).toEqual(['p.yaml:1: rules: must declare at least one probe, suite or "*"']);
    expect(problemsOf('name: x\nrules:\n  "*": [\n')[0]).toMatch(/^p\.yaml:\d+: \(yaml\): /);
    expect(problemsOf('')).toEqual(['p.yaml:1: (root): the policy file is empty']);
  });
});

describe('policies/default.yaml', () => {
  it('is a valid policy whose metrics every probe run has', () => {
    const policy = loadPolicy(DEFAULT_POLICY);
    expect(policy.name).toBe('default');
    expect(policy.version).toBe(2);
    expect(policy.rules['*'].max_abs_effect).toEqual({ max: 0.1, max_increase: 0.02 });
    const outcome = checkRun(makeRun(), policy);
    expect(outcome.rules.filter((r) => r.status !== 'not_applicable').map((r) => r.id)).toEqual([
      '*.max_abs_effect.max', '*.effect_sd.max', '*.flip_rate.max',
    ]);
    // Without a baseline the two max_increase rules do not apply, nor max_abs_interaction without crossed attributes (the suite
    // and data entries do not select a probe run).
    expect(outcome.counts.not_applicable).toBe(3);
    expect(outcome.warnings).toEqual([]);
  });
});

describe('schemas/policy.schema.json', () => {
  // After changing src/review/policy-schema.ts, regenerate with:
  //   UPDATE_POLICY_SCHEMA=1 npm test -- test/review/policy
  if (process.env.UPDATE_POLICY_SCHEMA === '1') writeFileSync(SCHEMA_FILE, `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);

  it('is current: equal to the schema generated from the zod schema', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  });

  it('is draft 2020-12, requires rules and closes rules to unknown fields', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['rules']);
    const rule = schema.properties.rules.additionalProperties.additionalProperties;
    expect(rule.additionalProperties).toBe(false);
    expect(Object.keys(rule.properties)).toEqual(['max', 'min', 'on', 'max_increase']);
    expect(rule.properties.on.enum).toEqual(['lower', 'upper', 'value']);
  });
});
