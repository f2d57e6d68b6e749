/**
 * The descriptive tables of a probe run beside the headline: every template (all frames), each frame analysed on
 * its own, roll-ups by region / income group, the Friedman omnibus and the largest same-sentence gaps.
 */
import type { Frame, FrameStat, ProbeStats, ResultRecord, RollupStat, TemplateStat } from '../../result/index.js';
import { finiteMean, mean, median, percentileInterval, std } from '../descriptive.js';
import { friedmanchisquare } from '../nonparametric.js';
import { runCore, type Core } from './core.js';
import type { Design } from './design.js';
import { tPpf } from '../distributions.js';
import { Estimator, UNIT_WEIGHTS } from './effects.js';
import type { Grid } from './grid.js';
import { ALPHA, differenceInterval } from './intervals.js';
import type { Draws } from './resample.js';
import { stream } from './streams.js';

/** Group attributes that get roll-ups when the lexicon provides them. */
const ROLLUP_ATTRIBUTES = ['region', 'income_group'];
const EXTREME_PAIRS = 20;

/** Every template's row (all frames), with its own estimator over all templates. */
export function templateStats(grid: Grid, allTemplates: number[]): TemplateStat[] {
  const all = new Estimator(grid, allTemplates);
  all.run(UNIT_WEIGHTS, undefined, true);
  return grid.templates.map((info, t) => templateStat(grid, all, info, t));
}

function templateStat(grid: Grid, all: Estimator, info: Grid['templates'][number], t: number): TemplateStat {
  const G = grid.groups;
  const row = Array.from(all.m.subarray(t * G, (t + 1) * G)).filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const n = row.length;
  return {
    template_id: info.id,
    template: info.text,
    frame: info.frame,
    paraphrase_of: info.paraphraseOf,
    family: grid.families[info.family],
    n: info.n,
    mean: n > 0 ? mean(row) : NaN,
    median: n > 0 ? median(row) : NaN,
    score_range: n > 0 ? row[n - 1] - row[0] : NaN,
    score_sd: n > 1 ? std(row, 1) : n === 1 ? 0 : NaN,
    flip_rate: finiteMean(all.flips[t]),
  };
}

/** Each frame present analysed on its own (own streams), reusing the headline's core when it is that frame. */
export function frameStats(design: Design, headlineCore: Core): FrameStat[] {
  const { grid, allTemplates, headlineFrames, seed, R } = design;
  return (['neutral', 'positive', 'negative'] as Frame[]).flatMap((frame) => {
    const ts = allTemplates.filter((t) => grid.templates[t].frame === frame);
    if (ts.length === 0) return [];
    const c = headlineFrames.length === 1 && headlineFrames[0] === frame ? headlineCore : runCore(grid, ts, seed, R, `frame:${frame}`);
    return [{
      frame,
      n_templates: ts.length,
      n_families: c.nFamilies,
      groups: grid.groupKeys.map((key, g) => ({
        key,
        centred: c.effect[g],
        centred_ci: differenceInterval(c.effect[g], c.se[g], tPpf(1 - ALPHA / 2, c.df[g]), c.nFamilies),
      })),
    }];
  });
}

/** Roll-ups by region / income group: mean of the member groups' mean scores; members resampled (own stream). */
export function rollups(grid: Grid, groupMeans: Float64Array, draws: Draws, R: number, seed: number): Record<string, RollupStat[]> {
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
        (_, r) => finiteMean(members.map(() => draws.mean[members[rng.int(members.length)] * R + r])),
      );
      const value = finiteMean(members.map((g) => groupMeans[g]));
      (out[attribute] ??= []).push({ key, n_groups: members.length, mean: value, ci: percentileInterval(boot) });
    }
  }
  return out;
}

/** Friedman across groups with paraphrase families as blocks, on the families where every group has a score. */
export function friedman(est: Estimator, grid: Grid): ProbeStats['omnibus']['friedman'] {
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
 * The largest same-sentence gaps: for each template and filler combination, its lowest- and highest-scoring
 * sentences of two different groups; the 20 largest of these.
 */
export function extremePairs(grid: Grid, records: ResultRecord[]): ProbeStats['extreme_pairs'] {
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
