/**
 * The prompt as a crossed design factor (an LLM classifier asked under several paraphrased prompts; records carry
 * `prompt_scores`, one score per prompt, and `score` is their mean). docs/statistics.md section "Prompts" is the
 * specification:
 *
 *   - The effects average over prompts: the core (core.ts) runs on the prompt-averaged scores, so its bootstrap over
 *     families and its filler variance measure the template and filler variation of the prompt-averaged effect.
 *   - The prompt's own variation is added: each group's effect is computed under each prompt alone (e_gp), and the
 *     variance of their mean, s²_p(e_gp) / P, is added to the effect's variance, with P - 1 degrees of freedom in
 *     Satterthwaite's sum. Under a crossed model (family a_f, prompt b_p, family x prompt c_fp, all x group) this adds
 *     σ²_b/P + σ²_c/(F·P) to the core's σ²_a/F + σ²_c/(F·P): σ²_c/(F·P) is counted twice, a conservative error that
 *     shrinks with the number of families F (the simulation in stats/simulate/prompts.ts measures it).
 *   - Mean scores, the overall mean and pairwise differences get the same treatment. Frames, templates, roll-ups
 *     and the summary metrics stay on the prompt-averaged scores (template and filler variation only).
 *   - Per group: how many prompts agree in sign with the pooled effect ("lower under 3 of 3 prompts").
 *   - A sums-of-squares decomposition of the per-prompt scores (prompt, prompt x group, the rest of text x prompt)
 *     says how much of the scores' variation the prompt's wording is.
 */
import type { PromptFactorStat, ResultRecord } from '../../result/index.js';
import type { Core } from './core.js';
import type { Design } from './design.js';
import { Estimator, UNIT_WEIGHTS } from './effects.js';
import { satterthwaite } from './fillers.js';
import { buildGrid } from './grid.js';
import { MIN_FAMILIES, waldP, type GroupTests } from './group-tests.js';
import type { TemplateFamily } from './robustness.js';

/** Each prompt's point estimates (prompt order): per group effect and mean score, and the overall mean. */
export interface PerPrompt {
  effect: Float64Array[];
  mean: Float64Array[];
  overall: number[];
}

/** The number of prompts the records were scored under: P >= 2 when every record has P prompt scores, else 0. */
export function promptCount(records: ResultRecord[]): number {
  const P = records[0]?.prompt_scores?.length ?? 0;
  if (P < 2) return 0;
  return records.every((r) => Array.isArray(r.prompt_scores) && r.prompt_scores.length === P) ? P : 0;
}

export function perPromptEstimates(records: ResultRecord[], design: Design, attribute: string, family?: TemplateFamily): PerPrompt {
  const P = promptCount(records);
  const out: PerPrompt = { effect: [], mean: [], overall: [] };
  for (let p = 0; p < P; p++) {
    const grid = buildGrid(records.map((r) => ({ ...r, score: r.prompt_scores![p] })), attribute, family);
    const est = new Estimator(grid, design.headline).run(UNIT_WEIGHTS, undefined, true);
    out.effect.push(Float64Array.from(est.effect));
    out.mean.push(Float64Array.from(est.mean));
    out.overall.push(est.overall);
  }
  return out;
}

/** Sample variance of the values over prompts divided by P: the variance the prompt adds to their mean. */
export function promptVariance(values: number[]): number {
  const P = values.length;
  const m = values.reduce((a, b) => a + b, 0) / P;
  return values.reduce((a, v) => a + (v - m) ** 2, 0) / (P - 1) / P;
}

function widen(se: number, df: number, v: number, P: number): { se: number; df: number } {
  return { se: Math.sqrt(se * se + v), df: satterthwaite(se * se, df, v, P - 1) };
}

/** Adds the prompt's variance to every group's effect and mean-score SE (and df) and to the overall mean's SE, in place. */
export function widenCore(core: Core, pp: PerPrompt): void {
  const P = pp.effect.length;
  for (let g = 0; g < core.effect.length; g++) {
    const e = widen(core.se[g], core.df[g], promptVariance(pp.effect.map((x) => x[g])), P);
    const m = widen(core.meanSe[g], core.df[g], promptVariance(pp.mean.map((x) => x[g])), P);
    core.se[g] = e.se;
    core.df[g] = e.df;
    core.meanSe[g] = m.se;
  }
  core.overallSe = Math.sqrt(core.overallSe ** 2 + promptVariance(pp.overall));
}

