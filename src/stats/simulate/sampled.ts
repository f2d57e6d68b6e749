/**
 * Calibration of sampled scores (issue 28, `--sample-answers K`): an LLM whose server gives no log-probabilities is
 * scored by the share of K sampled answers that name the target label, so each text's score is its true probability
 * p plus binomial noise of variance p(1-p)/K. The known truth is every text's p (drawn as in the other designs:
 * sigmoid(template + filler + group x template + residual), NO group effect, so every true group effect is 0), and
 * each simulation analyses the same texts twice: with the true probabilities and with the sampled frequencies.
 *
 * What it measures, per design and K:
 * - the group effects' intervals from the sampled scores: coverage of the true effect (0) and the false-positive
 *   rate (the design's empirical variance, over families and fillers, already holds the per-text binomial noise);
 * - the bias the noise adds to max_abs_effect and effect_sd (mean over simulations of sampled minus true-p value),
 *   and whether their intervals still cover the truth (0: max_abs_effect's and effect_sd's lower bound is 0);
 * - flip_rate: sampled minus true-p (sampling noise near p = 1/2 flips labels by itself: spurious flips);
 * - power: the share of simulations that find a +1 logit shift of group 0 (p_adj < 0.05), sampled and true.
 * `aucAttenuation` does the same for an own-data AUC (two classes, scores sampled from their true p).
 */
import type { ResultRecord } from '../../result/index.js';
import { mannwhitneyu } from '../nonparametric.js';
import { analyzeProbe } from '../probe/analyze.js';
import { gaussian, stream } from '../probe/streams.js';
import type { Rng } from '../random.js';

export interface SampledDesign {
  name: string;
  /** Fillers per group: unequal sizes, one filler, a tiny group. */
  fillerCounts: number[];
  templates: number;
  /** Mean logit: 0 puts scores near 1/2 (most binomial noise, most flips); 3 saturates them near 1. */
  mu: number;
  templateSd: number;
  fillerSd: number;
  groupTemplateSd: number;
  residualSd: number;
  /** Logit shift of group 0 (for power); default 0. */
  shift?: number;
}

export const SAMPLED_DESIGNS: SampledDesign[] = [
  // Unequal groups (1, 3, 1, 2, 6 fillers), 12 templates, scores spread around 1/2.
  { name: 'unequal_t12', fillerCounts: [1, 3, 1, 2, 6], templates: 12, mu: 0, templateSd: 1, fillerSd: 0.3, groupTemplateSd: 0.2,
    residualSd: 0.1 },
  // Saturated scores: most near 0.95, where K answers often all name the target.
  { name: 'saturated_t16', fillerCounts: [2, 2, 4, 1], templates: 16, mu: 3, templateSd: 1, fillerSd: 0.3, groupTemplateSd: 0.2,
    residualSd: 0.1 },
];

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A binomial(K, p) count, by K Bernoulli draws (K is at most 1000: no need for a faster sampler). */
export function binomial(rng: Rng, K: number, p: number): number {
  let x = 0;
  for (let i = 0; i < K; i++) if (rng.next() < p) x += 1;
  return x;
}

/** One simulated probe: each sentence's true probability, and its records scored with it (truth) and sampled (K answers). */
export function sampledRecords(design: SampledDesign, K: number, seed: number): { truth: ResultRecord[]; sampled: ResultRecord[] } {
  const rng = stream(seed, `simulate:sampled:${design.name}`);
  const answers = stream(seed, `simulate:sampled:answers:${design.name}:${K}`);
  const draw = (sd: number) => sd * gaussian(rng);
  const T = design.templates;
  const G = design.fillerCounts.length;
  const template = Array.from({ length: T }, () => draw(design.templateSd));
  const groupTemplate = Array.from({ length: G * T }, () => draw(design.groupTemplateSd));
  const truth: ResultRecord[] = [];
  const sampled: ResultRecord[] = [];
  const record = (name: string, g: number, t: number, score: number, counts?: number[]): ResultRecord => ({
    text: `${name} in template ${t}`, template: `{name} in template ${t}`, template_id: `t${t}`, frame: 'neutral', paraphrase_of: null,
    slots: { name: { value: name, group: `g${g}` } }, control: false, group: `g${g}`, filler: name,
    probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE', ...(counts ? { answers: { n: K, counts } } : {}),
  });
  design.fillerCounts.forEach((n, g) => {
    for (let f = 0; f < n; f++) {
      const filler = draw(design.fillerSd);
      const name = `g${g}f${f}`;
      for (let t = 0; t < T; t++) {
        const p = sigmoid(design.mu + template[t] + filler + groupTemplate[g * T + t] + (g === 0 ? design.shift ?? 0 : 0) +
          draw(design.residualSd));
        const x = binomial(answers, K, p);
        truth.push(record(name, g, t, p));
        sampled.push(record(name, g, t, x / K, [K - x, x]));
      }
    }
  });
  return { truth, sampled };
}

