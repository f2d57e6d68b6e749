/**
 * Sign-flip permutation test for paired differences d (H0: each d_i is symmetric about 0), two-sided on
 * |Σ d_i|. Exact over all 2^n sign patterns when n <= 16; otherwise a seeded Monte Carlo sample of flips with
 * the +1 correction, p = (1 + #{|S*| >= |S|}) / (1 + flips), so p is never 0 (Phipson & Smyth 2010).
 */
import type { Rng } from '../random.js';

export const EXACT_MAX_N = 16;
export const MONTE_CARLO_FLIPS = 10_000;

/**
 * Random sign patterns for `flips` rows of `width` columns, drawn once and shared by every group: one byte per
 * 8 columns, bit b of byte k set = column 8k + b keeps its sign.
 */
export interface SignTable {
  bytes: Uint8Array;
  flips: number;
  chunks: number;
}

export function drawSigns(rng: Rng, flips: number, width: number): SignTable {
  const chunks = Math.ceil(width / 8);
  const bytes = new Uint8Array(flips * chunks);
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.nextUint32() & 0xff;
  return { bytes, flips, chunks };
}

/** Observed |Σ d| and the tolerance below which two sums count as equal (floating-point sums of flips). */
function observed(d: ArrayLike<number>): { s: number; tol: number } {
  let s = 0;
  let scale = 0;
  for (let i = 0; i < d.length; i++) {
    s += d[i];
    scale += Math.abs(d[i]);
  }
  return { s: Math.abs(s), tol: 1e-10 * scale };
}

/** Exact p over all 2^n patterns, visiting them in Gray-code order so each step changes one sign. */
export function signFlipExact(d: ArrayLike<number>): number {
  const n = d.length;
  const { s: obs, tol } = observed(d);
  const sign = new Int8Array(n).fill(1);
  let s = 0;
  for (let i = 0; i < n; i++) s += d[i];
  let count = Math.abs(s) >= obs - tol ? 1 : 0;
  const total = 2 ** n;
  for (let k = 1; k < total; k++) {
    const bit = 31 - Math.clz32(k & -k);
    s -= 2 * sign[bit] * d[bit];
    sign[bit] = -sign[bit];
    if (Math.abs(s) >= obs - tol) count++;
  }
  return count / total;
}

/**
 * Monte Carlo p using the shared sign table (d may be shorter than its width: missing columns count as 0).
 * For each block of 8 columns the 256 possible signed partial sums are tabulated once, so a flip costs one
 * table look-up per 8 columns instead of 8 multiply-adds.
 */
export function signFlipMonteCarlo(d: ArrayLike<number>, table: SignTable): number {
  const { bytes, flips, chunks } = table;
  const { s: obs, tol } = observed(d);
  const partial = new Float64Array(chunks * 256);
  for (let k = 0; k < chunks; k++) {
    for (let pattern = 0; pattern < 256; pattern++) {
      let s = 0;
      for (let b = 0; b < 8; b++) {
        const i = 8 * k + b;
        if (i < d.length) s += (pattern >>> b) & 1 ? d[i] : -d[i];
      }
      partial[k * 256 + pattern] = s;
    }
  }
  let count = 0;
  for (let f = 0; f < flips; f++) {
    let s = 0;
    const row = f * chunks;
    for (let k = 0; k < chunks; k++) s += partial[k * 256 + bytes[row + k]];
    if (Math.abs(s) >= obs - tol) count++;
  }
  return (count + 1) / (flips + 1);
}
