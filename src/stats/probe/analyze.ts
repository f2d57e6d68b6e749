/**
 * analyzeProbe: one probe's records -> ProbeStats (the `stats` block of result.json). docs/statistics.md is the
 * specification; in short:
 *
 *   records ─ grid.ts ─▶ families x fillers x combinations of the other slots
 *           ─ effects.ts ─▶ the group effect: mean score minus the average over groups in the same template,
 *                           averaged over paraphrase families (the ONE contrast of every number below)
 *           ─ tests: t on effect / SE (the interval's pivot), + filler permutation (several fillers), Holm/BH;
 *                    a sign-flip over families reported beside it (p_perm)
 *           ─ resample.ts ─▶ pigeonhole bootstrap: t-type intervals, simultaneous (Šidák-t) intervals, spread metrics
 *           ─ robustness.ts ─▶ `stable` across paraphrase wordings
 *           ─ varcomp/ ─▶ `variance`: REML variance decomposition (family as the template unit), computed once
 *
 * The headline analysis uses the neutral templates (positive and negative frames saturate near 0 and 1); each
 * frame is also analysed on its own (`frames`). Every random draw comes from a named stream (streams.ts).
 */
import { DEFAULT_RESAMPLES } from '../../config/defaults.js';
import type {
  Frame, FrameStat, GroupStat, Interval, PairStat, ProbeStats, ResultRecord, RollupStat, TemplateStat, VarianceStat,
} from '../../result/index.js';
import { inputError, isAuditError } from '../../errors.js';
import { fitVarianceComponents, varcompFromRecords, varcompSummary } from '../varcomp/index.js';
import type { DescriptiveName, MetricName } from '../../result/index.js';
import { percentileInterval, quantiles } from '../descriptive.js';
import { normalPpf, tPpf, tSf } from '../distributions.js';
import { fdr_bh, holm } from '../multitest.js';
import { friedmanchisquare } from '../nonparametric.js';
import { Estimator, UNIT_WEIGHTS } from './effects.js';
import { buildGrid, type Grid } from './grid.js';
import { bootSd, pigeonhole, type Draws } from './resample.js';
import { stability, verdict, wordingSets, type TemplateFamily } from './robustness.js';
import { stream } from './streams.js';
import { fillerPermutation, signFlipByFamily } from './tests.js';

export interface AnalyzeOptions {
  /** The slot whose values are the groups compared (e.g. "country"). */
  attribute: string;
  seed?: number;
  /** Bootstrap resamples (default DEFAULT_RESAMPLES, 2000). */
  resamples?: number;
  /** Filler permutations of the test where groups have several fillers (default DEFAULT_RESAMPLES, 2000). */
  permutations?: number;
  /** Filler attributes to stratify the permutation by, where the lexicon has them (default: gender). */
  confounders?: string[];
  /** Paraphrase families by name; default: follow `paraphrase_of` to the root template. */
  templateFamily?: TemplateFamily;
}

/** Group attributes that get roll-ups when the lexicon provides them. */
const ROLLUP_ATTRIBUTES = ['region', 'income_group'];
const EXTREME_PAIRS = 20;
/** Pairwise differences are reported up to this many groups (15 pairs). */
export const MAX_PAIRWISE_GROUPS = 6;
const ALPHA = 0.05;
const POWER_Z = normalPpf(0.8);

function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      s += values[i];
      m++;
    }
  }
  return m > 0 ? s / m : NaN;
}

function percentile(values: ArrayLike<number>): [number, number] {
  return percentileInterval(Float64Array.from(values, (v) => (Number.isFinite(v) ? v : NaN)));
}

/** The t-type correction of the bootstrap SD: the family draw shrinks the variance by (n - 1) / n. */
function inflation(n: number): number {
  return n > 1 ? Math.sqrt(n / (n - 1)) : NaN;
}

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

export interface Core {
  est: Estimator;
  draws: Draws;
  effect: Float64Array;
  mean: Float64Array;
  overall: number;
  se: Float64Array;
  meanSe: Float64Array;
  nFamilies: number;
}

/** The templates of the headline analysis: the neutral ones when there are any, else all. */
export function headlineTemplates(grid: Grid): number[] {
  const all = grid.templates.map((_, t) => t);
  const neutral = all.filter((t) => grid.templates[t].frame === 'neutral');
  return neutral.length > 0 ? neutral : all;
}

