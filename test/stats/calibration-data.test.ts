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
interface State {
  base: string; measure: string; label: string; truth: number; margin: number; pass: number; fail: number; inconclusive: number;
}
let states: State[] = [];

beforeAll(() => {
  ensureBuilt();
  const run = spawnSync(process.execPath, ['--no-warnings', join(PACKAGE_ROOT, 'bench', 'calibrate-data.mjs'), '--n', String(N), '--json'], {
    cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 300_000,
  });
  if (run.status !== 0) throw new Error(`calibrate-data.mjs failed: ${run.stderr}`);
  ({ data, swaps, factorial, states } = JSON.parse(run.stdout) as { data: DataCalibration[]; swaps: SwapCalibration[];
    factorial: FactorialCalibration[]; states: State[] });
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

describe('the three outcomes of data_max_abs_interaction (the default policy\u2019s margin 0.05, one outcome per measure)', () => {
  // At the margin each error is a one-sided miss of a simultaneous interval: at most 2.5% plus the Monte Carlo margin.
  const atMargin = 0.025 + 2 * Math.sqrt((0.025 * 0.975) / N);
  const at = (label: string) => states.filter((s) => s.label === label);

  it('covers three bases (2 x 3 of 80 texts and 2 x 2 of 400, mean score and positive rate), each at 0, T and 1.5 T', () => {
    expect(states).toHaveLength(9);
    for (const s of at('T')) expect(s.truth).toBeCloseTo(s.margin, 12);
  });

  it('neither passes nor fails more than 2.5% (plus the Monte Carlo margin) of runs whose true largest interaction is the margin', () => {
    for (const s of at('T')) {
      expect(s.pass).toBeLessThanOrEqual(atMargin);
      expect(s.fail).toBeLessThanOrEqual(atMargin);
    }
  });

  it('never fails with no interaction, and fails more often at 1.5 T than at T', () => {
    for (const s of at('0')) expect(s.fail).toBe(0);
    for (const s of at('1.5 T')) expect(s.fail).toBeGreaterThan(states.find((x) => x.base === s.base && x.measure === s.measure
      && x.label === 'T')!.fail);
  });
});
