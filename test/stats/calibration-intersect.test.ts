/**
 * Calibration of the crossed analysis (issue #26) on simulated classifiers with a known truth
 * (src/stats/simulate/intersect.ts): N = 100 simulations per design, in one child process on the built code
 * (bench/calibrate-intersect.mjs; `npm run calibrate` runs N = 400 for docs/statistics.md).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { margin } from '../../src/stats/simulate/calibrate.js';
import { CROSS_DESIGNS, trueCellMeans, type CrossCalibration } from '../../src/stats/simulate/intersect.js';
import { ensureBuilt } from '../helpers/cli.js';

const N = 100;
const LIMIT = margin(N); // 5% + 2 sqrt(0.05 x 0.95 / 100) = 9.36%

let rows: CrossCalibration[] = [];
const row = (name: string) => rows.find((r) => r.design === name)!;

beforeAll(() => {
  ensureBuilt();
  const run = spawnSync(process.execPath, ['--no-warnings', join(PACKAGE_ROOT, 'bench', 'calibrate-intersect.mjs'), '--n', String(N),
    '--json'], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`calibrate-intersect.mjs failed: ${run.stderr}`);
  rows = JSON.parse(run.stdout) as CrossCalibration[];
}, 150_000);

describe('the crossed analysis on simulated classifiers', () => {
  it('covers the true cell, main, interaction and tetrad values in at least 93% of intervals in every design', () => {
    expect(rows.length).toBe(9);
    for (const r of rows) expect([r.design, r.coverage >= 0.93]).toEqual([r.design, true]);
  });

  it('keeps the simultaneous intervals of the gate\'s family around every true value in at least 93% of runs', () => {
    // Known gap (docs/statistics.md §10): one saturating cell of a two-slot cross has more family x cell variance than the pool.
    for (const r of rows.filter((x) => x.design !== 'cross_two_slots_cell_1.2')) {
      expect([r.design, r.simultaneousCoverage >= 0.93]).toEqual([r.design, true]);
    }
    expect(row('cross_two_slots_cell_1.2').simultaneousCoverage).toBeGreaterThanOrEqual(0.88);
  });

  it('keeps the interaction family at its nominal rate with no effect, with main effects additive on the probability scale, ' +
    'with unequal names and with an empty cell (tetrads)', () => {
    for (const name of ['cross_null', 'cross_additive_prob', 'cross_unequal', 'cross_two_slots', 'cross_empty_cell']) {
      expect([name, row(name).familyWise]).toEqual([name, expect.any(Number)]);
      expect([name, row(name).familyWise <= LIMIT]).toEqual([name, true]);
      expect([name, row(name).tetradFamilyWise <= LIMIT]).toEqual([name, true]);
    }
  });

  it('keeps each main-effect family at its nominal rate where the attribute has no effect', () => {
    for (const name of ['cross_null', 'cross_unequal', 'cross_two_slots', 'cross_empty_cell']) {
      expect([name, row(name).mainFamilyWise <= LIMIT]).toEqual([name, true]);
    }
  });

  it('finds one cell shifted by 1.2 logit in at least 80% of runs, as the largest interaction with the right sign', () => {
    for (const name of ['cross_one_cell_1.2', 'cross_two_slots_cell_1.2']) {
      expect([name, row(name).power >= 0.8, row(name).largest >= 0.8]).toEqual([name, true, true]);
    }
  });

  it('keeps the tetrads that do not contain the shifted cell at their nominal rate', () => {
    for (const name of ['cross_one_cell_0.6', 'cross_one_cell_1.2', 'cross_two_slots_cell_1.2']) {
      expect([name, row(name).tetradFamilyWise <= LIMIT]).toEqual([name, true]);
    }
  });

});

describe('the simulated truth', () => {
  const interactionOf = (m: number[]) => m[0] - (m[0] + m[1]) / 2 - (m[0] + m[2] + m[4]) / 3 + m.reduce((a, b) => a + b, 0) / 6;

  it('has no interaction on the probability scale when the shifts add on the probability scale', () => {
    expect(interactionOf(trueCellMeans(CROSS_DESIGNS.find((d) => d.name === 'cross_additive_prob')!))).toBeCloseTo(0, 12);
  });

  it('has an interaction on the probability scale when the shifts add on the logit scale (saturation near 1)', () => {
    const m = trueCellMeans(CROSS_DESIGNS.find((d) => d.name === 'cross_additive_logit')!);
    expect(interactionOf(m)).toBeLessThan(-0.005);
  });
});