/** Standard errors of the effects from a run's bootstrap draws (t-type corrected). */
export function effectSes(draws: Draws, groups: number, nFamilies: number): Float64Array {
  const k = inflation(nFamilies);
  return Float64Array.from({ length: groups }, (_, g) => k * bootSd(draws.effect.subarray(g * draws.R, (g + 1) * draws.R)));
}

/** The point value of each group-difference metric from effects and their standard errors (also per resample). */
export function spreadValues(effect: ArrayLike<number>, se: ArrayLike<number>): { max_abs_effect: number; effect_sd: number } {
  let max = NaN;
  let q = 0;
  let n = 0;
  for (let g = 0; g < effect.length; g++) {
    if (!Number.isFinite(effect[g]) || !Number.isFinite(se[g])) continue;
    max = Number.isNaN(max) ? Math.abs(effect[g]) : Math.max(max, Math.abs(effect[g]));
    q += effect[g] ** 2 - se[g] ** 2;
    n++;
  }
  return { max_abs_effect: max, effect_sd: n > 0 ? Math.sqrt(Math.max(0, q / n)) : NaN };
}

export function runCore(grid: Grid, templates: number[], seed: number, R: number, prefix: string): Core {
  const est = new Estimator(grid, templates);
  const point = est.run(UNIT_WEIGHTS, undefined, true);
  const effect = Float64Array.from(point.effect);
  const mean = Float64Array.from(point.mean);
  const overall = point.overall;
  const draws = pigeonhole(est, seed, R, prefix);
  const nFamilies = est.included.filter((ts) => ts.length > 0).length;
  const k = inflation(nFamilies);
  const G = grid.groups;
  const se = effectSes(draws, G, nFamilies);
  const meanSe = Float64Array.from({ length: G }, (_, g) => k * bootSd(draws.mean.subarray(g * R, (g + 1) * R)));
  est.run(UNIT_WEIGHTS, undefined, true);
  return { est, draws, effect, mean, overall, se, meanSe, nFamilies };
}

/** Degrees of freedom of a group's t-type interval: families - 1, or fillers - 1 when the group has fewer fillers. */
function groupDf(nFamilies: number, fillersPerSlot: number): number {
  const n = fillersPerSlot > 1 ? Math.min(nFamilies, fillersPerSlot) : nFamilies;
  return Math.max(1, n - 1);
}

/** Two-sided t-test p of estimate / SE; a non-zero estimate with no sampling variation at all has p = 0. */
export function waldP(estimate: number, se: number, df: number): number {
  if (!Number.isFinite(estimate) || estimate === 0) return 1;
  if (!(se > 0)) return Number.isNaN(se) ? 1 : 0;
  return Math.min(1, 2 * tSf(Math.abs(estimate) / se, df));
}

function tInterval(value: number, se: number, df: number): [number, number] {
  const q = tPpf(1 - ALPHA / 2, df);
  return [value - q * se, value + q * se];
}

/** A t interval of a mean probability, clipped to [0, 1] (few families give wide intervals). */
function probabilityInterval(value: number, se: number, df: number): [number, number] {
  const [low, high] = tInterval(value, se, df);
  return [Math.max(0, low), Math.min(1, high)];
}

/** The decomposition's input errors (a design it cannot fit): the run goes on with `stats.variance = null`. */
const VARCOMP_INPUT_ERRORS: ReadonlySet<string> = new Set(['E_VARCOMP_EMPTY', 'E_VARCOMP_SCORE', 'E_VARCOMP_DESIGN', 'E_VARCOMP_ATTRIBUTE']);

