/**
 * Named random streams: every quantity that draws random numbers gets its own generator, seeded from the run's
 * seed and the quantity's name (FNV-1a hash, then a murmur3 finaliser to spread the bits). Adding a roll-up, a
 * frame or a metric therefore moves no other number, and the order of records moves nothing either (each stream
 * draws over units sorted by key).
 */
import { mulberry32, type Rng } from '../random.js';

export function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function stream(seed: number, name: string): Rng {
  return mulberry32(streamSeed(seed, name));
}

/** Standard normal draw (Box-Muller, one value per call; speed is not an issue where it is used). */
export function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}
