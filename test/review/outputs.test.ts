import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../../src/cli/actions/check.js';
import type { CheckArgs } from '../../src/cli/commands/check.js';
import { exitCodeFor } from '../../src/cli/exit.js';
import { AuditError } from '../../src/errors.js';
import { checkRun } from '../../src/review/check.js';
import { checkRunDir } from '../../src/review/check-io.js';
import { md, xml } from '../../src/review/escape.js';
import { checkJunit } from '../../src/review/junit.js';
import { checkMarkdown } from '../../src/review/markdown.js';
import { parsePolicy } from '../../src/review/policy.js';
import { checkSarif, SARIF_SCHEMA } from '../../src/review/sarif.js';
import { makeRun, writeRun } from './helpers/synthetic.js';
import { findAll, parseXml } from './helpers/xml.js';
import { junitErrors, sarifErrors } from '../helpers/schemas.js';

const HOSTILE = '| <b>x</b>';
const POLICY = parsePolicy(
  'rules:\n  "*":\n    max_abs_effect: {max: 0.05}\n    flip_rate: {max: 0.5}\n    effect_sd: {max: 0.01, on: value}\n    score_range_mean: {max_increase: 0.1}\n',
  'policy.yaml',
);

function hostileRun() {
  return makeRun({
    groups: [{ key: HOSTILE, effect: -0.2 }, { key: 'B & "C"', effect: 0.1 }, { key: 'D\u0001', effect: 0 }],
    model: { name: '<script>alert(1)</script> @team' },
  });
}

describe('JUnit XML', () => {
  const outcome = checkRun(hostileRun(), POLICY);
  const doc = parseXml(checkJunit(outcome));

  it('is well-formed, with one testcase per rule and the counts on the suite', () => {
    expect(doc.name).toBe('testsuites');
    const suite = findAll(doc, 'testsuite')[0];
    expect(suite.attrs).toMatchObject({ tests: '4', failures: '2', errors: '0', skipped: '1' });
    expect(findAll(doc, 'testcase').map((t) => t.attrs.name)).toEqual([
      'max_abs_effect max 0.05 (*)', 'flip_rate max 0.5 (*)', 'effect_sd max 0.01 (*)', 'score_range_mean max_increase 0.1 (*)',
    ]);
  });

  it('puts value, interval and threshold in each failure message', () => {
    const failures = findAll(doc, 'failure');
    expect(failures).toHaveLength(2);
    const gap = outcome.rules[0];
    expect(failures[0].attrs.message).toBe(gap.message);
    // Effects -0.1667, +0.1333, +0.0333 with no noise: the largest |effect| and a zero-width interval.
    expect(failures[0].attrs.message).toMatch(/^max_abs_effect = 0\.1667 \(95% CI 0\.1667 to 0\.1667\): lower bound 0\.1667 > max 0\.05$/);
    expect(failures[0].text).toBe(gap.message);
    expect(findAll(doc, 'skipped')[0].attrs.message).toBe('score_range_mean: max_increase 0.1 needs a baseline run (--baseline)');
  });

  it('carries data through escaping unchanged, and drops characters XML cannot hold', () => {
    const props = Object.fromEntries(findAll(doc, 'property').map((p) => [p.attrs.name, p.attrs.value]));
    expect(props.model).toBe('<script>alert(1)</script> @team');
    expect(xml('a\u0001b & <c>')).toBe('a\uFFFDb &amp; &lt;c&gt;');
  });
});

describe('the test XML parser', () => {
  it('rejects crossed tags, raw ampersands, unknown entities and duplicate attributes', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow('</a> closes <b>');
    expect(() => parseXml('<a>x & y</a>')).toThrow('unterminated reference');
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow('unknown entity');
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow('duplicate attribute');
    expect(parseXml('<?xml version="1.0"?><a k="&lt;&#64;">t&amp;<b/></a>')).toEqual({
      name: 'a', attrs: { k: '<@' }, text: 't&', children: [{ name: 'b', attrs: {}, children: [], text: '' }],
    });
  });
});

describe('SARIF', () => {
  const outcome = checkRun(hostileRun(), POLICY);
  // The SARIF log read as plain JSON, as a SARIF consumer would.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const sarif = checkSarif(outcome, { resultUri: 'reports/run/result.json', toolVersion: '0.1.0' }) as any;

  it('is version 2.1.0 with the $schema', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(SARIF_SCHEMA).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  });

  it('has a rule per metric and one error result per failed rule, located at result.json', () => {
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['max_abs_effect', 'flip_rate', 'effect_sd', 'score_range_mean']);
    expect(run.results).toHaveLength(2);
    expect(run.results.map((r: { ruleId: string; ruleIndex: number; level: string }) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['max_abs_effect', 0, 'error'], ['effect_sd', 2, 'error'],
    ]);
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'reports/run/result.json', uriBaseId: 'SRCROOT' });
    expect(run.results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe('stats.summary.max_abs_effect');
    expect(run.results[0].message.text).toContain(outcome.rules[0].message);
  });
});

