import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readVerdict } from '../../src/evidence/verdict.js';

/** check.json in the shape the verdict branch writes (src/review/check-json.ts there: schema bias-audit/check/1). */
const CHECK = {
  schema: 'bias-audit/check/1', checked_at: '2026-12-07T12:00:00.000Z',
  policy: { name: 'default', version: 2, sha256: 'ab'.repeat(32), file: 'policies/default.yaml' },
  strict: false, status: 'inconclusive', passed: true,
  counts: { fail: 0, inconclusive: 1, pass: 1, not_applicable: 1 }, subject: { kind: 'probe', name: 'gender' }, baseline: null,
  rules: [
    { id: 'probe.max_abs_effect.max', metric: 'max_abs_effect', selector: 'probe', kind: 'max', status: 'inconclusive', threshold: 0.05, on: 'interval',
      value: 0.033, ci: [0, 0.151], compared: null, message: 'the probe cannot tell effects under 0.13 from none' },
    { id: 'probe.flip_rate.max', metric: 'flip_rate', selector: 'probe', kind: 'max', status: 'pass', threshold: 0.05, on: 'interval',
      value: 0, ci: [0, 0], compared: 0, message: 'flip_rate = 0.0000' },
  ],
  findings: [{ severity: 'medium', subject: 'female', value: -0.04, ci: [-0.09, 0.01], nearest: 0, sentence: 'Sentences about <b>women</b> score 4 points lower.' }],
  finding_margin: 0.05, scale: null, warnings: [],
};

describe('readVerdict', () => {
  it('takes the status, policy, rules and findings of check.json as the verdict branch writes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-'));
    writeFileSync(join(dir, 'check.json'), JSON.stringify(CHECK));
    expect(readVerdict(dir)).toEqual({
      available: true, status: 'inconclusive', policy: { name: 'default', version: 2, sha256: 'ab'.repeat(32) },
      rules: [
        { id: 'probe.max_abs_effect.max', status: 'inconclusive', value: 0.033, interval: [0, 0.151], threshold: '0.05', message: 'the probe cannot tell effects under 0.13 from none' },
        { id: 'probe.flip_rate.max', status: 'pass', value: 0, interval: [0, 0], threshold: '0.05', message: 'flip_rate = 0.0000' },
      ],
      findings: [{ severity: 'medium', text: 'Sentences about <b>women</b> score 4 points lower.' }],
      note: '',
    });
  });

  it('says the run has no verdict yet when there is no check.json, and computes none', () => {
    expect(readVerdict(mkdtempSync(join(tmpdir(), 'verdict-')))).toEqual({
      available: false, status: null, policy: null, rules: [], findings: [], note: 'This run has no verdict yet (no check.json in its directory).',
    });
  });
});
