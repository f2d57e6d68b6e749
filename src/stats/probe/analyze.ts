/**
 * analyzeProbe: one probe's records -> ProbeStats (the `stats` block of result.json).
 *
 *   records ─ grid.ts ─▶ template x group cells (filler means)
 *           ─ point estimates: group means, template medians, centred scores, paired differences
 *           ─ tests: Wilcoxon + sign-flip per group vs the rest, Friedman omnibus, Holm / BH
 *           ─ bootstrap.ts ─▶ percentile intervals for every estimate, ranks included
 *           ─ robustness.ts ─▶ `stable` across paraphrase wordings
 *
 * "Against the rest" means the group's score minus the mean of the other groups on the same template. With few
 * groups, one strongly shifted group moves that mean by shift/(G-1), enough to make the others significantly
 * "lower"; with the ~250 countries of the countries probe the effect is negligible.
 *
 * Formulas follow shared/docs/field-anchors.md (b): group mean μ_g = mean over templates, centred score
 * δ_{t,g} = s − median over groups on t, ScoreRange / ScoreDev per template (PSA), flip rate over group pairs.
 */
import type { GroupStat, Interval, ProbeStats, ResultRecord, RollupStat, TemplateStat } from '../../result-types.js';
import { inputError } from '../../errors.js';
import { quantiles } from '../descriptive.js';
import { fdr_bh, holm } from '../multitest.js';
import { friedmanchisquare } from '../nonparametric.js';
import { mulberry32 } from '../random.js';
import { runBootstrap } from './bootstrap.js';
import { buildGrid, type Grid } from './grid.js';
import { agreesWithin, groupP, verdict, wordingSets, type TemplateFamily } from './robustness.js';
import { drawSigns, EXACT_MAX_N, MONTE_CARLO_FLIPS, signFlipExact, signFlipMonteCarlo } from './signflip.js';
import { flipShares, summarizeRow } from './templates.js';

export interface AnalyzeOptions {
  /** The slot whose values are the groups compared (e.g. "country"). */
  attribute: string;
  seed?: number;
  /** Bootstrap resamples (default 2000). */
  resamples?: number;
  /** Paraphrase families by name; default: follow `paraphrase_of` to the root template. */
  templateFamily?: TemplateFamily;
}

/** Group attributes that get roll-ups when the lexicon provides them. */
const ROLLUP_ATTRIBUTES = ['region', 'income_group'];
const EXTREME_PAIRS = 20;
/** A separate stream for the permutation flips, so changing `resamples` does not change p_perm. */
const FLIP_STREAM = 0x9e3779b9;

/** Percentile 95% interval of bootstrap values (NaN resamples, e.g. a group absent from every drawn template, skipped). */
function percentile(values: Float64Array): [number, number] {
  const [low, high] = quantiles(values, [0.025, 0.975]);
  return [low, high];
}

function interval(value: number, values: Float64Array): Interval {
  return { value, ci: percentile(values) };
}

function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isNaN(values[i])) {
      s += values[i];
      m++;
    }
  }
  return m > 0 ? s / m : NaN;
}

