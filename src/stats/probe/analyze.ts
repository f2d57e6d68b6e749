/**
 * analyzeProbe: one probe's records -> ProbeStats (the `stats` block of result.json). docs/statistics.md is the
 * specification; the steps, each in its own file:
 *
 *   1. design.ts ─▶ grid (families x fillers x combinations of the other slots), headline templates, strata, df
 *      core.ts ─▶ the group effect (effects.ts: mean score minus the average over groups in the same template,
 *                 averaged over paraphrase families; the ONE contrast) and the pigeonhole bootstrap (resample.ts)
 *   2. group-tests.ts ─▶ t on effect / SE (the interval's pivot), Holm/BH
 *   3. intervals.ts ─▶ t-type and simultaneous (Šidák-t) intervals, ranks, pairwise differences,
 *      robustness.ts's `wording` (the effect per paraphrase wording set) and `direction_flip`
 *   4. summary.ts ─▶ the catalogue's metrics and the descriptive numbers
 *   then tables.ts (templates, frames, roll-ups, omnibus, extreme pairs) and variance.ts (REML decomposition);
 *   with two attributes crossed, ../intersect/ (cells, main effects, interactions: `intersection`).
 *   prompts.ts: records scored under several prompts (an LLM) get the prompt as a crossed factor in the SEs.
 *
 * The headline analysis uses the neutral templates (positive and negative frames saturate near 0 and 1); each
 * frame is also analysed on its own (`frames`). Every random draw comes from a named stream (streams.ts).
 */
import type { ProbeStats, ResultRecord } from '../../result/index.js';
import { analyzeIntersection } from '../intersect/analyze.js';
import { pronounGap } from './pronoun-gap.js';
import { runCore } from './core.js';
import { planDesign, type AnalyzeOptions } from './design.js';
import { perPromptEstimates, promptCount, promptStat, widenCore, widenPairs } from './prompts.js';
import { MIN_FAMILIES, testGroups } from './group-tests.js';
import { groupStats, pairStats, simultaneousCritical } from './intervals.js';
import { controlStats, descriptiveValues, summaryMetrics } from './summary.js';
import { extremePairs, frameStats, friedman, rollups, templateStats } from './tables.js';
import { varianceStat } from './variance.js';

export type { AnalyzeOptions } from './design.js';

export function analyzeProbe(records: ResultRecord[], options: AnalyzeOptions): ProbeStats {
  const design = planDesign(records, options);
  const { grid, G, R, seed, headline, fillerCounts } = design;
  const core = runCore(grid, headline, seed, R, 'bootstrap');
  // An LLM asked under several prompts: the prompt is a crossed factor (prompts.ts widens the SEs before any test).
  const perPrompt = promptCount(records) > 0 ? perPromptEstimates(records, design, options.attribute, options.templateFamily) : null;
  if (perPrompt) widenCore(core, perPrompt);
  // The smallest df of a group with an SE (a group seen in too few families has none: core.ts).
  const finiteDf = Array.from(core.df).filter(Number.isFinite);
  const df = finiteDf.length > 0 ? Math.min(...finiteDf) : Math.max(1, core.nFamilies - 1);
  const tests = testGroups(design, core);
  if (perPrompt) widenPairs(tests, core, perPrompt);
  const groups = groupStats(design, core, tests);
  const summary = summaryMetrics(core, G, seed);
  const control = controlStats(grid, core.est, headline);
  const gap = pronounGap(records);
  return {
    attribute: options.attribute,
    seed,
    resamples: R,
    n_records: records.length,
    n_groups: G,
    n_templates: headline.length,
    overall_mean: core.overall,
    overall_ci: summary.mean_score.ci,
    design: {
      frames: design.headlineFrames,
      scale: 'probability',
      n_families: core.nFamilies,
      fillers_per_group: [Math.min(...fillerCounts), Math.max(...fillerCounts)],
      test: core.fillers.df > 0 ? 't over families and fillers' : 't over families',
      stratified_by: design.confounders,
      crossed_slots: grid.otherSlots,
      df,
      critical_max_t: simultaneousCritical(G, df),
      resamples: R,
      permutations: 0,
      filler_variance: core.fillers.df > 0 ? core.fillers.variance : null,
      filler_variance_df: core.fillers.df,
      too_few_templates: core.nFamilies < MIN_FAMILIES,
    },
    groups,
    pairs: pairStats(grid, core, tests),
    templates: templateStats(grid, design.allTemplates),
    frames: frameStats(design, core),
    rollups: rollups(grid, core.mean, core.draws, R, seed),
    omnibus: { friedman: friedman(core.est, grid) },
    control,
    summary,
    descriptive: descriptiveValues(design, core, groups.filter((g) => g.significant).length, control),
    extreme_pairs: extremePairs(grid, records),
    variance: varianceStat(grid, records, headline, options.attribute),
    ...(gap ? { pronoun_gap: gap } : {}),
    ...(options.attributes ? { intersection: analyzeIntersection(records, options.attributes, grid, headline) } : {}),
    ...(perPrompt ? { prompts: promptStat(records, design, core, perPrompt) } : {}),
  };
}
