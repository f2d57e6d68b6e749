/**
 * Step 3 of the analysis: the intervals. Each group's t-type interval of its effect and of its mean score with the
 * group's own degrees of freedom, the simultaneous (Šidák-t, each group at its own df) intervals, ranks with their
 * bootstrap intervals, and the pairwise differences. Every interval stays on its scale ([0, 1] for a probability,
 * [−1, 1] for a difference), and below three families there is none ("too few templates to estimate").
 */
import type { GroupStat, PairStat } from '../../result/index.js';
import { percentileInterval } from '../descriptive.js';
import { tPpf } from '../distributions.js';
import { holm } from '../multitest.js';
import type { Core } from './core.js';
import type { Design } from './design.js';
import type { Grid } from './grid.js';
import { finiteOnly, MIN_FAMILIES, type GroupTests } from './group-tests.js';
import { wordingReadings, wordingSets } from './robustness.js';

export const ALPHA = 0.05;

/**
 * Critical value of simultaneous 95% intervals over `units` estimates with t-type standard errors: the Šidák
 * t quantile, t_df at 1 - (1 - 0.95^(1/units)) / 2. Valid by the union bound whenever each marginal t interval is,
 * with no assumption on how the groups' errors depend on each other. Measured against the alternatives on the
 * countries design (docs/statistics.md): a bootstrap max-t (bootstrap SDs, multivariate-t tails) covered all 239
 * effects at once in only 88% of simulations (a mean of 20 skewed family contrasts has heavier tails than it
 * assumes), a studentized bootstrap-t max in 100% but with a critical value of 5.3 instead of 4.6, at the
 * cost of power.
 */
export function simultaneousCritical(units: number, df: number): number {
  if (units < 1) return NaN;
  const tail = (1 - 0.95 ** (1 / units)) / 2;
  return tPpf(1 - tail, df);
}

export function tInterval(value: number, se: number, df: number): [number, number] {
  const q = tPpf(1 - ALPHA / 2, df);
  return [value - q * se, value + q * se];
}

/** value ± q·se kept on the scale of a difference of probabilities, [−1, 1]; no interval from too few families. */
export function differenceInterval(value: number, se: number, q: number, nFamilies: number): [number, number] {
  if (nFamilies < MIN_FAMILIES) return [NaN, NaN];
  return [Math.max(-1, value - q * se), Math.min(1, value + q * se)];
}

/** A t interval of a mean probability, clipped to [0, 1] (few families give wide intervals). */
export function probabilityInterval(value: number, se: number, df: number): [number, number] {
  const [low, high] = tInterval(value, se, df);
  return [Math.max(0, low), Math.min(1, high)];
}

/** Every group's row of `stats.groups`: estimates, intervals, tests, rank, wording. */
export function groupStats(design: Design, core: Core, tests: GroupTests): GroupStat[] {
  const { grid, G, R, headline } = design;
  const { est, draws, effect, mean, se, meanSe, df, nFamilies } = core;
  const rankDraws = ranksOf(draws.effect, G, R);
  const rank = competitionRanks(effect);
  const wording = wordingReadings(wordingSets(grid, est.included), est.d, G, effect);
  return grid.groupKeys.map((key, g) => {
    let above = 0;
    let below = 0;
    for (const t of headline) {
      const c = est.d[t * G + g];
      if (c > 0) above++;
      else if (c < 0) below++;
    }
    const rankCi = percentileInterval(rankDraws.subarray(g * R, (g + 1) * R));
    return {
      key,
      n: grid.groupN[g],
      n_fillers: design.fillerCounts[g],
      mean: mean[g],
      ci: probabilityInterval(mean[g], meanSe[g], df[g]),
      centred: effect[g],
      centred_ci: differenceInterval(effect[g], se[g], tPpf(1 - ALPHA / 2, df[g]), nFamilies),
      sim_ci: differenceInterval(effect[g], se[g], simultaneousCritical(G, df[g]), nFamilies),
      se: se[g],
      df: df[g],
      conditional_on_fillers: core.fillers.conditional[g],
      rank: rank[g],
      rank_ci: [Math.floor(rankCi[0]), Math.ceil(rankCi[1])],
      p: tests.p[g],
      p_perm: tests.pPerm[g],
      p_adj: tests.pHolm[g],
      p_adj_bh: tests.pBh[g],
      significant: tests.pHolm[g] < ALPHA,
      wording: wording.wording[g],
      direction_flip: wording.flip[g],
      direction: tests.directions[g],
      templates_above: above,
      templates_below: below,
      attrs: attributesOf(grid.groupSlot[g]),
    };
  });
}

/** Pairwise differences with simultaneous intervals (few groups); null when no pair is compared. */
export function pairStats(grid: Grid, core: Core, tests: GroupTests): PairStat[] | null {
  const { pairs, pairSe, pairDf, pairP } = tests;
  if (pairs.length === 0) return null;
  const { effect } = core;
  const pEst = pairs.map(([a, b]) => effect[a] - effect[b]);
  const pAdj = finiteOnly(pairP, holm);
  return pairs.map(([a, b], i) => ({
    a: grid.groupKeys[a],
    b: grid.groupKeys[b],
    diff: pEst[i],
    ci: differenceInterval(pEst[i], pairSe[i], simultaneousCritical(pairs.length, pairDf[i]), core.nFamilies),
    p: pairP[i],
    p_adj: pAdj[i],
  }));
}

/** Per resample, the rank of each group's effect (1 + number strictly higher). */
function ranksOf(effect: Float64Array, G: number, R: number): Float64Array {
  const out = new Float64Array(G * R);
  const column = new Float64Array(G);
  for (let r = 0; r < R; r++) {
    for (let g = 0; g < G; g++) column[g] = effect[g * R + r];
    const sorted = Float64Array.from(column).sort();
    let finite = G;
    while (finite > 0 && Number.isNaN(sorted[finite - 1])) finite--;
    for (let g = 0; g < G; g++) out[g * R + r] = Number.isNaN(column[g]) ? NaN : 1 + finite - upperBound(sorted, finite, column[g]);
  }
  return out;
}

/** Rank 1 = highest effect; tied effects share the better rank. */
function competitionRanks(values: ArrayLike<number>): number[] {
  const list = Array.from(values);
  return list.map((v) => 1 + list.filter((w) => w > v).length);
}

function upperBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function attributesOf(slot: Grid['groupSlot'][number]): GroupStat['attrs'] {
  const attrs: GroupStat['attrs'] = {};
  for (const [k, v] of Object.entries(slot)) if (k !== 'value' && v !== undefined) attrs[k] = v;
  return attrs;
}
