/**
 * Calibration of the own-data statistics on simulated texts with a known truth (src/stats/simulate/data.ts):
 * subgroups of 6 to 500 texts, saturated scores, subgroups exactly at the default policy's thresholds, swaps over
 * three axes. N = 100 simulations per design here; `npm run calibrate:data` runs N = 400 for docs/statistics.md.
 * Runs bench/calibrate-data.mjs in one child process on the built code (dist/).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { margin } from '../../src/stats/simulate/calibrate.js';
import type { DataCalibration, SwapCalibration } from '../../src/stats/simulate/data.js';
import type { FactorialCalibration } from '../../src/stats/simulate/factorial.js';
import { ensureBuilt } from '../helpers/cli.js';

const N = 100;
const LIMIT = margin(N);
let data: DataCalibration[] = [];
let swaps: SwapCalibration[] = [];
let factorial: FactorialCalibration[] = [];

beforeAll(() => {
  ensureBuilt();
  const run = spawnSync(process.execPath, ['--no-warnings', join(PACKAGE_ROOT, 'bench', 'calibrate-data.mjs'), '--n', String(N), '--json'], {
    cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 300_000,
  });
  if (run.status !== 0) throw new Error(`calibrate-data.mjs failed: ${run.stderr}`);
  ({ data, swaps, factorial } = JSON.parse(run.stdout) as { data: DataCalibration[]; swaps: SwapCalibration[];
    factorial: FactorialCalibration[] });
}, 320_000);

const designs = ['data_null_6_to_500', 'data_null_saturated', 'data_bpsn_at_0.80', 'data_fpr_gap_at_0.10'];
const row = (name: string) => data.find((r) => r.design === name)!;

describe(`own data, N = ${N} simulations per design (limit ${(100 * LIMIT).toFixed(2)}%, coverage >= 93%)`, () => {
  it.each(designs)('%s: per-subgroup false positives of the gap intervals are within the limit', (name) => {
    expect(row(name).perGroupFpr).toBeLessThanOrEqual(LIMIT);
  });

  it.each(designs)('%s: each gap metric\'s simultaneous intervals miss some judged subgroup in at most the limit of runs', (name) => {
    expect(row(name).familyWise).toBeLessThanOrEqual(LIMIT);
  });

  it.each(designs)('%s: every marginal interval covers at least 93% for every field and subgroup size', (name) => {
    expect(row(name).coverage).toBeGreaterThanOrEqual(0.93);
  });

  it.each(designs)('%s: the worst-case gate intervals cover the true worst value at least 93%', (name) => {
    expect(row(name).worstCoverage).toBeGreaterThanOrEqual(0.93);
  });

  it.each(designs)('%s: the default labelled-data rules fail at most the limit of runs (none is violated)', (name) => {
    expect(row(name).gateFails).toBeLessThanOrEqual(LIMIT);
  });

  it.each(designs)('%s: no interval excludes its own estimate', (name) => {
    expect(row(name).degenerate).toBe(0);
  });
});

describe('swaps over three axes with no identity effect', () => {
  it.each(['swaps_3_axes', 'swaps_3_axes_saturated'])('%s: Holm over every pair of the run keeps the family-wise rate within the limit', (name) => {
    const r = swaps.find((s) => s.design === name)!;
    expect(r.pairs).toBe(18);
    expect(r.perPairFpr).toBeLessThanOrEqual(LIMIT);
    expect(r.familyWise).toBeLessThanOrEqual(LIMIT);
    expect(r.coverage).toBeGreaterThanOrEqual(0.93);
  });
});

describe('two axes crossed (--intersect): cells, main effects, interactions of the mean score, positive rate, TPR, FPR', () => {
  const nulls = ['intersect_null_2x3', 'intersect_null_small_cells', 'intersect_null_saturated'];
  const design = (name: string) => factorial.find((r) => r.design === name)!;

  it.each(nulls)('%s: with no interaction, some interaction or tetrad is marked in at most the limit of runs (each measure)', (name) => {
    expect(design(name).familyWise).toBeLessThanOrEqual(LIMIT);
    expect(design(name).mainFamilyWise).toBeLessThanOrEqual(LIMIT);
  });

  it.each([...nulls, 'intersect_planted_2x3'])('%s: marginal intervals cover at least 93%, simultaneous ones jointly within the limit', (name) => {
    expect(design(name).coverage).toBeGreaterThanOrEqual(0.93);
    expect(design(name).simultaneousCoverage).toBeGreaterThanOrEqual(1 - LIMIT);
    expect(design(name).degenerate).toBe(0);
  });

  it('small cells are left out and the table falls back to tetrads (every run of the small-cells design)', () => {
    expect(design('intersect_null_small_cells').incomplete).toBe(1);
  });

  it('finds the planted cell\'s mean-score interaction with the right sign in at least 80% of runs', () => {
    expect(design('intersect_planted_2x3').power).toBeGreaterThanOrEqual(0.8);
  });
});