export function analyzeProbe(records: ResultRecord[], options: AnalyzeOptions): ProbeStats {
  const seed = options.seed ?? 0;
  const R = options.resamples ?? DEFAULT_RESAMPLES;
  const B = options.permutations ?? DEFAULT_RESAMPLES;
  if (!Number.isInteger(R) || R < 2) throw inputError('E_STATS_OPTIONS', `resamples must be an integer of at least 2, got ${R}`);
  if (!Number.isInteger(B) || B < 1) throw inputError('E_STATS_OPTIONS', `permutations must be a positive integer, got ${B}`);
  const grid = buildGrid(records, options.attribute, options.templateFamily);
  const G = grid.groups;
  const allTemplates = grid.templates.map((_, t) => t);
  const headline = headlineTemplates(grid);
  const headlineFrames = [...new Set(headline.map((t) => grid.templates[t].frame))];

  // 1. Point estimates and the bootstrap of the headline analysis.
  const core = runCore(grid, headline, seed, R, 'bootstrap');
  const { est, draws, effect, mean, overall, se, meanSe, nFamilies } = core;

  // 2. Design: fillers per group (per slot), the test, the strata, the degrees of freedom.
  const fillersPerSlot = grid.groupKeys.map((_, g) => {
    const bySlot = new Map<string, number>();
    for (const f of grid.groupFillers[g]) bySlot.set(grid.fillers[f].slot, (bySlot.get(grid.fillers[f].slot) ?? 0) + 1);
    return Math.min(...bySlot.values());
  });
  const fillerCounts = grid.groupFillers.map((f) => f.length);
  const multiFiller = fillerCounts.some((n) => n > 1);
  const attributeNames = new Set(options.attribute.split(',').map((a) => a.trim().split('.').pop()!));
  const confounders = multiFiller
    ? (options.confounders ?? ['gender']).filter(
      (c) => !attributeNames.has(c) && grid.fillers.some((f) => f.group >= 0 && f.entry[c] !== undefined && f.entry[c] !== null),
    )
    : [];
  const dfs = fillersPerSlot.map((n) => groupDf(nFamilies, n));
  const df = Math.min(...dfs);

  // 3. Tests.
  const pairs: [number, number][] = [];
  if (G >= 2 && G <= MAX_PAIRWISE_GROUPS) for (let a = 0; a < G; a++) for (let b = a + 1; b < G; b++) pairs.push([a, b]);
  // The test is the interval's own pivot: t = effect / SE (the design bootstrap's SE), df as the interval's, so
  // that "significant" and "the 95% interval excludes 0" can never disagree; Holm over the groups.
  const flips = signFlipByFamily(est.familyD, grid.families.length, G, seed, pairs);
  let p = Array.from({ length: G }, (_, g) => waldP(effect[g], se[g], dfs[g]));
  const pairSe = pairs.map(([a, b]) => {
    const d = Float64Array.from({ length: R }, (_, r) => draws.effect[a * R + r] - draws.effect[b * R + r]);
    return inflation(nFamilies) * bootSd(d);
  });
  let pairP = pairs.map(([a, b], i) => waldP(effect[a] - effect[b], pairSe[i], Math.min(dfs[a], dfs[b])));
  if (multiFiller) {
    // Names are a sample: the labels are also permuted across fillers (stratified by the confounder), and a group
    // is significant only if both tests say so (intersection-union).
    const strataOf = (f: number) => JSON.stringify([grid.fillers[f].slot, ...confounders.map((c) => grid.fillers[f].entry[c] ?? null)]);
    const perm = fillerPermutation(est, effect, strataOf, B, seed, pairs);
    p = p.map((v, g) => Math.max(v, perm.group[g]));
    pairP = pairP.map((v, i) => Math.max(v, perm.pair[i]));
  }
  const pHolm = holm(p);
  const pBh = fdr_bh(p);
  const directions = pHolm.map((pa, g) => verdict(pa, effect[g]));

  // 4. Intervals: t-type marginal, max-t simultaneous, ranks.
  const crit = simultaneousCritical(G, df);
  const simSe = se;
  const rankDraws = ranksOf(draws.effect, G, R);
  const rank = competitionRanks(effect);
  const sets = wordingSets(grid, est.included);
  const stable = stability(sets, est.d, G, directions);

  const groups: GroupStat[] = grid.groupKeys.map((key, g) => {
    let above = 0;
    let below = 0;
    for (const t of headline) {
      const c = est.d[t * G + g];
      if (c > 0) above++;
      else if (c < 0) below++;
    }
    const rankCi = percentile(rankDraws.subarray(g * R, (g + 1) * R));
    return {
      key,
      n: grid.groupN[g],
      n_fillers: fillerCounts[g],
      mean: mean[g],
      ci: probabilityInterval(mean[g], meanSe[g], dfs[g]),
      centred: effect[g],
      centred_ci: tInterval(effect[g], se[g], dfs[g]),
      sim_ci: [effect[g] - crit * simSe[g], effect[g] + crit * simSe[g]],
      rank: rank[g],
      rank_ci: [Math.floor(rankCi[0]), Math.ceil(rankCi[1])],
      p: p[g],
      p_perm: flips.group[g],
      p_adj: pHolm[g],
      p_adj_bh: pBh[g],
      significant: pHolm[g] < ALPHA,
      stable: stable[g],
      direction: directions[g],
      templates_above: above,
      templates_below: below,
      attrs: attributesOf(grid.groupSlot[g]),
    };
  });

  // 5. Pairwise differences with simultaneous intervals (few groups).
  let pairStats: PairStat[] | null = null;
  if (pairs.length > 0) {
    const pEst = pairs.map(([a, b]) => effect[a] - effect[b]);
    const pCrit = simultaneousCritical(pairs.length, df);
    const pAdj = holm(pairP);
    pairStats = pairs.map(([a, b], i) => ({
      a: grid.groupKeys[a],
      b: grid.groupKeys[b],
      diff: pEst[i],
      ci: [pEst[i] - pCrit * pairSe[i], pEst[i] + pCrit * pairSe[i]],
      p: pairP[i],
      p_adj: pAdj[i],
    }));
  }

  // 6. Spread and worst-case metrics, perturbation metrics, level.
  const summary: Partial<Record<MetricName, Interval>> = {};
  const finite = Array.from({ length: G }, (_, g) => g).filter((g) => Number.isFinite(effect[g]) && Number.isFinite(se[g]));
  if (finite.length > 0) {
    const maxAbs = spreadValues(effect, se).max_abs_effect;
    const low = Math.max(0, ...finite.map((g) => Math.abs(effect[g]) - crit * simSe[g]));
    const high = Math.max(...finite.map((g) => Math.abs(effect[g]) + crit * simSe[g]));
    summary.max_abs_effect = { value: maxAbs, ci: [low, high] };
    summary.effect_sd = effectSd(effect, se, draws.effect, finite, R);
  }
  summary.flip_rate = { value: est.out.flipRate, ci: percentile(draws.flipRate) };
  summary.score_range_mean = { value: est.out.rangeMean, ci: percentile(draws.rangeMean) };
  const overallSe = inflation(nFamilies) * bootSd(draws.overall);
  summary.mean_score = { value: overall, ci: probabilityInterval(overall, overallSe, Math.max(1, nFamilies - 1)) };

  const control = controlStats(grid, est, headline);
  const medianSe = quantiles(Float64Array.from(finite.map((g) => se[g])), [0.5])[0];
  const bonferroni = tPpf(1 - ALPHA / (2 * G), df);
  const minP = multiFiller ? 1 / (B + 1) : 0;
  const descriptive: Record<DescriptiveName, number> = {
    group_range: finite.length > 0 ? Math.max(...finite.map((g) => effect[g])) - Math.min(...finite.map((g) => effect[g])) : NaN,
    share_significant: groups.filter((g) => g.significant).length / G,
    min_detectable_effect: (bonferroni + POWER_Z) * medianSe,
    min_p: minP,
    control_shift: control ? control.mean_abs_shift : NaN,
  };

  // 7. Templates (all frames), frames apart, roll-ups, omnibus, extreme pairs.
  const all = new Estimator(grid, allTemplates);
  all.run(UNIT_WEIGHTS, undefined, true);
  const templates: TemplateStat[] = grid.templates.map((info, t) => templateStat(grid, all, info, t));
  const frames: FrameStat[] = (['neutral', 'positive', 'negative'] as Frame[]).flatMap((frame) => {
    const ts = allTemplates.filter((t) => grid.templates[t].frame === frame);
    if (ts.length === 0) return [];
    const c = headlineFrames.length === 1 && headlineFrames[0] === frame ? core : runCore(grid, ts, seed, R, `frame:${frame}`);
    return [{
      frame,
      n_templates: ts.length,
      n_families: c.nFamilies,
      groups: grid.groupKeys.map((key, g) => ({
        key,
        centred: c.effect[g],
        centred_ci: tInterval(c.effect[g], c.se[g], groupDf(c.nFamilies, fillersPerSlot[g])),
      })),
    }];
  });

  return {
    attribute: options.attribute,
    seed,
    resamples: R,
    n_records: records.length,
    n_groups: G,
    n_templates: headline.length,
    overall_mean: overall,
    overall_ci: summary.mean_score.ci,
    design: {
      frames: headlineFrames,
      scale: 'probability',
      n_families: nFamilies,
      fillers_per_group: [Math.min(...fillerCounts), Math.max(...fillerCounts)],
      test: multiFiller ? 't over families and filler permutation' : 't over families',
      stratified_by: confounders,
      crossed_slots: grid.otherSlots,
      df,
      critical_max_t: crit,
      resamples: R,
      permutations: multiFiller ? B : 0,
    },
    groups,
    pairs: pairStats,
    templates,
    frames,
    rollups: rollups(grid, mean, draws, R, seed),
    omnibus: { friedman: friedman(est, grid) },
    control,
    summary,
    descriptive,
    extreme_pairs: extremePairs(grid, records),
    variance: varianceStat(grid, records, headline, options.attribute),
  };
}

