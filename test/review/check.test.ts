import type { AuditResult, DataResult } from '../../src/result/index.js';
import { AuditError } from '../../src/errors.js';
import { exitCodeFor } from '../../src/cli/exit.js';
import { checkRun } from '../../src/review/check.js';
import { checkJunit } from '../../src/review/junit.js';
import { checkSarif } from '../../src/review/sarif.js';
import { parsePolicy } from '../../src/review/policy.js';
import { makeRun } from './helpers/synthetic.js';

const policy = (yaml: string) => parsePolicy(yaml, 'policy.yaml');
/** Warnings other than the version 1 notice (which every version 1 check carries, tested on its own below). */
const otherWarnings = (warnings: string[]) => warnings.filter((w) => !w.includes('is version 1'));

describe('checkRun on interval bounds', () => {
  // max_abs_effect 0.15 with 95% CI 0.08 to 0.22.
  const run = makeRun({ summary: { max_abs_effect: { value: 0.15, ci: [0.08, 0.22] } } });

  it('passes a max when only the point estimate and upper bound exceed it (the lower bound decides by default)', () => {
    const outcome = checkRun(run, policy('rules:\n  "*":\n    max_abs_effect: {max: 0.1}\n'));
    expect(outcome.passed).toBe(true);
    expect(outcome.rules).toHaveLength(1);
    expect(outcome.rules[0]).toMatchObject({ id: '*.max_abs_effect.max', status: 'pass', on: 'lower', compared: 0.08, threshold: 0.1 });
    expect(outcome.rules[0].message).toBe('max_abs_effect = 0.1500 (95% CI 0.0800 to 0.2200): lower bound 0.0800 \u2264 max 0.1');
  });

  it('fails a max when the lower bound exceeds it', () => {
    const outcome = checkRun(run, policy('rules:\n  "*":\n    max_abs_effect: {max: 0.05}\n'));
    expect(outcome.passed).toBe(false);
    expect(outcome.rules[0]).toMatchObject({ status: 'fail', compared: 0.08 });
    expect(outcome.rules[0].message).toBe('max_abs_effect = 0.1500 (95% CI 0.0800 to 0.2200): lower bound 0.0800 > max 0.05');
  });

  it('compares the point estimate or the upper bound when the rule says so', () => {
    expect(checkRun(run, policy('rules:\n  "*":\n    max_abs_effect: {max: 0.1, on: value}\n')).rules[0]).toMatchObject({ status: 'fail', compared: 0.15 });
    expect(checkRun(run, policy('rules:\n  "*":\n    max_abs_effect: {max: 0.2, on: upper}\n')).rules[0]).toMatchObject({ status: 'fail', compared: 0.22 });
    expect(checkRun(run, policy('rules:\n  "*":\n    max_abs_effect: {max: 0.2, on: value}\n')).rules[0]).toMatchObject({ status: 'pass', compared: 0.15 });
  });

  it('fails a min only when the upper bound falls below it', () => {
    expect(checkRun(run, policy('rules:\n  "*":\n    max_abs_effect: {min: 0.2}\n')).rules[0]).toMatchObject({ status: 'pass', on: 'upper', compared: 0.22 });
    const failed = checkRun(run, policy('rules:\n  "*":\n    max_abs_effect: {min: 0.3}\n')).rules[0];
    expect(failed).toMatchObject({ status: 'fail', compared: 0.22 });
    expect(failed.message).toBe('max_abs_effect = 0.1500 (95% CI 0.0800 to 0.2200): upper bound 0.2200 < min 0.3');
  });

  it('lets a probe entry replace the "*" rule of the same metric and ignores entries for other probes', () => {
    const outcome = checkRun(run, policy('rules:\n  "*":\n    max_abs_effect: {max: 0.01}\n    flip_rate: {max: 1}\n  countries:\n    max_abs_effect: {max: 0.5}\n  gender:\n    max_abs_effect: {max: 0}\n'));
    expect(outcome.rules.map((r) => `${r.id} ${r.status}`)).toEqual(['countries.max_abs_effect.max pass', '*.flip_rate.max pass']);
    expect(outcome.passed).toBe(true);
  });

  it('warns when no rule applies to the run instead of passing silently', () => {
    const outcome = checkRun(run, policy('rules:\n  gender:\n    max_abs_effect: {max: 0.1}\n'));
    expect(outcome.rules).toEqual([]);
    expect(otherWarnings(outcome.warnings)).toEqual(['no rule of policy "policy" applies to countries (selectors: gender)']);
    expect(outcome.status).toBe('no_rules');
  });

  it('warns when an interval in result.json does not contain its own value', () => {
    const broken = makeRun({ summary: { effect_sd: { value: 0.275, ci: [0, 0] } } });
    expect(otherWarnings(checkRun(broken, policy('rules:\n  "*":\n    effect_sd: {max: 0.1}\n')).warnings)).toEqual([
      'effect_sd: the interval 0.0000 to 0.0000 in result.json does not contain the value 0.2750; rules on its bounds are unreliable',
    ]);
  });

  it('names the lowest and highest groups', () => {
    expect(checkRun(run, policy('rules:\n  "*":\n    max_abs_effect: {max: 0.1}\n')).extremes).toEqual({
      lowest: { key: 'Kenya', mean: expect.any(Number) }, highest: { key: 'France', mean: expect.any(Number) },
    });
  });
});

