/**
 * Step 2 of the analysis: the tests. The test is the interval's own pivot, t = effect / SE (template part from the
 * design bootstrap, filler part from the fillers' own variance) with the interval's own (Satterthwaite) degrees of
 * freedom, so that "significant" and "the 95% interval excludes 0" cannot disagree in any design; Holm and BH over
 * the groups; the sign-flip over families reported beside (p_perm), never part of the decision.
 */
import { tSf } from '../distributions.js';
import { fdr_bh, holm } from '../multitest.js';
import { combine, inflation, MIN_FAMILIES, type Core } from './core.js';
import type { Design } from './design.js';
import { bootSd } from './resample.js';
import { verdict, type Verdict } from './robustness.js';
import { signFlipByFamily } from './tests.js';

/** Pairwise differences are reported up to this many groups (15 pairs). */
export const MAX_PAIRWISE_GROUPS = 6;

export interface GroupTests {
  /** Group pairs compared (few groups only), their SEs and p-values. */
  pairs: [number, number][];
  pairSe: number[];
  pairDf: number[];
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

export { MIN_FAMILIES } from './core.js';

export function testGroups(design: Design, core: Core): GroupTests {
  const { grid, G, R, seed } = design;
  const { est, draws, effect, se, nFamilies, fillers } = core;
  const pairs: [number, number][] = [];
  if (G >= 2 && G <= MAX_PAIRWISE_GROUPS) for (let a = 0; a < G; a++) for (let b = a + 1; b < G; b++) pairs.push([a, b]);
  const flips = signFlipByFamily(est.familyD, grid.families.length, G, seed, pairs);
  const enough = nFamilies >= MIN_FAMILIES;
  // No SE (a group seen in too few families, core.ts): no test, and no member of the Holm family.
  const p = Array.from({ length: G }, (_, g) => (enough && Number.isFinite(se[g]) ? waldP(effect[g], se[g], core.df[g]) : NaN));
  const pairSe: number[] = [];
  const pairDf: number[] = [];
  for (const [a, b] of pairs) {
    const d = Float64Array.from({ length: R }, (_, r) => draws.effect[a * R + r] - draws.effect[b * R + r]);
    const inverse = fillers.inverseFillers[a] + fillers.inverseFillers[b];
    const c = combine(inflation(nFamilies) * bootSd(d), Math.max(1, nFamilies - 1), fillers, inverse);
    pairSe.push(c.se);
    pairDf.push(c.df);
  }
  // A group without an SE (seen in too few families) has no test against another either.
  const pairP = pairs.map(([a, b], i) => (enough && Number.isFinite(se[a]) && Number.isFinite(se[b])
    ? waldP(effect[a] - effect[b], pairSe[i], pairDf[i]) : NaN));
  const pHolm = finiteOnly(p, holm);
  return {
    pairs,
    pairSe,
    pairDf,
    pairP,
    p,
    pHolm,
    pBh: finiteOnly(p, fdr_bh),
    pPerm: flips.group,
    directions: pHolm.map((pa, g) => verdict(pa, effect[g])),
  };
}

/** An adjustment over the finite p-values only; NaN (no test) stays NaN and counts in no family. */
export function finiteOnly(p: number[], adjust: (p: number[]) => number[]): number[] {
  const idx = p.flatMap((v, i) => (Number.isFinite(v) ? [i] : []));
  const adjusted = adjust(idx.map((i) => p[i]));
  const out = p.map(() => NaN);
  idx.forEach((i, k) => (out[i] = adjusted[k]));
  return out;
}
