/**
 * A probe's minimum detectable effect from its own design (issue 22 item 4): its sentences scored by a simulated
 * unbiased classifier under the calibration designs' variance components (stats/simulate/probe.ts), then analysed
 * exactly as a run's records are (analyzeProbe), so the figure is the one a run's result.json reports as
 * `stats.descriptive.min_detectable_effect` (80% power, two-sided, Bonferroni bound on Holm over the groups).
 */
import { DEFAULT_SEED } from '../config/defaults.js';
import { expandProbe } from '../expand/index.js';
import type { ResultRecord } from '../result/index.js';
import { analyzeProbe, simulatedScores } from '../stats/index.js';
import type { LoadedProbe } from './types.js';

export interface DesignPowerOptions {
  seed?: number;
  resamples?: number;
}

/** The simulated run's records: the probe's sentences with the simulated classifier's scores. */
export function simulatedRecords(probe: LoadedProbe, seed: number): ResultRecord[] {
  const items = expandProbe(probe, { seed });
  const scores = simulatedScores(items, seed);
  return items.map((item, i) => ({
    ...item,
    probs: [1 - scores[i], scores[i]],
    score: scores[i],
    label: scores[i] >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
  }));
}

export function designMde(probe: LoadedProbe, options: DesignPowerOptions = {}): number {
  const seed = options.seed ?? DEFAULT_SEED;
  const attribute = Array.isArray(probe.spec.attribute) ? probe.spec.attribute.join(', ') : probe.spec.attribute;
  const records = simulatedRecords(probe, seed);
  return analyzeProbe(records, { attribute, seed, resamples: options.resamples }).descriptive.min_detectable_effect;
}
