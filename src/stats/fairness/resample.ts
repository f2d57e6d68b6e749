/**
 * Generic cluster bootstrap with optional strata, for any statistic that takes per-row weights. A resample
 * draws, inside each stratum, as many clusters as the stratum has, with replacement; every row of a drawn
 * cluster gets the cluster's multiplicity as its weight. Labelled-data metrics use one cluster per text,
 * stratified by label (the class sizes stay fixed, so every resample has both classes); counterfactual swaps use
 * one cluster per source text (its counterfactuals move together).
 *
 * Random numbers come from the project's seeded generator (stats/random.ts) and intervals are percentile
 * intervals from stats/descriptive `quantiles`, as in the probe analysis.
 */
import { percentileInterval } from '../descriptive.js';
import { mulberry32, type Rng } from '../random.js';

export interface ClusterDesign {
  /** Row -> cluster index (0..clusters-1). */
  clusterOf: Int32Array;
  /** Cluster -> stratum index; all clusters in one stratum when omitted. */
  stratumOf?: Int32Array;
}

export type Resampler = (rng: Rng, rowWeights: Float64Array) => void;

/** A function that fills `rowWeights` (one per row) with one resample's multiplicities. */
export function clusterResampler(design: ClusterDesign): Resampler {
  const { clusterOf } = design;
  let clusters = 0;
  for (let i = 0; i < clusterOf.length; i++) if (clusterOf[i] + 1 > clusters) clusters = clusterOf[i] + 1;
  const stratumOf = design.stratumOf ?? new Int32Array(clusters);
  const strata: number[][] = [];
  for (let c = 0; c < clusters; c++) (strata[stratumOf[c]] ??= []).push(c);
  const members = strata.filter(Boolean).map((s) => Int32Array.from(s));
  const count = new Float64Array(clusters);
  return (rng, rowWeights) => {
    count.fill(0);
    for (const s of members) for (let k = 0; k < s.length; k++) count[s[rng.int(s.length)]]++;
    for (let i = 0; i < clusterOf.length; i++) rowWeights[i] = count[clusterOf[i]];
  };
}

export interface BootstrapOptions {
  resamples: number;
  seed: number;
  /** Told after each resample how many rows it weighed (progress and ETA of a long analysis). */
  onResample?: (rows: number) => void;
}

/**
 * Runs `statistic` on `resamples` weightings and returns the values resample-major: values[r * m + j] for the
 * j-th of the m numbers the statistic returns (NaN where it is undefined in a resample).
 */
export function bootstrapValues(
  rows: number,
  m: number,
  statistic: (w: Float64Array) => ArrayLike<number>,
  resample: Resampler,
  options: BootstrapOptions,
): Float64Array {
  const rng = mulberry32(options.seed);
  const weights = new Float64Array(rows);
  const values = new Float64Array(options.resamples * m);
  for (let r = 0; r < options.resamples; r++) {
    resample(rng, weights);
    const v = statistic(weights);
    for (let j = 0; j < m; j++) values[r * m + j] = v[j] ?? NaN;
    options.onResample?.(rows);
  }
  return values;
}

/** Percentile interval (stats/descriptive) of column j of resample-major bootstrap values (NaN resamples skipped). */
export function columnInterval(values: Float64Array, m: number, j: number, level = 0.95): [number, number] {
  const R = values.length / m;
  const column = new Float64Array(R);
  for (let r = 0; r < R; r++) column[r] = values[r * m + j];
  return percentileInterval(column, level);
}

/** A change B − A between two runs on the same rows, with its paired 95% interval (null where undefined). */
export interface PairedValue {
  a: number | null;
  b: number | null;
  change: number | null;
  ci: [number | null, number | null];
}

/** A number, or null where it is NaN or infinite (result.json has no NaN). */
export const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Paired change of the j-th of m numbers: `values` hold, resample-major, run A's m numbers then run B's m numbers
 * for the same resample of the rows (2m per resample), so B − A is taken within each resample.
 */
export function pairedColumn(a: number, b: number, values: Float64Array, m: number, j: number): PairedValue {
  const out: PairedValue = { a: finite(a), b: finite(b), change: null, ci: [null, null] };
  if (out.a === null || out.b === null) return out;
  out.change = b - a;
  const R = values.length / (2 * m);
  if (R === 0) return out;
  const column = new Float64Array(R);
  for (let r = 0; r < R; r++) column[r] = values[r * 2 * m + m + j] - values[r * 2 * m + j];
  const [lo, hi] = percentileInterval(column);
  out.ci = [finite(lo), finite(hi)];
  return out;
}
