/**
 * Two runs of one probe, paired by sentence text (review/paired.ts aligns them): the same sentences were scored
 * by both models, so a change is measured on the same items and its interval is much tighter than two independent
 * intervals would suggest.
 *
 *   two record lists of identical structure ─▶ three grids (grid.ts): run A, run B, and B − A per sentence
 *   ─▶ the analysis' own core (core.ts) on each: effects, SEs (template part from the family bootstrap, filler part
 *      from the fillers' own variance) and each group's Satterthwaite df
 *
 * A group's change is the change of its effect (the one contrast of docs/statistics.md). The effect is linear in the
 * scores, so the change is the effect of the per-sentence differences B − A, and its SE and df are those of that
 * analysis: the pairing, the families, the fillers and the crossed slots are respected exactly as in one run. The
 * change gets a t interval (`ci`) and a Šidák-simultaneous one over the groups (`sim_ci`), as the effects do.
 *
 * The changes of a metric that is a norm of the effects (max_abs_effect = max |θ_g|, effect_sd = sqrt(mean θ_g²))
 * are bounded, not bootstrapped: for any such norm N, |N(θ_B) − N(θ_A)| ≤ N(θ_B − θ_A), and N over a box of
 * intervals is bounded by its coordinates' largest and smallest |values|. With simultaneous intervals for θ_A, θ_B
 * and the changes (Šidák over all 3G of them), the change of N lies in
 *   [max(−N⁺(δ), N⁻(θ_B) − N⁺(θ_A)), min(N⁺(δ), N⁺(θ_B) − N⁻(θ_A))]
 * whenever those intervals hold, so with at least 95% (schema 3.0 took percentile intervals of a difference of maxima:
 * never calibrated). mean_score's change is the mean of the differences with its t interval; the perturbation
 * metrics (flip_rate, score_range_mean) keep the paired percentile bootstrap of their change (a smooth mean over
 * sentences). The data-run counterpart is stats/fairness/paired.ts.
 */
import { DEFAULT_RESAMPLES } from '../../config/defaults.js';
import { inputError } from '../../errors.js';
import type { ResultRecord } from '../../result/index.js';
import { percentileInterval } from '../descriptive.js';
import { tPpf } from '../distributions.js';
import type { MetricName } from '../../result/index.js';
import { runCore, type Core } from './core.js';
import { headlineTemplates } from './design.js';
import { UNIT_WEIGHTS, type Estimator } from './effects.js';
import { buildGrid } from './grid.js';
import { MIN_FAMILIES } from './group-tests.js';
import { ALPHA, simultaneousCritical } from './intervals.js';
import { pigeonholePaired } from './resample.js';
import { spreadValues } from './summary.js';

/** Catalogue metrics recomputed from the records exactly as analyze.ts computes them. */
export const PAIRED_METRICS = ['max_abs_effect', 'effect_sd', 'flip_rate', 'score_range_mean',
  'mean_score'] as const satisfies readonly MetricName[];
export type PairedMetric = (typeof PAIRED_METRICS)[number];

export function isPairedMetric(name: string): name is PairedMetric {
  return (PAIRED_METRICS as readonly string[]).includes(name);
}

export interface PairedChange {
  a: number;
  b: number;
  /** b - a, with its paired 95% interval. */
  change: number;
  ci: [number, number];
}

export interface PairedGroupChange extends PairedChange {
  /** Paired sentences of the group. */
  n: number;
  /** Simultaneous 95% interval of the change over all groups (Šidák t, the group's own df). */
  sim_ci: [number, number];
  se: number;
  df: number;
}

export interface PairedEstimates {
  groupKeys: string[];
  /** Per real group: its effect in each run and the paired change (`ci` pointwise, `sim_ci` simultaneous). */
  groups: PairedGroupChange[];
  metrics: Record<PairedMetric, PairedChange>;
  templates: number;
  resamples: number;
  seed: number;
}

export interface PairedOptions {
  attribute: string;
  seed?: number;
  /** Each run's own seed (its SEs, and so effect_sd, then reproduce its result.json); default `seed` for both. */
  seeds?: [number, number];
  resamples?: number;
}

/** A change of effects lies in [−2, 2]. */
const CHANGE_RANGE = 2;

