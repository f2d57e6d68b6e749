/**
 * Seeded randomness for sampling: the same mulberry32 stream the statistics use (src/stats/random.ts), as a plain
 * function of floats in [0, 1). Reproducible on every platform; not for cryptography.
 */
import { mulberry32 as rng } from '../stats/index.js';

export type Random = () => number;

/** A generator of floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Random {
  const r = rng(seed);
  return () => r.next();
}

/** A uniform integer in [0, n), using two draws so that n up to 2^53 is covered evenly. */
export function randomInt(random: Random, n: number): number {
  const hi = Math.floor(random() * 2 ** 21);
  const lo = Math.floor(random() * 2 ** 32);
  return Math.floor(((hi * 2 ** 32 + lo) / 2 ** 53) * n);
}

/**
 * k distinct integers from [0, n), sorted ascending (Floyd's algorithm: k draws whatever n is, so a sample from a
 * space of billions costs no more than the sample). k >= n returns every index.
 */
export function sampleIndices(n: number, k: number, random: Random): number[] {
  if (k >= n) return Array.from({ length: n }, (_, i) => i);
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = randomInt(random, j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((x, y) => x - y);
}
