import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import type { AuditResult } from '../../src/result/index.js';
import { mdeFromInterval, summarize } from '../../src/review/summary.js';
import { ATTRIBUTES, SUMMARY_MAP } from '../../src/review/summary-map.js';
import { audit, ensureBuilt } from '../helpers/cli.js';
import { makeRun } from './helpers/synthetic.js';

describe('the mapping measurement -> attribute and contrast', () => {
  it('gives every attribute one contrast, the same for all of its sources', () => {
    for (const attribute of new Set(SUMMARY_MAP.map((m) => m.attribute))) {
      expect(ATTRIBUTES).toContain(attribute);
      expect(new Set(SUMMARY_MAP.filter((m) => m.attribute === attribute).map((m) => m.contrast)).size).toBe(1);
    }
  });

  it('orients gender as female − male in all four sources (WinoBias he − she is negated)', () => {
    const gender = SUMMARY_MAP.filter((m) => m.attribute === 'gender');
    expect(gender.map((m) => m.source)).toEqual([
      { from: 'probe-pair', probe: 'gender', a: 'female', b: 'male' },
      { from: 'suite-metric', suite: 'winobias', metric: 'winobias_he_minus_she', sign: -1 },
      { from: 'suite-metric', suite: 'winogender', metric: 'winogender_gap', sign: 1 },
      { from: 'data-swaps', axis: 'gender', a: 'female', b: 'male' },
    ]);
  });

  it('computes the minimum detectable effect from an interval at 80% power (normal approximation)', () => {
    // half-width 0.0031 -> SE 0.0031 / 1.96 -> MDE 2.80 x SE
    expect(mdeFromInterval([-0.0551, -0.0489])).toBeCloseTo((2.8016 * 0.0031) / 1.95996, 5);
  });
});

describe('summarize', () => {
  it('refuses runs of different models (exit 2)', () => {
    expect(() => summarize([{ name: 'a', result: makeRun() }, { name: 'b', result: makeRun({ model: { fingerprint: 'sha256:other' } }) }]))
      .toThrow(expect.objectContaining({ code: 'E_SUMMARY_MODEL' }));
  });

  it('reads a WinoBias and a WinoGender run into one gender row, and says they agree when one value lies in both', () => {
    const suite = (name: string, metrics: object) =>
      ({ ...makeRun(), kind: 'suite', probe: null, stats: null, suite: name, suites: { [name]: { n_items: 100, metrics } } }) as unknown as AuditResult;
    const s = summarize([
      { name: 'wb', result: suite('winobias', { winobias_he_minus_she: { value: -0.05, ci: [-0.06, -0.04] } }) },
      { name: 'wg', result: suite('winogender', { winogender_gap: { value: 0.055, ci: [0.045, 0.07] } }) },
    ]);
    expect(s.attributes).toHaveLength(1);
    expect(s.attributes[0].sources.map((x) => [x.label, x.value, x.ci])).toEqual([
      ['WinoBias ("she" − "he")', 0.05, [0.04, 0.06]],
      ['WinoGender (female − male version)', 0.055, [0.045, 0.07]],
    ]);
    expect(s.attributes[0].agree).toBe(true);
  });
});

describe('audit summary end to end (demo model: gender probe, WinoBias, WinoGender, SST-2 data run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'summary-'));
  const cache = join(dir, 'cache');
  // ../shared/datasets beside the checkout (or beside its parent, for a worktree under a folder of worktrees).
  const datasets = [join(PACKAGE_ROOT, '..', 'shared', 'datasets'), join(PACKAGE_ROOT, '..', '..', 'shared', 'datasets')].find((d) => existsSync(d));

  it('shows the four gender contrasts side by side and explains their disagreement', () => {
    ensureBuilt();
    const runs = [
      ['gender', ['--probe', 'gender']],
      ['winobias', ['--suite', 'winobias']],
      ['winogender', ['--suite', 'winogender']],
      ['sst2', ['--data', 'sst2-dev', '--swap', 'gender']],
    ] as const;
    for (const [name, args] of runs) {
      const r = audit([
        'run', ...args, '--out', join(dir, name), '--resamples', '200', '--cache', cache, '--quiet', '--policy', 'none',
        ...(datasets ? ['--datasets', datasets] : []),
      ]);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.code).toBe(0);
    }
    const out = join(dir, 'summary');
    const r = audit(['summary', ...runs.map(([name]) => join(dir, name)), '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const gender = summary.attributes.find((a: { attribute: string }) => a.attribute === 'gender');
    expect(gender.sources.map((s: { label: string }) => s.label)).toEqual([
      'gender probe (female − male pair)', 'WinoBias ("she" − "he")', 'WinoGender (female − male version)', 'data run, gender swaps (female − male version)',
    ]);
    for (const s of gender.sources) {
      expect(s.ci[0]).toBeLessThanOrEqual(s.value);
      expect(s.value).toBeLessThanOrEqual(s.ci[1]);
      expect(s.mde).toBeGreaterThan(0);
    }
    // The probe's MDE is its own; it cannot detect what WinoBias can. Measured on the demo model with the gender
    // probe's 24 families (issue 22 item 4): 0.020 against WinoBias' 0.0043 (1,584 pairs), a ratio of 4.7.
    expect(gender.sources[0].mde).toBeGreaterThan(3 * gender.sources[1].mde);
    // Sources are listed from the least to the most sensitive. With the probe's new families (issue 22 item 4) the
    // probe (0.020) and the data run's swaps (0.020) lead; WinoBias (0.0043) comes last.
    if (gender.agree === false) {
      expect(gender.sentence).toMatch(/^They disagree: no single value lies in every interval\. /);
      expect(gender.sentence).toMatch(/[Gg]ender probe \(female − male pair\), 4,240 sentences, can detect 0\.\d+;/);
      expect(gender.sentence).toMatch(/; WinoBias \("she" − "he"\), 1,584 sentence pairs, can detect 0\.\d+\. /);
    } else expect(gender.sentence).toBe('The 4 sources agree: one value lies in every interval.');
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('| WinoBias ("she" − "he") |');
    expect(readFileSync(join(out, 'summary.html'), 'utf8')).toContain('<h2>gender</h2>');
  }, 600_000);
});
