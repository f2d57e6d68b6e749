/** Descriptive statistics on plain arrays (numpy semantics: `std` takes ddof, default 0 like numpy). */

export type Sample = ArrayLike<number>;

export function mean(x: Sample): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Variance with `ddof` delta degrees of freedom (two-pass, so large offsets do not cancel). */
export function variance(x: Sample, ddof = 0): number {
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - m) ** 2;
  return ss / (x.length - ddof);
}

export function std(x: Sample, ddof = 0): number {
  return Math.sqrt(variance(x, ddof));
}

/** Quantile of an ascending-sorted sample, linear interpolation (numpy's default, Hyndman-Fan type 7). */
export function quantileSorted(sorted: Sample, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function median(x: Sample): number {
  const sorted = Float64Array.from(x).sort();
  return quantileSorted(sorted, 0.5);
}

/** Rearranges `a` so that a[k] is the k-th smallest value (Hoare's quickselect, median-of-three pivot). */
function select(a: Float64Array, k: number, from: number, to: number): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as pivot keeps sorted or constant inputs from degrading to O(n²).
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * Linear-interpolated quantiles (numpy's default) of the finite values of `values`, without a full sort:
 * the two order statistics each quantile needs are found by quickselect. `values` is not modified.
 */
export function quantiles(values: ArrayLike<number>, ps: number[]): number[] {
  const a = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) a[n++] = values[i];
  if (n === 0) return ps.map(() => NaN);
  return ps.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    select(a, lo, 0, n - 1);
    const low = a[lo];
    if (lo + 1 >= n || h === lo) return low;
    // After selecting lo, the (lo+1)-th smallest is the minimum of the part above it.
    let next = Infinity;
    for (let i = lo + 1; i < n; i++) if (a[i] < next) next = a[i];
    return low + (h - lo) * (next - low);
  });
}

/**
 * Percentile interval of bootstrap (or permutation) draws: the (1 - level)/2 and (1 + level)/2 quantiles, linear
 * interpolation, NaN draws (e.g. a group absent from a resample) skipped. [NaN, NaN] when no draw is a number.
 */
export function percentileInterval(draws: ArrayLike<number>, level = 0.95): [number, number] {
  // In percent first: (1 - 0.95) / 2 is 0.025000000000000022, (100 - 95) / 200 is 0.025 exactly.
  const pct = 100 * level;
  const [low, high] = quantiles(draws, [(100 - pct) / 200, (100 + pct) / 200]);
  return [low, high];
}

/** Mean of the finite values (NaN and ±Infinity skipped; NaN when none is finite), in index order. */
export function finiteMean(x: Sample): number {
  let s = 0;
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i])) {
      s += x[i];
      m++;
    }
  }
  return m > 0 ? s / m : NaN;
}
