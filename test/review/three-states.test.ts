import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitCodeFor } from '../../src/cli/exit.js';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { checkRun, countsText, decide } from '../../src/review/check.js';
import { checkRunDir, DEFAULT_POLICY, policyFailure } from '../../src/review/check-io.js';
import { findingsOf } from '../../src/review/findings.js';
import { checkJunit } from '../../src/review/junit.js';
import { checkMarkdown } from '../../src/review/markdown.js';
import { loadPolicy, parsePolicy } from '../../src/review/policy.js';
import { checkSarif } from '../../src/review/sarif.js';
import { absoluteInterval, suiteSizes } from '../../src/review/suite-sizes.js';
import type { AuditResult } from '../../src/result/index.js';
import { junitErrors, sarifErrors } from '../helpers/schemas.js';
import { makeRun, writeRun } from './helpers/synthetic.js';
import { findAll, parseXml } from './helpers/xml.js';

const v2 = (rules: string, extra = '') => parsePolicy(`version: 2\n${extra}rules:\n  "*":\n${rules}`, 'v2.yaml');

describe('a version 2 margin has three outcomes', () => {
  it('passes a max when the upper bound is at most the margin, fails when the lower bound is above it, else is inconclusive', () => {
    expect(decide('max', 0.1, 'interval', { value: 0.05, ci: [0.02, 0.1] })).toEqual({ status: 'pass', compared: 0.1 });
    expect(decide('max', 0.1, 'interval', { value: 0.2, ci: [0.11, 0.3] })).toEqual({ status: 'fail', compared: 0.11 });
    expect(decide('max', 0.1, 'interval', { value: 0.05, ci: [0.0, 0.15] })).toEqual({ status: 'inconclusive', compared: null });
  });

  it('mirrors a min, and calls a metric without a finite interval inconclusive', () => {
    expect(decide('min', 0.8, 'interval', { value: 0.9, ci: [0.85, 0.95] }).status).toBe('pass');
    expect(decide('min', 0.8, 'interval', { value: 0.7, ci: [0.6, 0.79] }).status).toBe('fail');
    expect(decide('min', 0.8, 'interval', { value: 0.82, ci: [0.75, 0.9] }).status).toBe('inconclusive');
    expect(decide('max', 0.1, 'interval', { value: 0.05, ci: [NaN, NaN] }).status).toBe('inconclusive');
  });

  it('keeps a point reading with on: value and refuses on: lower in version 2', () => {
    const run = makeRun({ summary: { max_abs_effect: { value: 0.033, ci: [0, 0.151] } } });
    expect(checkRun(run, v2('    max_abs_effect: {max: 0.05, on: value}\n')).rules[0]).toMatchObject({ status: 'pass', compared: 0.033, on: 'value' });
    expect(() => v2('    max_abs_effect: {max: 0.05, on: lower}\n')).toThrow(/invalid policy/);
  });

  it('says why a straddling rule is inconclusive and what the probe can detect, and counts not-applicable rules apart', () => {
    const run = makeRun({ summary: { max_abs_effect: { value: 0.033, ci: [0, 0.151] } } });
    const outcome = checkRun(run, v2('    max_abs_effect: {max: 0.05}\n    bpsn_auc: {min: 0.8}\n'));
    const rule = outcome.rules[0];
    expect(rule.status).toBe('inconclusive');
    expect(rule.message).toContain('the interval contains the margin 0.05, so the run cannot tell whether it is under it');
    expect(rule.message).toMatch(/this probe cannot tell group effects under \d\.\d+ from none \(its minimum detectable effect\)/);
    expect(outcome.status).toBe('inconclusive');
    expect(outcome.passed).toBe(true);
    expect(countsText(outcome.counts)).toBe('0 fail, 1 inconclusive, 0 pass, 1 not applicable');
  });

  it('fails inconclusive rules under strict, or when the policy says inconclusive: fail', () => {
    const run = makeRun({ summary: { max_abs_effect: { value: 0.033, ci: [0, 0.151] } } });
    expect(checkRun(run, v2('    max_abs_effect: {max: 0.05}\n'), null, { strict: true }).passed).toBe(false);
    expect(checkRun(run, v2('    max_abs_effect: {max: 0.05}\n', 'inconclusive: fail\n')).passed).toBe(false);
  });

  it('reads max_increase on the change\u2019s interval', () => {
    const before = makeRun({ summary: { max_abs_effect: { value: 0.1, ci: [0.09, 0.11] } } });
    const after = makeRun({ summary: { max_abs_effect: { value: 0.1, ci: [0.09, 0.11] } }, model: { fingerprint: 'b' } });
    const rule = checkRun(after, v2('    max_abs_effect: {max_increase: 0.5}\n'), before).rules[0];
    expect(rule.status).toBe('pass');
    expect(rule.estimate!.ci[1]).toBeLessThanOrEqual(0.5);
  });

  it('keeps version 1 fail-only and says so', () => {
    const run = makeRun({ summary: { max_abs_effect: { value: 0.033, ci: [0, 0.151] } } });
    const outcome = checkRun(run, parsePolicy('rules:\n  "*":\n    max_abs_effect: {max: 0.05}\n'));
    expect(outcome.rules[0]).toMatchObject({ status: 'pass', on: 'lower' });
    expect(outcome.warnings.some((w) => w.includes('is version 1') && w.includes('version: 2'))).toBe(true);
  });
});

