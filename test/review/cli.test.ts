import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import yargs, { type CommandModule } from 'yargs';
import { checkCommand } from '../../src/cli/commands/check.js';
import { diffCommand } from '../../src/cli/commands/diff.js';
import { exportCommand } from '../../src/cli/commands/export.js';
import { exitCodeFor } from '../../src/cli/exit.js';
import { globalOptions } from '../../src/cli/options.js';
import { usageError } from '../../src/errors.js';
import { junitErrors, sarifErrors } from '../helpers/schemas.js';
import { makeRun, writeRun } from './helpers/synthetic.js';

/** The three commands as main.ts will register them; returns the exit code. */
async function audit(argv: string[]): Promise<number> {
  const cli = globalOptions(yargs(argv))
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    .command([checkCommand, diffCommand, exportCommand] as CommandModule<any, any>[])
    .strict()
    .fail((message, error) => {
      throw error ?? usageError('E_USAGE', message);
    });
  try {
    await cli.parseAsync();
    return 0;
  } catch (e) {
    if (exitCodeFor(e) === 3) throw e; // an internal error is a bug: show it
    return exitCodeFor(e);
  }
}

describe('the check, diff and export commands', () => {
  // The commands print the paths they write; keep the test output clean.
  beforeEach(() => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  const dir = writeRun(makeRun({ summary: { max_abs_effect: { value: 0.3, ci: [0.25, 0.35] } } }), 'countries-1');

  it('check exits 1 when the default policy fails and writes its three files', async () => {
    expect(await audit(['check', dir, '--quiet'])).toBe(1);
    for (const f of ['check.junit.xml', 'check.sarif', 'check.md']) expect(existsSync(join(dir, f))).toBe(true);
    expect(sarifErrors(JSON.parse(readFileSync(join(dir, 'check.sarif'), 'utf8')))).toBe('');
    expect(await junitErrors(readFileSync(join(dir, 'check.junit.xml'), 'utf8'))).toBe('');
  });

  it('check writes check.json, re-renders report.html with the verdict first, and export --format md opens with it', async () => {
    expect(await audit(['check', dir, '--quiet'])).toBe(1);
    const check = JSON.parse(readFileSync(join(dir, 'check.json'), 'utf8'));
    expect(check).toMatchObject({ schema: 'bias-audit/check/1', status: 'fail', policy: { name: 'default', version: 2 } });
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.indexOf('id="verdict-word"')).toBeGreaterThan(0);
    expect(html.indexOf('id="verdict-word"')).toBeLessThan(html.indexOf('id="summary"'));
    const out = join(dir, 'card.md');
    expect(await audit(['export', dir, '--format', 'md', '--out', out])).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^## Verdict\n\n\*\*Fail\*\*: 2 fail, 1 inconclusive, 0 pass, 3 not applicable /);
  });

  it('check exits 0 on an inconclusive rule, 1 with --strict, and 2 when no rule applies', async () => {
    const undecided = writeRun(makeRun({
      summary: {
        max_abs_effect: { value: 0.03, ci: [0, 0.2] }, effect_sd: { value: 0.01, ci: [0, 0.02] }, flip_rate: { value: 0, ci: [0, 0.01] },
      },
    }), 'undecided');
    expect(await audit(['check', undecided, '--quiet'])).toBe(0);
    expect(await audit(['check', undecided, '--quiet', '--strict'])).toBe(1);
    const policy = join(undecided, 'data-only.yaml');
    writeFileSync(policy, 'version: 2\nrules:\n  data:\n    ctf_gap: {max: 0.05}\n');
    expect(await audit(['check', undecided, '--policy', policy, '--quiet'])).toBe(2);
  });

  it('check exits 2 for a missing run directory or policy file', async () => {
    expect(await audit(['check', join(dir, 'nope'), '--quiet'])).toBe(2);
    expect(await audit(['check', dir, '--policy', join(dir, 'nope.yaml'), '--quiet'])).toBe(2);
  });

  it('export writes the chosen format to --out', async () => {
    const out = join(dir, 'groups.csv');
    expect(await audit(['export', dir, '--format', 'csv', '--out', out])).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^key,n,mean,ci_low,ci_high,/);
    expect(await audit(['export', dir, '--format', 'pdf'])).toBe(2);
  });

  it('diff writes diff.html and diff.json, and exits 2 for runs of different probes', async () => {
    const other = writeRun(makeRun({ model: { fingerprint: 'sha256:b' } }), 'countries-2');
    const out = join(dir, '..', 'diff-out');
    expect(await audit(['diff', dir, other, '--out', out, '--quiet'])).toBe(0);
    expect(existsSync(join(out, 'diff.html'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')).probe.id).toBe('countries');
    expect(await audit(['diff', dir, writeRun(makeRun({ probe: 'gender' })), '--quiet'])).toBe(2);
  });

  it('diff takes its tolerance from --tolerance, else from the --policy file\'s tolerance:, else 0.005', async () => {
    const other = writeRun(makeRun({ model: { fingerprint: 'sha256:c' } }), 'countries-3');
    const policy = join(dir, 'loose.yaml');
    writeFileSync(policy, 'version: 2\ntolerance: 0.02\nrules:\n  "*":\n    max_abs_effect: {max: 0.1}\n');
    const toleranceOf = async (...extra: string[]) => {
      const out = join(dir, '..', `diff-tol-${extra.join('-').replace(/[^a-z0-9.]/gi, '')}`);
      expect(await audit(['diff', dir, other, '--out', out, '--quiet', ...extra])).toBe(0);
      return JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')).tolerance;
    };
    expect(await toleranceOf()).toBe(0.005);
    expect(await toleranceOf('--policy', policy)).toBe(0.02);
    expect(await toleranceOf('--policy', policy, '--tolerance', '0.001')).toBe(0.001);
    writeFileSync(policy, 'version: 2\ntolerance: 1.5\nrules:\n  "*":\n    max_abs_effect: {max: 0.1}\n');
    expect(await audit(['diff', dir, other, '--policy', policy, '--quiet'])).toBe(2);
  });
});