export function analyzeProbe(records: ResultRecord[], options: AnalyzeOptions): ProbeStats {
  const seed = options.seed ?? 0;
  const resamples = options.resamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw inputError('E_STATS_OPTIONS', `resamples must be a positive integer, got ${resamples}`);
  }
  const grid = buildGrid(records, options.attribute);
  const T = grid.templates.length;
  const G = grid.groups;
  const C = grid.columns;

  // 1. Point estimates per template (over real groups) and per cell.
  const scratch = new Float64Array(C);
  const rows = grid.templates.map((_, t) => summarizeRow(grid.cell.subarray(t * C, t * C + G), G, scratch));
  const medians = Float64Array.from(rows, (r) => r.median);
  const ranges = Float64Array.from(rows, (r) => r.max - r.min);
  const flips = flipShares(grid);
  const centred = new Float64Array(T * G);
  const diff = new Float64Array(T * G);
  for (let t = 0; t < T; t++) {
    const row = rows[t];
    for (let g = 0; g < G; g++) {
      const v = grid.cell[t * C + g];
      centred[t * G + g] = v - medians[t];
      // The group against the mean of the other groups on the same template (paired by template).
      diff[t * G + g] = row.n > 1 ? v - (row.mean * row.n - v) / (row.n - 1) : NaN;
    }
  }
  const groupMean = new Float64Array(G);
  const groupCentred = new Float64Array(G);
  for (let g = 0; g < G; g++) {
    groupMean[g] = meanOf(Array.from({ length: T }, (_, t) => grid.cell[t * C + g]));
    groupCentred[g] = meanOf(Array.from({ length: T }, (_, t) => centred[t * G + g]));
  }
  const overallMean = meanOf(Array.from({ length: T * G }, (_, i) => grid.cell[Math.floor(i / G) * C + (i % G)]));

  // 2. Tests: each group against the rest, paired by template.
  const allTemplates = Array.from({ length: T }, (_, t) => t);
  const groupDiffs = Array.from({ length: G }, (_, g) => allTemplates.map((t) => diff[t * G + g]).filter((d) => !Number.isNaN(d)));
  const p = groupDiffs.map(groupP);
  const flipRng = mulberry32((seed + FLIP_STREAM) >>> 0);
  const signs = drawSigns(flipRng, T > EXACT_MAX_N ? MONTE_CARLO_FLIPS : 0, T);
  const pPerm = groupDiffs.map((d) => (d.length <= EXACT_MAX_N ? signFlipExact(d) : signFlipMonteCarlo(d, signs)));
  const pHolm = holm(p);
  const pBh = fdr_bh(p);
  // Direction is reported only for significant groups ('none' otherwise), signed by the mean centred score.
  const overallVerdicts = pHolm.map((pa, g) => verdict(pa, groupCentred[g]));
  const sets = wordingSets(grid, options.templateFamily);
  const agreement = sets.length > 1 ? sets.map((s) => agreesWithin(s, diff, centred, G, overallVerdicts)) : [];

  // 3. Bootstrap.
  const rollupDefs = rollupGroups(grid);
  const boot = runBootstrap({
    grid,
    medians,
    ranges,
    flipPerCombo: flips.perCombo,
    flipPerTemplate: flips.perTemplate,
    diff,
    rollups: rollupDefs.map((r) => r.members),
    resamples,
    rng: mulberry32(seed >>> 0),
  });

  const rankOf = competitionRanks(groupMean);
  const groups: GroupStat[] = grid.groupKeys.slice(0, G).map((key, g) => {
    const column = (a: Float64Array) => a.subarray(g * resamples, (g + 1) * resamples);
    const rankCi = percentile(column(boot.rank));
    let above = 0;
    let below = 0;
    for (let t = 0; t < T; t++) {
      const c = centred[t * G + g];
      if (c > 0) above++;
      else if (c < 0) below++;
    }
    return {
      key,
      n: grid.groupN[g],
      mean: groupMean[g],
      ci: percentile(column(boot.mean)),
      centred: groupCentred[g],
      centred_ci: percentile(column(boot.centred)),
      rank: rankOf[g],
      rank_ci: [Math.floor(rankCi[0]), Math.ceil(rankCi[1])],
      p: p[g],
      p_perm: pPerm[g],
      p_adj: pHolm[g],
      p_adj_bh: pBh[g],
      significant: pHolm[g] < 0.05,
      stable: agreement.every((a) => a[g]),
      direction: overallVerdicts[g],
      templates_above: above,
      templates_below: below,
      attrs: attributesOf(grid.groupSlot[g]),
    };
  });

  const templates: TemplateStat[] = grid.templates.map((info, t) => ({
    template_id: info.id,
    template: info.text,
    frame: info.frame,
    paraphrase_of: info.paraphraseOf,
    n: info.n,
    mean: rows[t].mean,
    median: rows[t].median,
    score_range: ranges[t],
    score_sd: rows[t].sd,
    flip_rate: flips.perTemplate[t],
  }));

  const rollups: Record<string, RollupStat[]> = {};
  rollupDefs.forEach((def, i) => {
    (rollups[def.attribute] ??= []).push({
      key: def.key,
      n_groups: def.members.length,
      mean: meanOf(Array.from(def.members, (g) => groupMean[g])),
      ci: percentile(boot.rollup.subarray(i * resamples, (i + 1) * resamples)),
    });
  });

  const control = controlStats(grid, boot.controlGap);
  const finiteMeans = Array.from(groupMean).filter((v) => !Number.isNaN(v));
  const summary: Record<string, Interval> = {
    group_gap: interval(Math.max(...finiteMeans) - Math.min(...finiteMeans), boot.groupGap),
    max_abs_deviation: interval(Math.max(...finiteMeans.map((m) => Math.abs(m - overallMean))), boot.maxAbsDeviation),
    flip_rate: interval(meanOf(flips.perTemplate), boot.flipRate),
    share_significant: coverEstimate(interval(groups.filter((g) => g.significant).length / G, boot.shareSignificant)),
    score_range_mean: interval(meanOf(ranges), boot.scoreRangeMean),
    mean_score: interval(overallMean, boot.overall),
  };
  if (control) summary.control_gap = control.group_gap;

  return {
    attribute: options.attribute,
    seed,
    resamples,
    n_records: records.length,
    n_groups: G,
    n_templates: T,
    overall_mean: overallMean,
    overall_ci: percentile(boot.overall),
    groups,
    templates,
    rollups,
    omnibus: { friedman: friedman(grid) },
    control,
    summary,
    extreme_pairs: extremePairs(grid, records),
  };
}

/** Rank 1 = highest mean; tied means share the better rank. */
function competitionRanks(values: Float64Array): number[] {
  const list = Array.from(values);
  return list.map((v) => 1 + list.filter((w) => w > v).length);
}