describe('the committed straddling fixture in every output', () => {
  // test/fixtures/review/straddle.result.json: max_abs_effect 0.033 (0 to 0.151) against the default margin of the
  // gender probe (0.10 since its template families were added) straddles; effect_sd passes; flip_rate is set well under its margin.
  const fixture = (): AuditResult => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'review', 'straddle.result.json'), 'utf8'));

  it('is inconclusive in check.md, JUnit (skipped with its message) and SARIF (warning), exit 0; exit 1 with --strict', async () => {
    const dir = writeRun(fixture(), 'straddle');
    const { outcome, files } = await checkRunDir(dir, { now: new Date('2026-01-01T00:00:00Z') });
    expect(outcome.counts).toMatchObject({ fail: 0, inconclusive: 1, pass: 2 });
    expect(policyFailure(outcome, files)).toBeNull();
    expect(readFileSync(files.markdown, 'utf8')).toContain('**Inconclusive**: 0 fail, 1 inconclusive, 2 pass');
    const junit = readFileSync(files.junit, 'utf8');
    expect(await junitErrors(junit)).toBe('');
    const skipped = findAll(parseXml(junit), 'skipped').map((e) => e.attrs.message);
    expect(skipped.some((m) => m.startsWith('max_abs_effect = 0.0331') && m.includes('inconclusive'))).toBe(true);
    const sarif = JSON.parse(readFileSync(files.sarif, 'utf8'));
    expect(sarifErrors(sarif)).toBe('');
    expect(sarif.runs[0].results.map((r: { level: string }) => r.level)).toEqual(['warning']);
    const check = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(check).toMatchObject({ status: 'inconclusive', policy: { name: 'default', version: 2 }, checked_at: '2026-01-01T00:00:00.000Z' });
    expect(check.policy.sha256).toMatch(/^[0-9a-f]{64}$/);

    const strict = await checkRunDir(dir, { strict: true });
    const failure = policyFailure(strict.outcome, strict.files);
    expect(exitCodeFor(failure)).toBe(1);
    const strictJunit = readFileSync(strict.files.junit, 'utf8');
    expect(await junitErrors(strictJunit)).toBe('');
    expect(findAll(parseXml(strictJunit), 'failure')).toHaveLength(1);
    const strictSarif = JSON.parse(readFileSync(strict.files.sarif, 'utf8'));
    expect(sarifErrors(strictSarif)).toBe('');
    expect(strictSarif.runs[0].results[0].level).toBe('error');
  });
});

describe('no vacuous gate', () => {
  it('exits 2 when no rule of the policy applies', async () => {
    const dir = writeRun(makeRun(), 'vacuous');
    const policyFile = join(mkdtempSync(join(tmpdir(), 'policy-')), 'p.yaml');
    writeFileSync(policyFile, 'version: 2\nrules:\n  data:\n    ctf_gap: {max: 0.05}\n');
    const { outcome, files } = await checkRunDir(dir, { policy: policyFile });
    expect(outcome.status).toBe('no_rules');
    const failure = policyFailure(outcome, files);
    expect(failure?.code).toBe('E_POLICY_NO_RULES');
    expect(exitCodeFor(failure)).toBe(2);
  });

  it('evaluates at least one rule of the default policy on a StereoSet run (the unsigned preference)', () => {
    const run = makeRun();
    const stereoset = {
      ...run, kind: 'suite', probe: null, stats: null, suite: 'stereoset',
      suites: { stereoset: { metrics: { stereoset_stereo_more_negative: { value: 0.583, ci: [0.568, 0.598] } } } },
    } as unknown as AuditResult;
    const outcome = checkRun(stereoset, loadPolicy(DEFAULT_POLICY));
    const applied = outcome.rules.filter((r) => r.status !== 'not_applicable');
    expect(applied.map((r) => `${r.id} ${r.status}`)).toEqual(['suite.stereoset_abs_preference.max fail']);
    expect(applied[0].estimate!.value).toBeCloseTo(0.083, 3);
    expect(applied[0].estimate!.ci[0]).toBeCloseTo(0.068, 3);
  });
});

