/**
 * effect_sd's interval (src/stats/probe/summary.ts): the inversion of a parametric-bootstrap test of the spread.
 * Its coverage is measured in test/stats/calibration.test.ts; these are its properties on single runs.
 */
import { analyzeProbe } from '../../src/stats/index.js';
import { attributeOf, DESIGNS, shifted, simulate, trueEffects, type SimDesign } from '../../src/stats/simulate/index.js';

const rms = (x: number[]) => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);

function effectSd(design: SimDesign, seed: number) {
  const stats = analyzeProbe(simulate(design, seed), { attribute: attributeOf(design), seed, resamples: 100 });
  return stats.summary.effect_sd!;
}

describe('effect_sd', () => {
  const designs = [DESIGNS.names_3x6, shifted(DESIGNS.fillers_1_4_8_20, { 0: 1 }), shifted(DESIGNS.groups_3_t16, { 0: 0.4 })];

  it.each(designs.map((d) => [d.name, d] as const))('%s: has bounds at or above 0 and an interval holding its own estimate', (_, design) => {
    for (let seed = 1; seed <= 4; seed++) {
      const { value, ci } = effectSd(design, seed);
      expect(ci[0]).toBeGreaterThanOrEqual(0);
      expect(ci[0]).toBeLessThanOrEqual(value);
      expect(ci[1]).toBeGreaterThanOrEqual(value);
      expect(ci[1]).toBeGreaterThan(ci[0]);
    }
  });

  it('excludes 0 and holds the true spread when three of twelve groups move by 2 logits', () => {
    const design = shifted(DESIGNS.groups_12_t16, { 0: 2, 1: 2, 2: -2 });
    const truth = rms(trueEffects(design));
    const { ci } = effectSd(design, 7);
    expect(ci[0]).toBeGreaterThan(0.05);
    expect(ci[0]).toBeLessThanOrEqual(truth);
    expect(ci[1]).toBeGreaterThanOrEqual(truth);
  });

  it('starts at 0 with no group effect, where the estimate is small next to the SEs', () => {
    const lows = [1, 2, 3].map((seed) => effectSd(DESIGNS.groups_12_t16, seed).ci[0]);
    expect(lows).toEqual([0, 0, 0]);
  });
});