/** `a[i]` and `b[i]` are the same sentence scored by run A and run B (review/paired.ts alignByText). */
export function pairedProbe(a: ResultRecord[], b: ResultRecord[], options: PairedOptions): PairedEstimates {
  if (a.length === 0) throw inputError('E_PAIRED_NONE', 'the two runs have no sentence text in common: nothing to pair');
  const seed = options.seed ?? 0;
  const [seedA, seedB] = options.seeds ?? [seed, seed];
  const R = options.resamples ?? DEFAULT_RESAMPLES;
  const gridA = buildGrid(a, options.attribute);
  const gridB = buildGrid(b, options.attribute);
  const gridD = buildGrid(a.map((r, i) => ({ ...r, score: b[i].score - r.score })), options.attribute);
  const G = gridA.groups;
  const templates = headlineTemplates(gridA);
  const coreA = runCore(gridA, templates, seedA, R, 'bootstrap');
  const coreB = runCore(gridB, templates, seedB, R, 'bootstrap');
  const coreD = runCore(gridD, templates, seed, R, 'paired');
  const enough = coreD.nFamilies >= MIN_FAMILIES;
  const bounded = (value: number, se: number, q: number, range: number): [number, number] =>
    (enough ? [Math.max(-range, value - q * se), Math.min(range, value + q * se)] : [NaN, NaN]);

  const groups = Array.from({ length: G }, (_, g) => {
    const change = coreD.effect[g];
    return {
      n: gridA.groupN[g], a: coreA.effect[g], b: coreB.effect[g], change, se: coreD.se[g], df: coreD.df[g],
      ci: bounded(change, coreD.se[g], tPpf(1 - ALPHA / 2, coreD.df[g]), CHANGE_RANGE),
      sim_ci: bounded(change, coreD.se[g], simultaneousCritical(G, coreD.df[g]), CHANGE_RANGE),
    };
  });

  const valuesA = { ...spreadValues(coreA.effect, coreA.se), ...perturbation(coreA) };
  const valuesB = { ...spreadValues(coreB.effect, coreB.se), ...perturbation(coreB) };
  const change = (m: PairedMetric) => valuesB[m] - valuesA[m];
  const norms = normChanges([coreA, coreB, coreD], enough);
  const sharedDraws = perturbationDraws(coreA.est, coreB.est, seed, R);
  const cis: Record<PairedMetric, [number, number]> = {
    max_abs_effect: holding(norms.max, change('max_abs_effect')),
    effect_sd: holding(norms.rms, change('effect_sd')),
    mean_score: bounded(coreD.overall, coreD.overallSe, tPpf(1 - ALPHA / 2, Math.max(1, coreD.nFamilies - 1)), 1),
    flip_rate: percentileInterval(sharedDraws.flip_rate),
    score_range_mean: percentileInterval(sharedDraws.score_range_mean),
  };
  const metrics = Object.fromEntries(
    PAIRED_METRICS.map((m) => [m, { a: valuesA[m], b: valuesB[m], change: change(m), ci: cis[m] }]),
  ) as Record<PairedMetric, PairedChange>;
  return { groupKeys: gridA.groupKeys, groups, metrics, templates: templates.length, resamples: R, seed };
}

function perturbation(core: Core): { flip_rate: number; score_range_mean: number; mean_score: number } {
  const point = core.est.run(UNIT_WEIGHTS);
  return { flip_rate: point.flipRate, score_range_mean: point.rangeMean, mean_score: core.overall };
}

/** The perturbation metrics' changes, resample by resample on the same draws for both runs (paired percentile). */
type PerturbationMetric = 'flip_rate' | 'score_range_mean';

function perturbationDraws(estA: Estimator, estB: Estimator, seed: number, R: number): Record<PerturbationMetric, Float64Array> {
  const [drawsA, drawsB] = pigeonholePaired([estA, estB], seed, R, 'bootstrap');
  return {
    flip_rate: Float64Array.from({ length: R }, (_, r) => drawsB.flipRate[r] - drawsA.flipRate[r]),
    score_range_mean: Float64Array.from({ length: R }, (_, r) => drawsB.rangeMean[r] - drawsA.rangeMean[r]),
  };
}

/** An interval widened, if ever needed, to hold its own estimate (a NaN interval stays NaN). */
function holding(ci: [number, number], value: number): [number, number] {
  if (!Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) return ci;
  return [Math.min(ci[0], value), Math.max(ci[1], value)];
}

/**
 * Bounds of the change of max |θ| and sqrt(mean θ²) from simultaneous intervals of θ_A, θ_B and δ = θ_B − θ_A
 * (Šidák over the 3G of them, each at its own df). For each box, `small[g]` / `large[g]` are the smallest and largest
 * |value| in the group's interval.
 */
function normChanges(cores: [Core, Core, Core], enough: boolean): { max: [number, number]; rms: [number, number] } {
  if (!enough) return { max: [NaN, NaN], rms: [NaN, NaN] };
  const G = cores[0].effect.length;
  const units = Array.from({ length: G }, (_, g) => g).filter((g) => cores.every((c) => Number.isFinite(c.effect[g]) &&
    Number.isFinite(c.se[g])));
  const boxes = cores.map((c) => {
    const small: number[] = [];
    const large: number[] = [];
    for (const g of units) {
      const half = simultaneousCritical(3 * units.length, c.df[g]) * c.se[g];
      const lo = c.effect[g] - half;
      const hi = c.effect[g] + half;
      small.push(lo <= 0 && hi >= 0 ? 0 : Math.min(Math.abs(lo), Math.abs(hi)));
      large.push(Math.max(Math.abs(lo), Math.abs(hi)));
    }
    return { small, large };
  });
  const [A, B, D] = boxes;
  const max = (x: number[]) => Math.max(...x);
  const rms = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
  // `+ 0` turns −0 (no change at all) into 0.
  const bound = (norm: (x: number[]) => number): [number, number] => [
    Math.max(-norm(D.large), norm(B.small) - norm(A.large)) + 0,
    Math.min(norm(D.large), norm(B.large) - norm(A.small)) + 0,
  ];
  return units.length > 0 ? { max: bound(max), rms: bound(rms) } : { max: [NaN, NaN], rms: [NaN, NaN] };
}
