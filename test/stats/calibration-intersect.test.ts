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
    '--json', '--no-gate', '--no-swaps'], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(`calibrate-intersect.mjs failed: ${run.stderr}`);
  rows = (JSON.parse(run.stdout) as { rows: CrossCalibration[] }).rows;
}, 150_000);

describe('the crossed analysis on simulated classifiers', () => {
  it('covers the true cell, main, interaction and tetrad values in at least 93% of intervals in every design', () => {
    expect(rows.length).toBe(11);
    for (const r of rows) expect([r.design, r.coverage >= 0.93]).toEqual([r.design, true]);
  });

  it('keeps the simultaneous intervals of the gate\'s family around every true value in at least 93% of runs', () => {
    for (const r of rows) expect([r.design, r.simultaneousCoverage >= 0.93]).toEqual([r.design, true]);
  });

  it('keeps the interaction family at its nominal rate with no effect, with main effects additive on the probability scale, ' +
    'with unequal names, with a crossed slot (its values interacting with the cells or not) and with an empty cell (tetrads)', () => {
    const designs = ['cross_null', 'cross_additive_prob', 'cross_unequal', 'cross_two_slots', 'cross_crossed_slot',
      'cross_crossed_slot_x_cell', 'cross_empty_cell'];
    for (const name of designs) {
      expect([name, row(name).familyWise]).toEqual([name, expect.any(Number)]);
      expect([name, row(name).familyWise <= LIMIT]).toEqual([name, true]);
      expect([name, row(name).tetradFamilyWise <= LIMIT]).toEqual([name, true]);
    }
  });

  it('keeps each main-effect family at its nominal rate where the attribute has no effect', () => {
    for (const name of ['cross_null', 'cross_unequal', 'cross_two_slots', 'cross_crossed_slot_x_cell', 'cross_empty_cell']) {
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

describe('the max_abs_interaction gate (margin 0.10) on the names_intersectional layout', () => {
  let gate: { target: number; truth: number; pass: number; fail: number; inconclusive: number }[] = [];
  const at = (target: number) => gate.find((g) => g.target === target)!;

  beforeAll(() => {
    const run = spawnSync(process.execPath, ['--no-warnings', join(PACKAGE_ROOT, 'bench', 'calibrate-intersect.mjs'), '--n', String(N),
      '--json', '--gate-only'], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 60_000 });
    if (run.status !== 0) throw new Error(`calibrate-intersect.mjs failed: ${run.stderr}`);
    gate = (JSON.parse(run.stdout) as { gate: typeof gate }).gate;
  }, 90_000);

  it('plants the true largest interaction it says (0, 0.05, the margin, 0.20)', () => {
    expect(gate.map((g) => g.target)).toEqual([0, 0.05, 0.1, 0.2]);
    for (const g of gate) expect(g.truth).toBeCloseTo(g.target, 6);
  });

  it('rarely fails a model whose largest interaction is within the margin, and rarely passes one beyond it', () => {
    for (const target of [0, 0.05, 0.1]) expect([target, at(target).fail <= LIMIT]).toEqual([target, true]);
    for (const target of [0.1, 0.2]) expect([target, at(target).pass <= LIMIT]).toEqual([target, true]);
  });

  it('passes most runs with no interaction and fails most runs with an interaction of twice the margin', () => {
    expect(at(0).pass).toBeGreaterThanOrEqual(0.7);
    expect(at(0.2).fail).toBeGreaterThanOrEqual(0.8);
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
