/**
 * Two runs of one probe, paired by sentence text (review/paired.ts aligns them): the same sentences were scored
 * by both models, so a change is measured on the same items and its interval is much tighter than two independent
 * intervals would suggest.
 *
 *   two record lists of identical structure ─▶ two grids (grid.ts) ─▶ the analysis' own pigeonhole bootstrap
 *   (families, fillers within groups, crossed slots; resample.ts), one draw for both runs
 *
 * Group changes are changes of the group effect (the one contrast of docs/statistics.md); metric changes are of
 * the catalogue's metrics, recomputed with the analysis' own estimator on the headline (neutral) templates. The
 * data-run counterpart is stats/fairness/paired.ts.
 */
import { DEFAULT_RESAMPLES } from '../../config/defaults.js';
import { inputError } from '../../errors.js';
import type { ResultRecord } from '../../result/index.js';
import { percentileInterval } from '../descriptive.js';
import type { MetricName } from '../../result/index.js';
import { effectSes } from './core.js';
import { headlineTemplates } from './design.js';
import { Estimator, UNIT_WEIGHTS } from './effects.js';
import { buildGrid } from './grid.js';
import { pigeonholePaired } from './resample.js';
import { spreadValues } from './summary.js';

/** Catalogue metrics recomputed from the records exactly as analyze.ts computes them. */
export const PAIRED_METRICS = ['max_abs_effect', 'effect_sd', 'flip_rate', 'score_range_mean', 'mean_score'] as const satisfies readonly MetricName[];
export type PairedMetric = (typeof PAIRED_METRICS)[number];

export function isPairedMetric(name: string): name is PairedMetric {
  return (PAIRED_METRICS as readonly string[]).includes(name);
}

export interface PairedChange {
  a: number;
  b: number;
  /** b - a, with its paired 95% percentile interval. */
  change: number;
  ci: [number, number];
}

export interface PairedEstimates {
  groupKeys: string[];
  /** Per real group: its effect in each run and the paired change, and its number of paired sentences. */
  groups: (PairedChange & { n: number })[];
  metrics: Record<PairedMetric, PairedChange>;
  templates: number;
  resamples: number;
  seed: number;
}

export interface PairedOptions {
  attribute: string;
  seed?: number;
  resamples?: number;
}

/** `a[i]` and `b[i]` are the same sentence scored by run A and run B (review/paired.ts alignByText). */
export function pairedProbe(a: ResultRecord[], b: ResultRecord[], options: PairedOptions): PairedEstimates {
  if (a.length === 0) throw inputError('E_PAIRED_NONE', 'the two runs have no sentence text in common: nothing to pair');
  const seed = options.seed ?? 0;
  const R = options.resamples ?? DEFAULT_RESAMPLES;
  const gridA = buildGrid(a, options.attribute);
  const gridB = buildGrid(b, options.attribute);
  const G = gridA.groups;
  const templates = headlineTemplates(gridA);
  const estA = new Estimator(gridA, templates);
  const estB = new Estimator(gridB, templates);
  const nFamilies = estA.included.filter((ts) => ts.length > 0).length;
  const [drawsA, drawsB] = pigeonholePaired([estA, estB], seed, R, 'bootstrap');
  const seA = effectSes(drawsA, G, nFamilies);
  const seB = effectSes(drawsB, G, nFamilies);
  const pointA = estA.run(UNIT_WEIGHTS);
  const effA = Float64Array.from(pointA.effect);
  const valuesA = {
    ...spreadValues(effA, seA), flip_rate: pointA.flipRate, score_range_mean: pointA.rangeMean, mean_score: pointA.overall,
  };
  const pointB = estB.run(UNIT_WEIGHTS);
  const effB = Float64Array.from(pointB.effect);
  const valuesB = {
    ...spreadValues(effB, seB), flip_rate: pointB.flipRate, score_range_mean: pointB.rangeMean, mean_score: pointB.overall,
  };

  const metricDraws = Object.fromEntries(PAIRED_METRICS.map((m) => [m, new Float64Array(R)])) as Record<PairedMetric, Float64Array>;
  const ea = new Float64Array(G);
  const eb = new Float64Array(G);
  for (let r = 0; r < R; r++) {
    for (let g = 0; g < G; g++) {
      ea[g] = drawsA.effect[g * R + r];
      eb[g] = drawsB.effect[g * R + r];
    }
    const sa = spreadValues(ea, seA);
    const sb = spreadValues(eb, seB);
    metricDraws.max_abs_effect[r] = sb.max_abs_effect - sa.max_abs_effect;
    metricDraws.effect_sd[r] = sb.effect_sd - sa.effect_sd;
    metricDraws.flip_rate[r] = drawsB.flipRate[r] - drawsA.flipRate[r];
    metricDraws.score_range_mean[r] = drawsB.rangeMean[r] - drawsA.rangeMean[r];
    metricDraws.mean_score[r] = drawsB.overall[r] - drawsA.overall[r];
  }
  const groups = Array.from({ length: G }, (_, g) => {
    const d = Float64Array.from({ length: R }, (_, r) => drawsB.effect[g * R + r] - drawsA.effect[g * R + r]);
    return { n: gridA.groupN[g], a: effA[g], b: effB[g], change: effB[g] - effA[g], ci: percentileInterval(d) };
  });
  const metrics = Object.fromEntries(
    PAIRED_METRICS.map((m) => [
      m,
      { a: valuesA[m], b: valuesB[m], change: valuesB[m] - valuesA[m], ci: percentileInterval(metricDraws[m]) },
    ]),
  ) as Record<PairedMetric, PairedChange>;
  return { groupKeys: gridA.groupKeys, groups, metrics, templates: templates.length, resamples: R, seed };
}