/**
 * The variance decomposition of the headline templates' non-control records, with the paraphrase family as the
 * template (a family counts once, as everywhere else). A design the fit refuses (E_VARCOMP_*: e.g. no residual
 * degrees of freedom), a fit that breaks down numerically (scores with no residual at all) or a single group gives
 * null: the decomposition is context, it never stops a run.
 */
function varianceStat(grid: Grid, records: ResultRecord[], headline: number[], attribute: string): VarianceStat | null {
  // One group: nothing to compare (the fit would run, but its group spread and shares would describe no groups).
  if (grid.groups < 2) return null;
  const familyOf = new Map(headline.map((t) => [grid.templates[t].id, grid.families[grid.templates[t].family]]));
  try {
    const kept = records.filter((r) => !r.control && familyOf.has(r.template_id));
    const rows = varcompFromRecords(kept, attribute).map((row) => ({ ...row, template: familyOf.get(row.template)! }));
    const fit = fitVarianceComponents(rows);
    // In the order of the model's terms, residual last.
    const ordered = (c: VarianceStat['components']) => ({ template: c.template, filler: c.filler, 'template:group': c['template:group'], residual: c.residual });
    return {
      method: fit.method,
      components: ordered(fit.components),
      shares: ordered(fit.share),
      not_identifiable: fit.not_identifiable.map((x) => ({ ...x })),
      clamped: [...fit.clamped],
      group_spread: fit.group_spread,
      n: fit.n,
      converged: fit.converged,
      summary: varcompSummary(fit),
    };
  } catch (e) {
    if (isAuditError(e) && VARCOMP_INPUT_ERRORS.has(e.code)) return null;
    // The fit's own numerical breakdown (its Cholesky factor), e.g. on scores that are exactly additive (no residual).
    if (e instanceof Error && e.message.startsWith('varcomp: ')) return null;
    throw e;
  }
}

