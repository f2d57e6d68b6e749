/**
 * The three outcomes of a version 2 margin, measured on simulated classifiers with a known truth: the default
 * policy's max_abs_effect margin T against designs whose true largest group effect is 0, T and 1.5 T (group 0 shifted
 * to it; src/stats/simulate marginDesigns). At T a pass and a fail are both errors: each at most 2.5% plus the Monte
 * Carlo margin. N = 100 per design, two designs (few groups with several fillers; 12 groups); `npm run calibrate`
 * adds the countries design (table in docs/statistics.md). Runs
 * bench/calibrate.mjs on the built code in one child process, as calibration.test.ts does.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { ensureBuilt } from '../helpers/cli.js';

const N = 100;
const LIMIT = 0.025 + 2 * Math.sqrt((0.025 * 0.975) / N); // 5.6%

interface StateRow { rule: string; base: string; label: '0' | 'T' | '1.5T'; truth: number; margin: number; pass: number; fail: number; inconclusive: number }

// The countries design (239 groups) is in `npm run calibrate` only: three of its designs take minutes.
const bases = ['names_4x8', 'groups_12_t16'];
// The HolisticBias rule (holisticbias_max_abs_effect, per axis) on a simulated axis of 40 descriptors x 24 units.
const hbBase = 'hb_axis_40x24';

let states: StateRow[] = [];
const at = (base: string, label: StateRow['label']) => {
  const r = states.find((s) => s.base === base && s.label === label);
  if (!r) throw new Error(`${base}@${label} was not simulated`);
  return r;
};

beforeAll(() => {
  ensureBuilt();
  const run = spawnSync(process.execPath, [
    '--no-warnings', join(PACKAGE_ROOT, 'bench', 'calibrate.mjs'), '--n', String(N), '--resamples', '200', '--permutations', '200',
    '--margins-only', '--designs', [...bases, hbBase].join(','), '--json',
  ], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 540_000 });
  if (run.status !== 0) throw new Error(`calibrate.mjs failed: ${run.stderr}`);
  states = (JSON.parse(run.stdout) as { states: StateRow[] }).states;
}, 600_000);


describe(`max_abs_effect against the default margin, N = ${N} per design (limit at T ${(100 * LIMIT).toFixed(1)}%)`, () => {
  it.each(bases)('%s: at the margin, a pass is at most 2.5% plus the Monte Carlo margin', (base) => {
    expect(at(base, 'T').truth).toBeCloseTo(at(base, 'T').margin, 6);
    expect(at(base, 'T').pass).toBeLessThanOrEqual(LIMIT);
  });

  it.each(bases)('%s: at the margin, a fail is at most 2.5% plus the Monte Carlo margin', (base) => {
    expect(at(base, 'T').fail).toBeLessThanOrEqual(LIMIT);
  });

  it.each(bases)('%s: no effect never fails, and a pass is reachable', (base) => {
    expect(at(base, '0').fail).toBe(0);
    expect(at(base, '0').pass).toBeGreaterThan(0.1);
  });

  it.each(bases)('%s: at 1.5 T the rule fails more often than at T, and never passes', (base) => {
    expect(at(base, '1.5T').fail).toBeGreaterThan(at(base, 'T').fail);
    expect(at(base, '1.5T').pass).toBeLessThanOrEqual(LIMIT);
  });
});

describe(`holisticbias_max_abs_effect (one axis) against the default margin, N = ${N}`, () => {
  it('is judged on the simulated axis: one state per simulation at 0, T and 1.5 T', () => {
    for (const label of ['0', 'T', '1.5T'] as const) {
      const r = at(hbBase, label);
      expect(r.rule).toBe('holisticbias_max_abs_effect');
      expect(r.pass + r.inconclusive + r.fail).toBeCloseTo(1, 9);
    }
  });

  it('at the margin, a pass and a fail are each at most 2.5% plus the Monte Carlo margin', () => {
    expect(at(hbBase, 'T').truth).toBeCloseTo(at(hbBase, 'T').margin, 6);
    expect(at(hbBase, 'T').pass).toBeLessThanOrEqual(LIMIT);
    expect(at(hbBase, 'T').fail).toBeLessThanOrEqual(LIMIT);
  });

  it('no effect never fails; at 1.5 T it fails more often than at T and never passes', () => {
    expect(at(hbBase, '0').fail).toBe(0);
    expect(at(hbBase, '1.5T').fail).toBeGreaterThan(at(hbBase, 'T').fail);
    expect(at(hbBase, '1.5T').pass).toBeLessThanOrEqual(LIMIT);
  });
});