describe('checkRun errors and exit codes', () => {
  it('rejects a metric the result does not have, listing the metrics it has, with the policy line (exit 2)', () => {
    const text = 'rules:\n  "*":\n    max_abs_effect: {max: 0.1}\n    max_abs_effectt: {max: 0.1}\n';
    let error: unknown;
    try {
      checkRun(makeRun(), policy(text));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).code).toBe('E_POLICY_METRIC');
    expect((error as AuditError).problems).toEqual([
      'policy.yaml:4: rules.*.max_abs_effectt: unknown metric "max_abs_effectt" (this result has: effect_sd, flip_rate, max_abs_effect, mean_score, score_range_mean)',
    ]);
    expect(exitCodeFor(error)).toBe(2);
  });

  it('refuses a policy naming a removed metric, naming its replacement (exit 2)', () => {
    let error: unknown;
    try {
      policy('rules:\n  "*":\n    group_gap: {max: 0.1}\n    flip_rate: {max: 0.05}\n    max_abs_deviation: {max: 0.05}\n');
    } catch (e) {
      error = e;
    }
    expect((error as AuditError).code).toBe('E_POLICY_METRIC_REMOVED');
    expect((error as AuditError).message).toBe('policy.yaml: the policy names removed metrics');
    expect((error as AuditError).problems).toEqual([
      expect.stringMatching(/^policy\.yaml:3: rules\.\*\.group_gap: metric "group_gap" was removed \(result schema 2\); use max_abs_effect /),
      'policy.yaml:5: rules.*.max_abs_deviation: metric "max_abs_deviation" was removed (result schema 2); use max_abs_effect (the same contrast as the tests, with a simultaneous interval)',
    ]);
    expect(exitCodeFor(error)).toBe(2);
  });

  it('maps a failed check to exit code 1 and a bad input to 2', () => {
    expect(exitCodeFor(new AuditError('E_POLICY_FAILED', 'x', { kind: 'policy' }))).toBe(1);
    expect(() => parsePolicy('rules: 3\n')).toThrow(AuditError);
    try {
      parsePolicy('rules: 3\n');
    } catch (e) {
      expect(exitCodeFor(e)).toBe(2);
    }
  });
});

