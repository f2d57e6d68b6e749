/**
 * The swap interaction of own data (--intersect of two swapped axes) on simulated texts with a known mean interaction
 * (src/stats/simulate/swap-interaction.ts): N = 200 runs per design here (about 3 s); `npm run calibrate` runs N = 400
 * for docs/statistics.md ("Swap interactions").
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { margin } from '../../src/stats/simulate/calibrate.js';
import { SWAP_INTERACTION_DESIGNS, simulateSwapInteraction, type SwapInteractionCalibration } from '../../src/stats/simulate/swap-interaction.js';
import { ensureBuilt } from '../helpers/cli.js';

const N = 200;
const LIMIT = margin(N);
let rows: SwapInteractionCalibration[] = [];
const row = (name: string) => rows.find((r) => r.design === name)!;

beforeAll(() => {
  ensureBuilt();
  // The built code in one child process (bench/calibrate-intersect.mjs, its swap block only).
  const run = spawnSync(process.execPath, ['--no-warnings', join(PACKAGE_ROOT, 'bench', 'calibrate-intersect.mjs'), '--n', String(N),
    '--json', '--no-gate', '--designs', 'none'], { cwd: PACKAGE_ROOT, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`calibrate-intersect.mjs failed: ${run.stderr}`);
  rows = (JSON.parse(run.stdout) as { swaps: SwapInteractionCalibration[] }).swaps;
}, 90_000);

describe('the swap interaction on simulated own data', () => {
  it('plants a true mean of ±0.06 in the 8 pairs of swaps that touch the shifted cell and 0 in the other 4', () => {
    expect(rows.map((r) => r.design)).toEqual(SWAP_INTERACTION_DESIGNS.map((d) => d.name));
    const pairs = simulateSwapInteraction(SWAP_INTERACTION_DESIGNS.find((d) => d.name === 'swap_ix_planted')!, 1);
    expect(pairs).toHaveLength(12);
    expect(pairs.map((p) => Math.abs(p.truth)).sort()).toEqual([0, 0, 0, 0, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06]);
  });

  it('keeps the run\'s Holm family at its nominal rate with no interaction: symmetric, unequal and skewed per-text values', () => {
    for (const name of ['swap_ix_null', 'swap_ix_null_unequal', 'swap_ix_null_skewed']) {
      expect([name, row(name).familyWise <= LIMIT]).toEqual([name, true]);
    }
  });

  it('covers the true mean interaction in at least 93% of the pairs\' intervals in every design', () => {
    for (const r of rows) expect([r.design, r.coverage >= 0.93]).toEqual([r.design, true]);
  });

  it('finds the planted pairs with the right sign in at least 70% of cases, and never marks a pair whose interval holds 0', () => {
    expect(row('swap_ix_planted').power).toBeGreaterThanOrEqual(0.7);
    for (const r of rows) expect([r.design, r.disagree]).toEqual([r.design, 0]);
  });
});
