/**
 * Step 2 of the analysis: the tests. The test is the interval's own pivot, t = effect / SE (the design bootstrap's
 * SE) with the interval's degrees of freedom, so that "significant" and "the 95% interval excludes 0" cannot
 * disagree; where groups have several fillers, a filler permutation beside it (intersection-union); Holm and BH
 * over the groups; the sign-flip over families reported beside (p_perm).
 */
import { tSf } from '../distributions.js';
import { fdr_bh, holm } from '../multitest.js';
import { inflation, type Core } from './core.js';
import type { Design } from './design.js';
import { bootSd } from './resample.js';
import { verdict, type Verdict } from './robustness.js';
import { fillerPermutation, signFlipByFamily } from './tests.js';

/** Pairwise differences are reported up to this many groups (15 pairs). */
export const MAX_PAIRWISE_GROUPS = 6;

export interface GroupTests {
  /** Group pairs compared (few groups only), their SEs and p-values. */
  pairs: [number, number][];
  pairSe: number[];
  pairP: number[];
  p: number[];
  pHolm: number[];
  pBh: number[];
  /** Sign-flip p over families, per group (reported beside the test). */
  pPerm: number[];
  directions: Verdict[];
}

/** Two-sided t-test p of estimate / SE; a non-zero estimate with no sampling variation at all has p = 0. */
export function waldP(estimate: number, se: number, df: number): number {
  if (!Number.isFinite(estimate) || estimate === 0) return 1;
  if (!(se > 0)) return Number.isNaN(se) ? 1 : 0;
  return Math.min(1, 2 * tSf(Math.abs(estimate) / se, df));
}

export function testGroups(design: Design, core: Core, dfs: number[]): GroupTests {
  const { grid, G, R, B, seed } = design;
  const { est, draws, effect, se, nFamilies } = core;
  const pairs: [number, number][] = [];
  if (G >= 2 && G <= MAX_PAIRWISE_GROUPS) for (let a = 0; a < G; a++) for (let b = a + 1; b < G; b++) pairs.push([a, b]);
  const flips = signFlipByFamily(est.familyD, grid.families.length, G, seed, pairs);
  let p = Array.from({ length: G }, (_, g) => waldP(effect[g], se[g], dfs[g]));
  const pairSe = pairs.map(([a, b]) => {
    const d = Float64Array.from({ length: R }, (_, r) => draws.effect[a * R + r] - draws.effect[b * R + r]);
    return inflation(nFamilies) * bootSd(d);
  });
  let pairP = pairs.map(([a, b], i) => waldP(effect[a] - effect[b], pairSe[i], Math.min(dfs[a], dfs[b])));
  if (design.multiFiller) {
    // Names are a sample: the labels are also permuted across fillers (stratified by the confounder), and a group
    // is significant only if both tests say so (intersection-union).
    const strataOf = (f: number) =>
      JSON.stringify([grid.fillers[f].slot, ...design.confounders.map((c) => grid.fillers[f].entry[c] ?? null)]);
    const perm = fillerPermutation(est, effect, strataOf, B, seed, pairs);
    p = p.map((v, g) => Math.max(v, perm.group[g]));
    pairP = pairP.map((v, i) => Math.max(v, perm.pair[i]));
  }
  const pHolm = holm(p);
  return {
    pairs,
    pairSe,
    pairP,
    p,
    pHolm,
    pBh: fdr_bh(p),
    pPerm: flips.group,
    directions: pHolm.map((pa, g) => verdict(pa, effect[g])),
  };
}
