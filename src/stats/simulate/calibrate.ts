/**
 * Monte Carlo calibration of analyzeProbe on a simulated design: false-positive rates, family-wise rate, interval
 * coverage, power, and (given a gate) the gate's failure rate. Each simulation has its own seed, so N = 400
 * extends N = 100 rather than replacing it.
 */
import type { ProbeStats } from '../../result/index.js';
import { analyzeProbe } from '../probe/analyze.js';
import { attributeOf, simulate, trueEffects, type SimDesign } from './index.js';

export interface CalibrationOptions {
  simulations: number;
  resamples: number;
  permutations: number;
  seed?: number;
  /** True when the gate fails the run (e.g. the default policy). */
  gate?: (stats: ProbeStats) => boolean;
}

export interface Calibration {
  design: string;
  simulations: number;
  /** Share of (null group, simulation) with unadjusted p < 0.05. */
  perGroupFpr: number;
  /** Share of simulations with a Holm finding among the null groups. */
  familyWise: number;
  /** Share of (group, simulation) whose 95% interval of the effect contains the true effect. */
  coverage: number;
  /** Share of simulations whose simultaneous intervals contain every true effect. */
  simultaneousCoverage: number;
  /** Share of (shifted group, simulation) found by Holm; NaN without shifted groups. */
  power: number;
  /** Share of simulations the gate fails; NaN without a gate. */
  gateFails: number;
  /** Share of simulations whose effect_sd interval contains the true between-group SD sqrt(mean θ²). */
  effectSdCoverage: number;
  /** Mean of the design's minimum detectable effect (probability scale). */
  mde: number;
  seconds: number;
}

/** One line of `bench/calibrate.mjs --json`: a design's calibration plus the whole default gate's failure rate. */
export type CalibrationRow = Calibration & {
  /** Share of simulations any rule of the default policy fails (not only the group-difference rules). */
  gateAllFails: number;
  margin: number;
};

/** The Monte Carlo margin of the criteria: 5% + 2 sqrt(0.05 x 0.95 / N). */
export function margin(n: number): number {
  return 0.05 + 2 * Math.sqrt((0.05 * 0.95) / n);
}

export function calibrate(design: SimDesign, options: CalibrationOptions): Calibration {
  const started = performance.now();
  const truth = trueEffects(design);
  const shiftedGroups = new Set(Object.entries(design.shifts ?? {}).filter(([, v]) => v !== 0).map(([g]) => Number(g)));
  const nullGroup = (g: number) => !shiftedGroups.has(g) && shiftedGroups.size === 0;
  let nullTests = 0;
  let nullRejections = 0;
  let anyHolm = 0;
  let covered = 0;
  let intervals = 0;
  let simCovered = 0;
  let found = 0;
  let shiftedTests = 0;
  let gateFails = 0;
  let mde = 0;
  let sdCovered = 0;
  const trueSd = Math.sqrt(truth.reduce((a, t) => a + t * t, 0) / truth.length);
  for (let i = 0; i < options.simulations; i++) {
    const seed = (options.seed ?? 1) * 100_003 + i;
    const records = simulate(design, seed);
    const stats = analyzeProbe(records, {
      attribute: attributeOf(design), seed, resamples: options.resamples, permutations: options.permutations,
    });
    let holmFinding = false;
    let allIn = true;
    stats.groups.forEach((g, index) => {
      const theta = truth[index];
      intervals++;
      if (g.centred_ci[0] <= theta && theta <= g.centred_ci[1]) covered++;
      if (!(g.sim_ci[0] <= theta && theta <= g.sim_ci[1])) allIn = false;
      if (shiftedGroups.has(index)) {
        shiftedTests++;
        if (g.significant) found++;
      } else if (nullGroup(index)) {
        nullTests++;
        if (g.p < 0.05) nullRejections++;
        if (g.significant) holmFinding = true;
      }
    });
    if (holmFinding) anyHolm++;
    if (allIn) simCovered++;
    if (options.gate?.(stats)) gateFails++;
    mde += stats.descriptive.min_detectable_effect;
    const sdCi = stats.summary.effect_sd?.ci;
    if (sdCi && sdCi[0] <= trueSd && trueSd <= sdCi[1]) sdCovered++;
  }
  const N = options.simulations;
  return {
    design: design.name,
    simulations: N,
    perGroupFpr: nullTests > 0 ? nullRejections / nullTests : NaN,
    familyWise: shiftedGroups.size === 0 ? anyHolm / N : NaN,
    coverage: covered / intervals,
    simultaneousCoverage: simCovered / N,
    power: shiftedTests > 0 ? found / shiftedTests : NaN,
    gateFails: options.gate ? gateFails / N : NaN,
    effectSdCoverage: sdCovered / N,
    mde: mde / N,
    seconds: (performance.now() - started) / 1000,
  };
}