describe('checkRun against a baseline', () => {
  const groups = [
    { key: 'France', effect: 0.1, numeric: '250' },
    { key: 'Kenya', effect: -0.05, numeric: '404' },
    { key: 'Japan', effect: 0.02, numeric: '392' },
  ];
  const before = makeRun({ groups, model: { name: 'old', fingerprint: 'sha256:old' } });
  // Kenya drops by 0.08 on every template. Effects before: France +0.0767 (the largest), Kenya -0.0733, Japan
  // -0.0033; after: Kenya -0.1267 (the largest). The largest |effect| grows by exactly 0.05.
  const after = makeRun({ groups: groups.map((g) => (g.key === 'Kenya' ? { ...g, effect: -0.13 } : g)), model: { name: 'new', fingerprint: 'sha256:new' } });
  const rule = (x: number, on = '') => policy(`rules:\n  "*":\n    max_abs_effect: {max_increase: ${x}${on}}\n`);

  it('fails when the lower bound of the paired change exceeds max_increase', () => {
    const r = checkRun(after, rule(0.04), before).rules[0];
    expect(r).toMatchObject({ id: '*.max_abs_effect.max_increase', status: 'fail', method: 'paired', on: 'lower' });
    expect(r.estimate!.value).toBeCloseTo(0.05, 12);
    // A constant shift on every template: every bootstrap resample sees the same change.
    expect(r.estimate!.ci[0]).toBeCloseTo(0.05, 12);
    expect(r.estimate!.ci[1]).toBeCloseTo(0.05, 12);
    expect(r.baseline!.value).toBeCloseTo(0.23 / 3, 12);
    expect(r.current!.value).toBeCloseTo(0.38 / 3, 12);
    expect(r.message).toMatch(/^max_abs_effect changed by \+0\.0500 \(95% CI \+0\.0500 to \+0\.0500; baseline 0\.0767, now 0\.1267; paired by sentence text\): lower bound \+0\.0500 > max_increase 0\.04$/);
  });

  it('passes when the change stays within max_increase', () => {
    expect(checkRun(after, rule(0.1), before).rules[0].status).toBe('pass');
    expect(checkRun(before, rule(0), before).rules[0]).toMatchObject({ status: 'pass', compared: 0 });
  });

  it('gives the paired interval a real width when the change varies across templates', () => {
    const noisy = makeRun({ groups, base: (t) => 0.3 + 0.07 * t + (t % 2 ? 0.03 : -0.03), model: { fingerprint: 'sha256:n' } });
    const r = checkRun(noisy, rule(0.5, ', on: value'), before).rules[0];
    expect(r.method).toBe('paired');
    // A shift common to all groups on a template leaves the gap unchanged.
    expect(r.estimate!.value).toBeCloseTo(0, 12);
    expect(r.estimate!.ci[0]).toBeCloseTo(0, 12);
  });

  it('treats runs whose texts do not align as independent and says so', () => {
    const other = makeRun({ groups: [...groups, { key: 'Peru', effect: 0, numeric: '604' }] });
    const outcome = checkRun(other, rule(0.5), before);
    expect(outcome.rules[0].method).toBe('independent');
    const change = outcome.rules[0].estimate!;
    // The half-widths of the two stored intervals add in quadrature.
    const [a, b] = [outcome.rules[0].baseline!, outcome.rules[0].current!];
    expect(change.ci[1] - change.value).toBeCloseTo(Math.hypot(b.ci[1] - b.value, a.value - a.ci[0]), 12);
    expect(otherWarnings(outcome.warnings)[0]).toMatch(/^the runs share 18 sentence texts \(0 only in the baseline, 6 only in this run\)/);
  });

  it('skips max_increase rules without a baseline (they cannot fail)', () => {
    const outcome = checkRun(after, rule(0.01));
    expect(outcome.passed).toBe(true);
    expect(outcome.rules[0]).toMatchObject({ status: 'not_applicable', estimate: null, message: 'max_abs_effect: max_increase 0.01 needs a baseline run (--baseline)' });
  });

  it('refuses a baseline of another probe', () => {
    expect(() => checkRun(after, rule(0.1), makeRun({ probe: 'gender' }))).toThrow(
      'the baseline run is of gender, this run is of countries: a baseline must be a run of the same probe or data',
    );
  });
});

describe('checkRun on data runs (audit run --data)', () => {
  const base = makeRunForData();
  it('gates data metrics on interval bounds, selects rules by kind, and skips rules a data run has no metric for', () => {
    const outcome = checkRun(base, policy('rules:\n  "*":\n    max_abs_effect: {max: 0.1}\n    flip_rate: {max: 0.05}\n  data:\n    bpsn_auc: {min: 0.8}\n    ctf_gap: {max: 0.05}\n  probe:\n    effect_sd: {max: 0.1}\n'));
    const byId = Object.fromEntries(outcome.rules.map((r) => [r.id, r.status]));
    expect(byId).toEqual({
      '*.flip_rate.max': 'pass', // lower bound 0.01 <= 0.05
      'data.bpsn_auc.min': 'fail', // upper bound 0.75 < 0.8
      'data.ctf_gap.max': 'pass', // lower bound 0.04 <= 0.05 although the value 0.06 is above
      '*.max_abs_effect.max': 'not_applicable',
    });
    expect(outcome.rules.find((r) => r.metric === 'max_abs_effect')!.message).toBe('max_abs_effect: not applicable (a data run has no max_abs_effect)');
    expect(outcome.subject.data).toBe('data:reviews.csv');
    expect(outcome.passed).toBe(false);
    const junit = checkJunit(outcome);
    expect(junit).toMatch(/<testsuite [^>]*name="bias-audit check: data:reviews.csv \(policy policy\)"[^>]* tests="4" failures="1" errors="0" skipped="1"/);
    expect(junit).toContain('<skipped message="max_abs_effect: not applicable (a data run has no max_abs_effect)"/>');
    const sarif = JSON.stringify(checkSarif(outcome, { resultUri: 'r/result.json', toolVersion: '0' }));
    expect(sarif).toContain('"policyRule":"data:reviews.csv/data.bpsn_auc.min"');
  });
});

function makeRunForData(): AuditResult {
  const e = (value: number, low: number, high: number) => ({ value, ci: [low, high] as [number, number] });
  // Only the parts of a data block that check reads.
  const data = {
    file_name: 'reviews.csv',
    summary: {
      bpsn_auc: e(0.7, 0.65, 0.75), ctf_gap: e(0.06, 0.04, 0.08), flip_rate: e(0.02, 0.01, 0.03),
      fpr_gap: { value: null, ci: [null, null] },
    },
  } as unknown as DataResult['data'];
  return { ...structuredClone(makeRun()), kind: 'data', probe: null, suite: null, stats: null, records: [], data };
}
