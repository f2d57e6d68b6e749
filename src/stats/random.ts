/**
 * Seeded pseudo-random numbers for the bootstrap and permutation tests.
 *
 * Why not a library: seedrandom and d3-random are installed only as transitive dependencies (not ours to rely
 * on), and all we need is a fast, reproducible stream of 32-bit integers with a 32-bit seed. mulberry32
 * (Tommy Ettinger's public-domain generator) passes gjrand/PractRand to multi-gigabyte lengths, which is far
 * beyond the ~10^7 draws of one analysis, and is a handful of integer operations per draw.
 */
export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    nextUint32,
    next: () => nextUint32() / 4294967296,
    int: (n: number) => Math.floor((nextUint32() / 4294967296) * n),
  };
}