/** The same for the pairwise differences of effects (few groups), with their p-values, in place. */
export function widenPairs(tests: GroupTests, core: Core, pp: PerPrompt): void {
  const P = pp.effect.length;
  tests.pairs.forEach(([a, b], i) => {
    const w = widen(tests.pairSe[i], tests.pairDf[i], promptVariance(pp.effect.map((x) => x[a] - x[b])), P);
    tests.pairSe[i] = w.se;
    tests.pairDf[i] = w.df;
    tests.pairP[i] = core.nFamilies >= MIN_FAMILIES ? waldP(core.effect[a] - core.effect[b], w.se, w.df) : NaN;
  });
}

/** `stats.prompts`: per group its effect under each prompt and how many agree in sign; the sums-of-squares shares. */
export function promptStat(records: ResultRecord[], design: Design, core: Core, pp: PerPrompt): PromptFactorStat {
  const P = pp.effect.length;
  const groups = design.grid.groupKeys.map((key, g) => {
    const effects = pp.effect.map((x) => x[g]);
    const sign = Math.sign(core.effect[g]);
    return { key, effects, agree: sign === 0 ? 0 : effects.filter((e) => Math.sign(e) === sign).length, prompt_se: Math.sqrt(
      promptVariance(effects)) };
  });
  const headline = new Set(design.headline.map((t) => design.grid.templates[t].id));
  const kept = records.filter((r) => !r.control && headline.has(r.template_id));
  return {
    n_prompts: P,
    method: 'effects average over prompts; each SE adds the variance of the per-prompt estimates / P (df P - 1, Satterthwaite)',
    overall: pp.overall,
    groups,
    variance: sumsOfSquares(kept.map((r) => r.prompt_scores!), kept.map((r) => r.group)),
  };
}

/**
 * Shares of the total sum of squares of the per-prompt scores y[text][p] (texts nested in groups, every text under
 * every prompt): between texts, prompt, prompt x group, and the rest of text x prompt. With every text under every
 * prompt these are the sequential sums of squares of aov(y ~ text + prompt + group:prompt) (test fixture from R).
 */
export function sumsOfSquares(y: number[][], group: string[]): PromptFactorStat['variance'] {
  const N = y.length;
  const P = y[0]?.length ?? 0;
  const grand = y.reduce((a, row) => a + row.reduce((s, v) => s + v, 0), 0) / (N * P);
  const textMean = y.map((row) => row.reduce((s, v) => s + v, 0) / P);
  const promptMean = Array.from({ length: P }, (_, p) => y.reduce((a, row) => a + row[p], 0) / N);
  const byGroup = new Map<string, number[]>();
  group.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), i]));
  let total = 0;
  y.forEach((row) => row.forEach((v) => (total += (v - grand) ** 2)));
  const text = P * textMean.reduce((a, m) => a + (m - grand) ** 2, 0);
  const prompt = N * promptMean.reduce((a, m) => a + (m - grand) ** 2, 0);
  let interaction = 0;
  for (const rows of byGroup.values()) {
    const gMean = rows.reduce((a, i) => a + textMean[i], 0) / rows.length;
    for (let p = 0; p < P; p++) {
      const gp = rows.reduce((a, i) => a + y[i][p], 0) / rows.length;
      interaction += rows.length * (gp - gMean - promptMean[p] + grand) ** 2;
    }
  }
  const rest = Math.max(0, total - text - prompt - interaction);
  const share = (v: number) => (total > 0 ? v / total : 0);
  return {
    ss_total: total,
    shares: { text: share(text), prompt: share(prompt), 'prompt:group': share(interaction), 'prompt:text': share(rest) },
    prompt_sd: Math.sqrt(promptMean.reduce((a, m) => a + (m - grand) ** 2, 0) / Math.max(1, P - 1)),
  };
}
