/**
 * Calibration of the probe statistics on simulated classifiers with a known truth (src/stats/simulate): the
 * issue-13 criteria, with the Monte Carlo margin explicit. N = 100 simulations per design, 200 resamples and 500
 * permutations (fewer than a real run); `npm run calibrate` runs N = 400. The simulations run in one child process
 * on the built code (dist/), where they are about ten times faster than under Jest's module sandbox.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { margin, type CalibrationRow } from '../../src/stats/simulate/calibrate.js';
import { ensureBuilt } from '../helpers/cli.js';

const N = 100;
const LMERTEST = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'stats', 'lmertest_power.json'), 'utf8')) as {
  designs: Record<string, { perGroupFpr?: number; familyWise?: number; power?: number }>;
};
const LIMIT = margin(N); // 5% + 2 sqrt(0.05 * 0.95 / 100) = 9.36%

type Row = CalibrationRow;

let rows: Row[] = [];
const row = (name: string) => {
  const r = rows.find((x) => x.design === name);
  if (!r) throw new Error(`design ${name} was not simulated`);
  return r;
};

beforeAll(() => {
  ensureBuilt();
  const run = spawnSync(process.execPath, [
    '--no-warnings', join(PACKAGE_ROOT, 'bench', 'calibrate.mjs'), '--n', String(N), '--resamples', '200', '--permutations', '500', '--json',
    // The three-state designs have their own test (three-state-calibration.test.ts).
    '--no-margins',
  ], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    timeout: 540_000,
  });
  if (run.status !== 0) throw new Error(`calibrate.mjs failed: ${run.stderr}`);
  rows = (JSON.parse(run.stdout) as { rows: Row[] }).rows;
}, 600_000);

const nullDesigns = [
  'names_4x8', 'countries', 'families_4x3', 'groups_3_t16', 'groups_12_t8', 'groups_12_t64', 'groups_239_t8', 'crossed_6',
  'fillers_1_2_8_20', 'fillers_1_4_8_20', 'one_group_of_2', 'names_3x6',
];

describe(`with no group effect, N = ${N} simulations per design (limit ${(100 * LIMIT).toFixed(2)}%)`, () => {
  it.each(nullDesigns)('%s: the per-group false-positive rate is within 5% plus the Monte Carlo margin', (name) => {
    expect(row(name).perGroupFpr).toBeLessThanOrEqual(LIMIT);
  });

  it.each(nullDesigns)('%s: the family-wise rate (any Holm finding) is within the limit', (name) => {
    expect(row(name).familyWise).toBeLessThanOrEqual(LIMIT);
  });

  it.each(nullDesigns)('%s: the default policy\u2019s group-difference rules fail at most the limit of unbiased models', (name) => {
    expect(row(name).gateFails).toBeLessThanOrEqual(LIMIT);
  });
});

describe('interval coverage of the group effects', () => {
  it('covers at least 93% with 8 fillers per group and 20 template families (names 4 x 8)', () => {
    expect(row('names_4x8').coverage).toBeGreaterThanOrEqual(0.93);
    expect(row('names_4x8+0.5 on one').coverage).toBeGreaterThanOrEqual(0.93);
  });

  it.each(['countries', 'groups_3_t16', 'groups_12_t64', 'groups_239_t8', 'crossed_6', 'countries+0.5 on one'])(
    '%s (one filler per group, t-type intervals): covers at least 93%',
    (name) => {
      expect(row(name).coverage).toBeGreaterThanOrEqual(0.93);
    },
  );

  it('few families (4 families of 3, correlated 0.9; 8 templates): t-type intervals still cover at least 93%', () => {
    expect(row('families_4x3').coverage).toBeGreaterThanOrEqual(0.93);
    expect(row('groups_12_t8').coverage).toBeGreaterThanOrEqual(0.93);
  });

  it.each(['fillers_1_2_8_20', 'fillers_1_4_8_20', 'one_group_of_2', 'names_3x6', 'fillers_1_4_8_20+1.0 on one', 'names_3x6+1.0 on one'])(
    '%s (unequal fillers, a one-filler group beside groups of several): covers at least 93%',
    (name) => {
      expect(row(name).coverage).toBeGreaterThanOrEqual(0.93);
      expect(row(name).simultaneousCoverage).toBeGreaterThanOrEqual(0.93);
    },
  );

  it('the simultaneous intervals cover every group at once in at least 93% of the countries-design runs', () => {
    expect(row('countries').simultaneousCoverage).toBeGreaterThanOrEqual(0.93);
  });
});

describe('effect_sd: the interval of the spread of the true effects', () => {
  const all = [...nullDesigns, 'countries+0.5 on one', 'names_4x8+0.5 on one', 'groups_12_t16+-0.5 on three', 'fillers_1_4_8_20+1.0 on one',
    'names_3x6+0.4 on one', 'names_3x6+1.0 on one'];
  it.each(all)('%s: covers the true root-mean-square effect in at least 93% of runs', (name) => {
    // Schema 3.0's basic bootstrap covered 72% (names_3x6+0.4), 82% (fillers_1_4_8_20+1.0) and 87% (names_4x8+0.5).
    expect(row(name).effectSdCoverage).toBeGreaterThanOrEqual(0.93);
  });
});

describe('power', () => {
  it('the default margin (0.10) is not failed by a model with one country shifted by +0.5 logit (+0.086, under the margin)', () => {
    // Version 2 reads max_abs_effect max 0.10 as a margin: an effect under it must not fail (three-state-calibration.test.ts).
    expect(row('countries+0.5 on one').gateFails).toBeLessThanOrEqual(0.025 + 2 * Math.sqrt((0.025 * 0.975) / N));
  });

  it('Holm finds the shifted country in at least 80% of runs, and three shifted groups of 12 in nearly all', () => {
    expect(row('countries+0.5 on one').power).toBeGreaterThanOrEqual(0.8);
    expect(row('groups_12_t16+-0.5 on three').power).toBeGreaterThanOrEqual(0.95);
  });

  it.each(['fillers_1_4_8_20+1.0 on one', 'names_3x6+0.4 on one', 'names_3x6+1.0 on one'])(
    '%s: Holm power at least lmerTest\u2019s on the same designs minus 10 points (test/fixtures/stats/lmertest_power.json)',
    (name) => {
      expect(row(name).power).toBeGreaterThanOrEqual(LMERTEST.designs[name].power! - 0.1);
    },
  );

  it('reports a minimum detectable effect that shrinks with more templates (12 groups: 8 vs 64 templates)', () => {
    expect(row('groups_12_t64').mde).toBeLessThan(row('groups_12_t8').mde / 2);
  });
});