describe('Markdown summary', () => {
  it('escapes a group named "| <b>x</b>" so that it cannot break the table or inject HTML', () => {
    const text = checkMarkdown(checkRun(hostileRun(), POLICY));
    expect(text).toContain('Group means range from 0.2750 (\\| &lt;b&gt;x&lt;/b&gt;) to 0.5750 (B &amp; "C").');
    expect(text).not.toContain('<b>');
    expect(text).not.toContain('<script>');
    expect(text).toContain('model &lt;script&gt;alert(1)&lt;/script&gt; &#64;team');
  });

  it('has a table row per rule with status, value and interval, and the threshold', () => {
    const lines = checkMarkdown(checkRun(hostileRun(), POLICY)).split('\n');
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Rule'));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toBe('| max\\_abs\\_effect | \u274c fail | 0.1667 (0.1667 to 0.1667) | max 0.05 | lower bound 0.1667 &gt; max 0.05 |');
    expect(rows[1]).toMatch(/^\| flip\\_rate \| \u2705 pass \|/);
    // Every row has exactly five cells: no "|" from data got through unescaped.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(7);
  });

  it('escapes Markdown and HTML in inline text', () => {
    expect(md(HOSTILE)).toBe('\\| &lt;b&gt;x&lt;/b&gt;');
    expect(md('*a* [l](u) `c` _e_ line\nbreak')).toBe('\\*a\\* \\[l\\](u) \\`c\\` \\_e\\_ line break');
  });
});

describe('audit check (files and exit code)', () => {
  it('writes check.junit.xml, check.sarif and check.md into the run directory, then fails with exit code 1', async () => {
    const dir = writeRun(makeRun({ summary: { max_abs_effect: { value: 0.3, ci: [0.2, 0.4] } } }));
    const policyFile = join(dir, 'p.yaml');
    writeFileSync(policyFile, 'name: strict\nrules:\n  "*":\n    max_abs_effect: {max: 0.1}\n');
    let error: unknown;
    try {
      await check({ runDir: dir, policy: policyFile, quiet: true } as CheckArgs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).code).toBe('E_POLICY_FAILED');
    expect(exitCodeFor(error)).toBe(1);
    expect((error as AuditError).message).toBe(`policy "strict": 1 fails, 0 inconclusive, 0 pass, 0 not applicable (details: ${join(dir, 'check.md')})`);
    parseXml(readFileSync(join(dir, 'check.junit.xml'), 'utf8'));
    expect(JSON.parse(readFileSync(join(dir, 'check.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
    expect(readFileSync(join(dir, 'check.md'), 'utf8')).toContain('**Fail**: 1 fails, 0 inconclusive, 0 pass, 0 not applicable');
  });

  it('passes (no error) when every rule passes, with the shipped default policy', async () => {
    const dir = writeRun(makeRun({ groups: [{ key: 'A', effect: 0 }, { key: 'B', effect: 0.001 }] }));
    const { outcome, files } = await checkRunDir(dir);
    expect(outcome.policy).toBe('default');
    expect(outcome.passed).toBe(true);
    expect(readFileSync(files.markdown, 'utf8')).toContain('**Pass**: 0 fail, 0 inconclusive, 3 pass, 3 not applicable');
  });
});

describe('validity against the official schemas (../shared/fixtures/schemas)', () => {
  const outcome = checkRun(hostileRun(), POLICY);

  it('JUnit XML is valid against the Ant JUnit XSD, with the required testsuite attributes', async () => {
    const text = checkJunit(outcome, { timestamp: new Date('2026-12-01T10:20:30.456Z'), hostname: 'ci-runner' });
    expect(await junitErrors(text)).toBe('');
    const suite = findAll(parseXml(text), 'testsuite')[0];
    expect(suite.attrs).toMatchObject({ package: 'bias-audit', id: '0', timestamp: '2026-12-01T10:20:30', hostname: 'ci-runner', time: '0' });
    expect(parseXml(text).attrs).toEqual({});
  });

  it('the validator does reject a document the XSD forbids (attributes on <testsuites>, no hostname)', async () => {
    const bad = checkJunit(outcome).replace('<testsuites>', '<testsuites tests="4">').replace(/ hostname="[^"]*"/, '');
    expect(await junitErrors(bad)).toMatch(/attribute 'tests' is not allowed[\s\S]*attribute 'hostname' is required/);
  });

  it('SARIF is valid against the SARIF 2.1.0 schema, and the validator rejects a broken log', () => {
    const log = checkSarif(outcome, { resultUri: 'reports/run 1/résumé#2/result.json', root: '/work/repo', toolVersion: '0.1.0' });
    expect(sarifErrors(log)).toBe('');
    expect(sarifErrors({ ...log, version: '2.0.0' })).not.toBe('');
  });

  it('SARIF locates result.json by a percent-encoded URI relative to SRCROOT, whose original location is recorded', () => {
    type Location = { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } };
    type Run = { results: { locations: Location[] }[]; originalUriBaseIds: { SRCROOT: { uri: string } } };
    const log = checkSarif(outcome, { resultUri: 'reports/run 1/résumé#2/result.json', root: '/work/my repo', toolVersion: '0.1.0' }) as {
      runs: Run[];
    };
    const run = log.runs[0];
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'reports/run%201/r%C3%A9sum%C3%A9%232/result.json', uriBaseId: 'SRCROOT' });
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///work/my%20repo/' } });
    // The reference resolves under the base to the file.
    expect(decodeURIComponent(new URL(run.results[0].locations[0].physicalLocation.artifactLocation.uri, run.originalUriBaseIds.SRCROOT.uri).pathname)).toBe('/work/my repo/reports/run 1/résumé#2/result.json');
  });

  it('the files audit check writes are valid too', async () => {
    const dir = writeRun(makeRun({ summary: { max_abs_effect: { value: 0.3, ci: [0.2, 0.4] } } }));
    const { files } = await checkRunDir(dir);
    expect(await junitErrors(readFileSync(files.junit, 'utf8'))).toBe('');
    expect(sarifErrors(JSON.parse(readFileSync(files.sarif, 'utf8')))).toBe('');
  });
});