/**
 * Between-group SD (root mean square) of the true effects: sqrt(mean_g(effect_g^2 - se_g^2)), the sampling
 * variance subtracted. Interval: basic bootstrap on the squared scale (2Q - quantiles of Q*), clamped at 0, so that
 * the bootstrap's own added noise is not counted as spread.
 */
function effectSd(effect: Float64Array, se: Float64Array, draws: Float64Array, units: number[], R: number): Interval {
  const q = (value: (g: number) => number) => meanOf(units.map((g) => value(g) ** 2 - se[g] ** 2));
  const Q = q((g) => effect[g]);
  // (sqrt(max(0, Q)) is spreadValues' effect_sd: the same number.)
  const boot = Float64Array.from({ length: R }, (_, r) => q((g) => draws[g * R + r]));
  const [lo, hi] = percentile(boot);
  const root = (x: number) => Math.sqrt(Math.max(0, x));
  return { value: root(Q), ci: [root(2 * Q - hi), root(2 * Q - lo)] };
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

function templateStat(grid: Grid, all: Estimator, info: Grid['templates'][number], t: number): TemplateStat {
  const G = grid.groups;
  const row = Array.from(all.m.subarray(t * G, (t + 1) * G)).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = row.length;
  const m = n > 0 ? row.reduce((a, b) => a + b, 0) / n : NaN;
  const sd = n > 1 ? Math.sqrt(row.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1)) : n === 1 ? 0 : NaN;
  const median = n === 0 ? NaN : n % 2 ? row[(n - 1) / 2] : (row[n / 2 - 1] + row[n / 2]) / 2;
  return {
    template_id: info.id,
    template: info.text,
    frame: info.frame,
    paraphrase_of: info.paraphraseOf,
    family: grid.families[info.family],
    n: info.n,
    mean: m,
    median,
    score_range: n > 0 ? row[n - 1] - row[0] : NaN,
    score_sd: sd,
    flip_rate: meanOf(all.flips[t]),
  };
}

