/**
 * Seeded randomness for sampling. mulberry32 is small, fast and identical on every platform, which is all that
 * reproducible sampling needs (it is not for cryptography).
 */

export type Random = () => number;

/** A generator of floats in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
