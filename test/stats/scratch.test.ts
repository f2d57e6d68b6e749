import { calibrate } from '../../src/stats/simulate/calibrate.js';
import { DESIGNS, shifted } from '../../src/stats/simulate/index.js';
it('scratch', () => {
  for (const d of [DESIGNS.names_4x8, DESIGNS.groups_3_t16, DESIGNS.families_4x3, DESIGNS.countries, shifted(DESIGNS.countries, { 0: 0.5 })]) {
    const c = calibrate(d, { simulations: Number(process.env.N ?? 20), resamples: 200, permutations: 500 });
    console.log(JSON.stringify(c));
  }
});
