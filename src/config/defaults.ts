/** Defaults every stage shares, in one place: change them here, never as a literal elsewhere. */

/** Bootstrap (and permutation) resamples behind every interval and p-value unless --resamples says otherwise. */
export const DEFAULT_RESAMPLES = 2000;

/** Seed for sampling (--limit) and every resampling step unless --seed says otherwise; a run records the seed it used. */
export const DEFAULT_SEED = 20240601;

/**
 * `audit diff --tolerance`: a group changed when its paired interval lies outside ±X, unchanged when inside; half a point
 * on the probability scale, below any effect a reviewer acts on and above engine round-off (ONNX vs TF.js: 1e-7).
 */
export const DEFAULT_DIFF_TOLERANCE = 0.005;

/** A probe's `sampling.max` default: the most sentences a probe may expand to. */
export const DEFAULT_MAX_ITEMS = 50_000;
/** A probe's `sampling.seed` default (mode: sample). */
export const DEFAULT_SAMPLE_SEED = 13;