describe('unsigned suite sizes', () => {
  it('maps a signed interval through |x - c|: above, below and across the centre', () => {
    expect(absoluteInterval({ value: -0.052, ci: [-0.055, -0.049] }, 0)).toEqual({ value: 0.052, ci: [0.049, 0.055] });
    expect(absoluteInterval({ value: 0.06, ci: [0.04, 0.08] }, 0)).toEqual({ value: 0.06, ci: [0.04, 0.08] });
    const across = absoluteInterval({ value: 0.51, ci: [0.47, 0.56] }, 0.5);
    expect(across.value).toBeCloseTo(0.01, 12);
    expect(across.ci[0]).toBe(0);
    expect(across.ci[1]).toBeCloseTo(0.06, 12);
  });

  it('is derived only for the suites a run has', () => {
    expect(Object.keys(suiteSizes({ winogender_gap: { value: 0.065, ci: [0.054, 0.075] } }))).toEqual(['winogender_abs_pronoun_gap']);
  });
});

describe('findings', () => {
  it('ranks groups by the simultaneous bound nearest 0, major beyond the margin, with templates and an example pair', () => {
    const run = makeRun();
    const { findings, margin } = findingsOf(run, v2('    max_abs_effect: {max: 0.01}\n'));
    expect(margin).toBe(0.01);
    const nearest = findings.map((f) => f.nearest);
    expect([...nearest].sort((a, b) => b - a)).toEqual(nearest);
    expect(findings.length).toBeLessThanOrEqual(7);
    for (const f of findings) {
      const g = run.stats!.groups.find((x) => x.key === f.subject)!;
      expect(f.ci).toEqual(g.sim_ci);
      expect(f.severity).toBe(Math.min(Math.abs(g.sim_ci[0]), Math.abs(g.sim_ci[1])) > 0.01 && g.sim_ci[0] * g.sim_ci[1] > 0 ? 'major' : 'medium');
      expect(f.sentence).toContain(`${(Math.abs(g.centred) * 100).toFixed(0)} points`);
      expect(f.sentence).toMatch(/on \d+ of \d+ templates/);
      expect(f.example!.a.text).toContain(g.key);
    }
  });

  it('ranks a suite\u2019s own headline contrast: WinoBias he \u2212 she beyond the 2-point margin is major', () => {
    const winobias = {
      ...makeRun(), kind: 'suite', probe: null, stats: null, suite: 'winobias',
      suites: { winobias: { title: 'WinoBias', n_items: 1584, breakdown: [], metrics: { winobias_he_minus_she: { value: -0.052, ci: [-0.055, -0.049] } } } },
    } as unknown as AuditResult;
    const { findings } = findingsOf(winobias, loadPolicy(DEFAULT_POLICY));
    expect(findings.map((f) => [f.severity, f.sentence])).toEqual([
      ['major', 'WinoBias: P(positive) with "he" \u2212 with "she" = \u22125 points (95% CI \u22126 to \u22125) over 1584 items.'],
    ]);
  });

  it('has none when no effect reaches the margin', () => {
    expect(findingsOf(makeRun(), v2('    max_abs_effect: {max: 0.9}\n')).findings).toEqual([]);
  });
});

describe('outputs name the three states', () => {
  it('markdown opens with the verdict word and counts; JUnit and SARIF validate', async () => {
    const run = makeRun({ summary: { max_abs_effect: { value: 0.2, ci: [0.15, 0.25] }, effect_sd: { value: 0.02, ci: [0, 0.2] } } });
    const outcome = checkRun(run, v2('    max_abs_effect: {max: 0.1}\n    effect_sd: {max: 0.1}\n    flip_rate: {max: 1}\n    bpsn_auc: {min: 0.8}\n'));
    expect(checkMarkdown(outcome)).toContain('**Fail**: 1 fails, 1 inconclusive, 1 passes, 1 not applicable');
    const sarif = checkSarif(outcome, { resultUri: 'r/result.json', toolVersion: '0' }) as { runs: { results: { level: string }[] }[] };
    expect(sarifErrors(sarif)).toBe('');
    expect(sarif.runs[0].results.map((r) => r.level)).toEqual(['error', 'warning']);
    expect(await junitErrors(checkJunit(outcome))).toBe('');
  });
});
