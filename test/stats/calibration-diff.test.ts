/**
 * Calibration of the change between two runs of one probe (`audit diff`, `max_increase`; src/stats/simulate/paired.ts)
 * with a known truth: no change, a uniform shift (which changes no group effect) and one group changed, on 12 groups of
 * one filler and on fillers 1/4/8/20. N = 40 simulations per design in CI (about 20 s in one child process on dist/);
 * `npm run calibrate:diff` runs N = 400 for the table in docs/statistics.md.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import type { PairedCalibration } from '../../src/stats/simulate/paired.js';
import { ensureBuilt } from '../helpers/cli.js';

const N = 40;
/** 5% plus the Monte Carlo margin at N = 40 (11.9%). */
const LIMIT = 0.05 + 2 * Math.sqrt((0.05 * 0.95) / N);

let rows: PairedCalibration[] = [];
const row = (name: string) => {
  const r = rows.find((x) => x.design === name);
  if (!r) throw new Error(`design ${name} was not simulated`);
  return r;
};

beforeAll(() => {
  ensureBuilt();
  const run = spawnSync(process.execPath, [
    '--no-warnings', join(PACKAGE_ROOT, 'bench', 'calibrate-diff.mjs'), '--probe-only', '--probe-n', String(N), '--probe-resamples', '200', '--json',
  ], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 240_000 });
  if (run.status !== 0) throw new Error(`calibrate-diff.mjs failed: ${run.stderr}`);
  rows = (JSON.parse(run.stdout) as { probe: PairedCalibration[] }).probe;
}, 300_000);

const bases = ['groups_12_t16', 'fillers_1_4_8_20'];
const all = bases.flatMap((b) => [`${b}: no change`, `${b}: uniform +0.5 logit`, `${b}: group 0 +0.5 logit`]);

describe(`two runs of one probe, N = ${N} simulations per design`, () => {
  it.each(all)('%s: the group changes\u2019 intervals cover the true changes (pointwise over 90%, all groups at once over 88%)', (name) => {
    expect(row(name).coverage).toBeGreaterThanOrEqual(0.9);
    expect(row(name).simultaneousCoverage).toBeGreaterThanOrEqual(1 - LIMIT);
  });

  it.each(all)('%s: a group is marked changed when its true change is within the tolerance in at most 5% plus the margin of runs', (name) => {
    expect(row(name).falseChange).toBeLessThanOrEqual(LIMIT);
  });

  it.each(all)('%s: the changes of max_abs_effect and effect_sd are covered in at least 88% of runs', (name) => {
    expect(row(name).metricCoverage.max_abs_effect).toBeGreaterThanOrEqual(1 - LIMIT);
    expect(row(name).metricCoverage.effect_sd).toBeGreaterThanOrEqual(1 - LIMIT);
    expect(row(name).metricCoverage.mean_score).toBeGreaterThanOrEqual(1 - LIMIT);
  });

  it.each(bases)('%s: a uniform shift changes no group effect, and max_increase never fails it', (base) => {
    const r = row(`${base}: uniform +0.5 logit`);
    expect(r.truth.changes.every((c) => Math.abs(c) < 1e-9)).toBe(true);
    expect(r.maxIncrease.fail).toBe(0);
  });

  it('marks the changed group (+0.5 logit, about +0.09) changed in nearly every run of 12 groups of one filler', () => {
    expect(row('groups_12_t16: group 0 +0.5 logit').truth.changes[0]).toBeCloseTo(0.0917, 3);
    expect(row('groups_12_t16: group 0 +0.5 logit').power).toBeGreaterThanOrEqual(0.9);
  });
});
