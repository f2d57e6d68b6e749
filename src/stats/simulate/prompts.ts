/**
 * Calibration of the prompt as a crossed factor (stats/probe/prompts.ts): an LLM classifier asked under P paraphrased
 * prompts, with NO group effect but a prompt x group interaction (under some wordings a group scores higher, under
 * others lower). The estimand is the group effect averaged over the population of prompts (0 here), so an analysis
 * that ignores the prompt-to-prompt variation rejects far too often; the analysis with the prompt as a factor should
 * keep the false-positive rate near 5% and cover 0 in about 95% of intervals.
 *
 * A sentence's score under prompt p is sigmoid(template_t + prompt_p + (prompt x group)_pg + (prompt x template)_pt
 * + filler_f + (group x template)_gt + residual), every term drawn from a normal with its own SD.
 */
import type { ResultRecord } from '../../result/index.js';
import { analyzeProbe } from '../probe/analyze.js';
import { gaussian, stream } from '../probe/streams.js';

export interface PromptDesign {
  name: string;
  /** Fillers per group: unequal sizes, one filler, a tiny group. */
  fillerCounts: number[];
  templates: number;
  prompts: number;
  templateSd: number;
  promptSd: number;
  promptGroupSd: number;
  promptTemplateSd: number;
  fillerSd: number;
  groupTemplateSd: number;
  residualSd: number;
  /** Logit shift of group 0 (for power); default 0. */
  shift?: number;
}

/** The CI-sized design: 4 groups of 1, 3, 1 and 2 fillers, 8 templates, 3 prompts, a strong prompt x group interaction. */
export const PROMPT_DESIGNS: PromptDesign[] = [
  { name: 'prompts_3_t8', fillerCounts: [1, 3, 1, 2], templates: 8, prompts: 3, templateSd: 1, promptSd: 0.5, promptGroupSd: 0.3,
    promptTemplateSd: 0.2, fillerSd: 0.3, groupTemplateSd: 0.2, residualSd: 0.1 },
  { name: 'prompts_2_t12', fillerCounts: [2, 2, 4, 1, 1], templates: 12, prompts: 2, templateSd: 1, promptSd: 0.3, promptGroupSd: 0.3,
    promptTemplateSd: 0.2, fillerSd: 0.3, groupTemplateSd: 0.2, residualSd: 0.1 },
];

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** One simulated run's records: every sentence with its score under each prompt (`prompt_scores`) and their mean. */
export function promptRecords(design: PromptDesign, seed: number): ResultRecord[] {
  const rng = stream(seed, `simulate:prompts:${design.name}`);
  const draw = (sd: number) => sd * gaussian(rng);
  const T = design.templates;
  const P = design.prompts;
  const G = design.fillerCounts.length;
  const template = Array.from({ length: T }, () => draw(design.templateSd));
  const prompt = Array.from({ length: P }, () => draw(design.promptSd));
  const promptGroup = Array.from({ length: P * G }, () => draw(design.promptGroupSd));
  const promptTemplate = Array.from({ length: P * T }, () => draw(design.promptTemplateSd));
  const groupTemplate = Array.from({ length: G * T }, () => draw(design.groupTemplateSd));
  const records: ResultRecord[] = [];
  design.fillerCounts.forEach((n, g) => {
    for (let f = 0; f < n; f++) {
      const filler = draw(design.fillerSd);
      const name = `g${g}f${f}`;
      for (let t = 0; t < T; t++) {
        const base = template[t] + filler + groupTemplate[g * T + t] + (g === 0 ? design.shift ?? 0 : 0);
        const scores = Array.from({ length: P }, (_, p) => sigmoid(base + prompt[p] + promptGroup[p * G + g] + promptTemplate[p * T + t]
          + draw(design.residualSd)));
        const score = scores.reduce((a, b) => a + b, 0) / P;
        records.push({
          text: `${name} in template ${t}`, template: `{name} in template ${t}`, template_id: `t${t}`, frame: 'neutral',
          paraphrase_of: null,
          slots: { name: { value: name, group: `g${g}` } }, control: false, group: `g${g}`, filler: name,
          probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE', prompt_scores: scores,
        });
      }
    }
  });
  return records;
}

export interface PromptCalibration {
  design: string;
  sims: number;
  /** Per group and simulation: p < 0.05 (unadjusted), and the 95% interval of the effect holds the true effect 0. */
  fpr: number;
  coverage: number;
  /** The same analysis on the prompt-averaged scores alone (the prompt ignored): what the factor corrects. */
  naiveFpr: number;
  naiveCoverage: number;
  /** With group 0 shifted (design.shift): the share of simulations where group 0 is found (p_adj < 0.05). */
  power?: number;
}

/** `sims` seeded simulations of `design` (shift ignored for the error rates), analysed with and without the prompt factor. */
export function calibratePrompts(design: PromptDesign, sims: number, resamples = 200, powerShift?: number): PromptCalibration {
  let rejections = 0;
  let covered = 0;
  let naiveRejections = 0;
  let naiveCovered = 0;
  let found = 0;
  let units = 0;
  const options = { attribute: 'name.group', resamples };
  for (let s = 0; s < sims; s++) {
    const records = promptRecords({ ...design, shift: 0 }, s);
    const withFactor = analyzeProbe(records, { ...options, seed: s });
    const naive = analyzeProbe(records.map(({ prompt_scores: _, ...r }) => r), { ...options, seed: s });
    for (let g = 0; g < withFactor.groups.length; g++) {
      units += 1;
      const a = withFactor.groups[g];
      const b = naive.groups[g];
      if (a.p < 0.05) rejections += 1;
      if (a.centred_ci[0] <= 0 && a.centred_ci[1] >= 0) covered += 1;
      if (b.p < 0.05) naiveRejections += 1;
      if (b.centred_ci[0] <= 0 && b.centred_ci[1] >= 0) naiveCovered += 1;
    }
    if (powerShift !== undefined) {
      const shifted = analyzeProbe(promptRecords({ ...design, shift: powerShift }, s), { ...options, seed: s });
      if (shifted.groups.find((x) => x.key === 'g0')!.p_adj < 0.05) found += 1;
    }
  }
  return {
    design: design.name, sims, fpr: rejections / units, coverage: covered / units, naiveFpr: naiveRejections / units,
    naiveCoverage: naiveCovered / units, ...(powerShift !== undefined ? { power: found / sims } : {}),
  };
}