export interface SampledCalibration {
  design: string;
  K: number;
  sims: number;
  /** Per group and simulation, sampled scores: p < 0.05, and the 95% interval holds the true effect 0. */
  fpr: number;
  coverage: number;
  /** The same with the true probabilities (the noise-free reference). */
  truthFpr: number;
  truthCoverage: number;
  /** Mean over simulations of (sampled - true-p) point estimate. */
  maxAbsBias: number;
  effectSdBias: number;
  flipRateBias: number;
  /** Mean max_abs_effect and flip_rate with the true probabilities (the scale of the biases). */
  maxAbsTruth: number;
  flipRateTruth: number;
  /** Share of simulations whose sampled-score interval holds the truth 0 (its lower bound is 0). */
  maxAbsCoverage: number;
  effectSdCoverage: number;
  /** The same two with the true probabilities. */
  maxAbsCoverageTruth: number;
  effectSdCoverageTruth: number;
  /** With group 0 shifted (design.shift): the share of simulations finding it (p_adj < 0.05), sampled and true. */
  power?: number;
  truthPower?: number;
}

/** `sims` seeded simulations of `design` with K answers per text, each analysed with the true and the sampled scores. */
export function calibrateSampled(design: SampledDesign, K: number, sims: number, resamples = 200, powerShift?: number): SampledCalibration {
  const c = { rej: 0, cov: 0, tRej: 0, tCov: 0, units: 0, maxAbs: 0, sd: 0, flip: 0, maxAbsT: 0, flipT: 0, maxAbsCov: 0, sdCov: 0,
    maxAbsCovT: 0, sdCovT: 0, found: 0, tFound: 0 };
  const options = { attribute: 'name.group', resamples };
  for (let s = 0; s < sims; s++) {
    const { truth, sampled } = sampledRecords({ ...design, shift: 0 }, K, s);
    const a = analyzeProbe(sampled, { ...options, seed: s });
    const b = analyzeProbe(truth, { ...options, seed: s });
    a.groups.forEach((g, i) => {
      c.units += 1;
      if (g.p < 0.05) c.rej += 1;
      if (g.centred_ci[0] <= 0 && g.centred_ci[1] >= 0) c.cov += 1;
      const h = b.groups[i];
      if (h.p < 0.05) c.tRej += 1;
      if (h.centred_ci[0] <= 0 && h.centred_ci[1] >= 0) c.tCov += 1;
    });
    const [ma, mb] = [a.summary.max_abs_effect!, b.summary.max_abs_effect!];
    const [sa, sb] = [a.summary.effect_sd!, b.summary.effect_sd!];
    const [fa, fb] = [a.summary.flip_rate!, b.summary.flip_rate!];
    c.maxAbs += ma.value - mb.value;
    c.sd += sa.value - sb.value;
    c.flip += fa.value - fb.value;
    c.maxAbsT += mb.value;
    c.flipT += fb.value;
    if (ma.ci[0] <= 1e-12) c.maxAbsCov += 1;
    if (sa.ci[0] <= 1e-12) c.sdCov += 1;
    if (mb.ci[0] <= 1e-12) c.maxAbsCovT += 1;
    if (sb.ci[0] <= 1e-12) c.sdCovT += 1;
    if (powerShift !== undefined) {
      const shifted = sampledRecords({ ...design, shift: powerShift }, K, s);
      const found = (r: ResultRecord[]) => analyzeProbe(r, { ...options, seed: s }).groups.find((x) => x.key === 'g0')!.p_adj < 0.05;
      if (found(shifted.sampled)) c.found += 1;
      if (found(shifted.truth)) c.tFound += 1;
    }
  }
  return {
    design: design.name, K, sims, fpr: c.rej / c.units, coverage: c.cov / c.units, truthFpr: c.tRej / c.units,
    truthCoverage: c.tCov / c.units, maxAbsBias: c.maxAbs / sims, effectSdBias: c.sd / sims, flipRateBias: c.flip / sims,
    maxAbsTruth: c.maxAbsT / sims, flipRateTruth: c.flipT / sims, maxAbsCoverage: c.maxAbsCov / sims, effectSdCoverage: c.sdCov / sims,
    maxAbsCoverageTruth: c.maxAbsCovT / sims, effectSdCoverageTruth: c.sdCovT / sims,
    ...(powerShift !== undefined ? { power: c.found / sims, truthPower: c.tFound / sims } : {}),
  };
}

/**
 * An own-data AUC on sampled scores: `n` texts per class, true logits N(±separation/2, 1), the AUC of
 * the true probabilities and of K-answer frequencies, averaged over `sims`. Noise ties and blurs the ranking, so the
 * sampled AUC is pulled toward 1/2: `bias` is the mean (sampled - true).
 */
export function aucAttenuation(K: number, sims: number, n = 200, separation = 1.5):
{ K: number; truth: number; sampled: number; bias: number } {
  let truth = 0;
  let sampled = 0;
  for (let s = 0; s < sims; s++) {
    const rng = stream(s, `simulate:sampled:auc:${K}`);
    const cls = (sign: number) => Array.from({ length: n }, () => sigmoid(sign * separation / 2 + gaussian(rng)));
    const [pos, neg] = [cls(1), cls(-1)];
    const noisy = (ps: number[]) => ps.map((p) => binomial(rng, K, p) / K);
    // AUC = U1 / (m n), ties counting one half (the Mann-Whitney statistic the data audit's AUCs equal).
    const auc = (x: number[], y: number[]) => mannwhitneyu(x, y)[0] / (x.length * y.length);
    truth += auc(pos, neg);
    sampled += auc(noisy(pos), noisy(neg));
  }
  return { K, truth: truth / sims, sampled: sampled / sims, bias: (sampled - truth) / sims };
}