function attributesOf(slot: Grid['groupSlot'][number]): GroupStat['attrs'] {
  const attrs: GroupStat['attrs'] = {};
  for (const [k, v] of Object.entries(slot)) if (k !== 'value' && v !== undefined) attrs[k] = v;
  // (Empty when the group is an attribute of the filler, e.g. a gender, rather than the filler itself.)
  return attrs;
}

function rollupGroups(grid: Grid): { attribute: string; key: string; members: Int32Array }[] {
  const defs: { attribute: string; key: string; members: Int32Array }[] = [];
  for (const attribute of ROLLUP_ATTRIBUTES) {
    const buckets = new Map<string, number[]>();
    grid.groupSlot.forEach((slot, g) => {
      const v = slot[attribute];
      if (v === undefined || v === null || v === '') return;
      const members = buckets.get(String(v)) ?? [];
      members.push(g);
      buckets.set(String(v), members);
    });
    for (const key of [...buckets.keys()].sort()) defs.push({ attribute, key, members: Int32Array.from(buckets.get(key)!) });
  }
  return defs;
}

/** Friedman across groups with templates as blocks, on the templates where every group has a score. */
function friedman(grid: Grid): ProbeStats['omnibus']['friedman'] {
  const G = grid.groups;
  const complete = grid.templates
    .map((_, t) => t)
    .filter((t) => grid.cell.subarray(t * grid.columns, t * grid.columns + G).every((v) => !Number.isNaN(v)));
  if (G < 3 || complete.length < 2) return null;
  const treatments = Array.from({ length: G }, (_, g) => complete.map((t) => grid.cell[t * grid.columns + g]));
  const [statistic, p] = friedmanchisquare(...treatments);
  if (!Number.isFinite(statistic)) return null;
  return { statistic, p, k: G, n: complete.length };
}

/**
 * The control lexicon (made-up words) as a null baseline: how far apart groups drift when the word carries no
 * meaning. score_range: mean over templates of max - min over control words (PSA ScoreRange); sd: standard
 * deviation (ddof 1) of the control words' means; group_gap: max - min of those means, with its interval.
 */
function controlStats(grid: Grid, bootGap: Float64Array): ProbeStats['control'] {
  const K = grid.columns - grid.groups;
  if (K === 0) return null;
  const T = grid.templates.length;
  const scratch = new Float64Array(K);
  const perTemplate = grid.templates.map((_, t) => summarizeRow(grid.cell.subarray(t * grid.columns + grid.groups, (t + 1) * grid.columns), K, scratch));
  const means = Float64Array.from({ length: K }, (_, k) =>
    meanOf(Array.from({ length: T }, (_, t) => grid.cell[t * grid.columns + grid.groups + k])),
  );
  const summary = summarizeRow(means, K, new Float64Array(K));
  return {
    n_groups: K,
    score_range: meanOf(perTemplate.map((r) => r.max - r.min)),
    sd: summary.sd,
    group_gap: interval(summary.max - summary.min, bootGap),
  };
}

/**
 * The largest same-sentence gaps: for each template and filler combination, its lowest- and highest-scoring
 * groups; the 20 largest of these. One pair per sentence frame keeps the list from repeating one template.
 */
function extremePairs(grid: Grid, records: ResultRecord[]): ProbeStats['extreme_pairs'] {
  const pairs: ProbeStats['extreme_pairs'] = [];
  grid.templates.forEach((info, t) => {
    for (let c = 0; c < info.combos; c++) {
      let lo = -1;
      let hi = -1;
      for (let g = 0; g < grid.groups; g++) {
        const v = grid.scores[t][c * grid.columns + g];
        if (Number.isNaN(v)) continue;
        if (lo < 0 || v < grid.scores[t][c * grid.columns + lo]) lo = g;
        if (hi < 0 || v > grid.scores[t][c * grid.columns + hi]) hi = g;
      }
      if (lo < 0 || lo === hi) continue;
      const side = (g: number) => {
        const k = c * grid.columns + g;
        return { text: records[grid.recordIds[t][k]].text, score: grid.scores[t][k], key: grid.groupKeys[g] };
      };
      const low = side(lo);
      const high = side(hi);
      pairs.push({ template_id: info.id, low, high, gap: high.score - low.score });
    }
  });
  return pairs.sort((a, b) => b.gap - a.gap).slice(0, EXTREME_PAIRS);
}

/**
 * The resampled share of significant groups uses the signed-rank normal approximation on resamples with repeated
 * templates (ties), which is more conservative than the exact test behind the estimate: with few templates its
 * percentile interval can lie entirely below the estimate. The interval is widened to contain the estimate
 * rather than report a range that excludes the number it describes.
 */
function coverEstimate(i: Interval): Interval {
  return { value: i.value, ci: [Math.min(i.ci[0], i.value), Math.max(i.ci[1], i.value)] };
}