/** Roll-ups by region / income group: mean of the member groups' mean scores; members resampled (own stream). */
function rollups(grid: Grid, mean: Float64Array, draws: Draws, R: number, seed: number): Record<string, RollupStat[]> {
  const out: Record<string, RollupStat[]> = {};
  for (const attribute of ROLLUP_ATTRIBUTES) {
    const buckets = new Map<string, number[]>();
    grid.groupSlot.forEach((slot, g) => {
      const v = slot[attribute];
      if (v === undefined || v === null || v === '') return;
      const members = buckets.get(String(v)) ?? [];
      members.push(g);
      buckets.set(String(v), members);
    });
    for (const key of [...buckets.keys()].sort()) {
      const members = buckets.get(key)!;
      const rng = stream(seed, `rollup:${attribute}:${key}`);
      const boot = Float64Array.from(
        { length: R },
        (_, r) => meanOf(members.map(() => draws.mean[members[rng.int(members.length)] * R + r])),
      );
      (out[attribute] ??= []).push({ key, n_groups: members.length, mean: meanOf(members.map((g) => mean[g])), ci: percentile(boot) });
    }
  }
  return out;
}

/** Friedman across groups with paraphrase families as blocks, on the families where every group has a score. */
function friedman(est: Estimator, grid: Grid): ProbeStats['omnibus']['friedman'] {
  const G = grid.groups;
  const Fam = grid.families.length;
  const complete: number[] = [];
  for (let fam = 0; fam < Fam; fam++) {
    let ok = est.included[fam].length > 0;
    for (let g = 0; g < G && ok; g++) ok = Number.isFinite(est.familyD[fam * G + g]);
    if (ok) complete.push(fam);
  }
  if (G < 3 || complete.length < 2) return null;
  const treatments = Array.from({ length: G }, (_, g) => complete.map((fam) => est.familyD[fam * G + g]));
  const [statistic, p] = friedmanchisquare(...treatments);
  if (!Number.isFinite(statistic)) return null;
  return { statistic, p, k: G, n: complete.length };
}

/**
 * Made-up words in the same slot, as context: each word's shift from the average of the real groups on the same
 * templates (the same contrast as a group effect), their mean |shift| and SD, and the mean ScoreRange among them.
 * Not a significance baseline: a range over K words and one over G groups are not comparable when K != G.
 */
function controlStats(grid: Grid, est: Estimator, headline: number[]): ProbeStats['control'] {
  const K = grid.controlFillers.length;
  if (K === 0) return null;
  const shifts = Array.from(est.out.control).filter((v) => Number.isFinite(v));
  const F = grid.fillers.length;
  const ranges = headline.map((t) => {
    const row = Array.from(grid.controlFillers, (f) => grid.cell[t * F + f]).filter((v) => Number.isFinite(v));
    return row.length > 1 ? Math.max(...row) - Math.min(...row) : NaN;
  });
  const m = meanOf(shifts);
  return {
    n_words: K,
    mean_abs_shift: meanOf(shifts.map(Math.abs)),
    sd_shift: shifts.length > 1 ? Math.sqrt(shifts.reduce((a, b) => a + (b - m) ** 2, 0) / (shifts.length - 1)) : NaN,
    score_range: meanOf(ranges),
  };
}

/**
 * The largest same-sentence gaps: for each template and filler combination, its lowest- and highest-scoring
 * sentences of two different groups; the 20 largest of these.
 */
function extremePairs(grid: Grid, records: ResultRecord[]): ProbeStats['extreme_pairs'] {
  const F = grid.fillers.length;
  const pairs: ProbeStats['extreme_pairs'] = [];
  grid.templates.forEach((info, t) => {
    for (let c = 0; c < info.combos.length; c++) {
      let lo = -1;
      let hi = -1;
      for (let f = 0; f < F; f++) {
        if (grid.fillers[f].group < 0) continue;
        const v = grid.scores[t][c * F + f];
        if (Number.isNaN(v)) continue;
        if (lo < 0 || v < grid.scores[t][c * F + lo]) lo = f;
        if (hi < 0 || v > grid.scores[t][c * F + hi]) hi = f;
      }
      if (lo < 0 || grid.fillers[lo].group === grid.fillers[hi].group) continue;
      const side = (f: number) => {
        const k = c * F + f;
        return { text: records[grid.recordIds[t][k]].text, score: grid.scores[t][k], key: grid.groupKeys[grid.fillers[f].group] };
      };
      const low = side(lo);
      const high = side(hi);
      pairs.push({ template_id: info.id, low, high, gap: high.score - low.score });
    }
  });
  return pairs.sort((a, b) => b.gap - a.gap).slice(0, EXTREME_PAIRS);
}
