/**
 * Monte Carlo calibration of the change between two runs of one probe (stats/probe/paired.ts: `audit diff` and
 * `max_increase`), with a known truth. Run A is a simulated probe run (index.ts); run B scores the same sentences
 * with B's logit = A's logit + `uniform` + `groupShift` on group 0 + a template-level change (sd `templateSd`) + a
 * sentence-level change (sd `sentenceSd`). The true change of each group effect is θ_B,g − θ_A,g, both computed by
 * numerical integration (trueEffects): run B's model is run A's with its level moved by `uniform`, group 0 moved by
 * `groupShift` and the two changes' variance added to the noise. A uniform shift with no group effect changes no
 * effect (every group moves alike), so any "changed" group there is a false change.
 */
import { pairedProbe } from '../probe/paired.js';
import { gaussian, stream } from '../probe/streams.js';
import { attributeOf, groupName, meanSigmoid, simulate, trueEffects, type SimDesign } from './index.js';

export interface PairedDesign {
  name: string;
  base: SimDesign;
  /** Logit shift of every sentence in run B. */
  uniform: number;
  /** Logit shift of group 0's sentences in run B. */
  groupShift: number;
  /** SD of B's change per template and per sentence (logit). */
  templateSd: number;
  sentenceSd: number;
}

export interface PairedCalibrationOptions {
  simulations: number;
  resamples: number;
  /** Tolerance X of `audit diff`'s "changed" (a change whose simultaneous interval lies outside ±X). */
  tolerance: number;
  /** Threshold T of a `max_abs_effect max_increase: T` rule. */
  maxIncrease: number;
  seed?: number;
}

export interface PairedCalibration {
  design: string;
  simulations: number;
  /** Share of (group, simulation) whose pointwise 95% interval of the change holds the true change. */
  coverage: number;
  /** Share of simulations whose simultaneous intervals hold every group's true change. */
  simultaneousCoverage: number;
  /** Share of simulations with a group marked changed whose true |change| is within the tolerance. */
  falseChange: number;
  /** Share of simulations in which the changed group (group 0) is marked changed; NaN where no group is changed. */
  power: number;
  /** Coverage of the change intervals of max_abs_effect, effect_sd and mean_score. */
  metricCoverage: { max_abs_effect: number; effect_sd: number; mean_score: number };
  /** Outcomes of `max_abs_effect max_increase: T`. */
  maxIncrease: { pass: number; fail: number; inconclusive: number };
  truth: { changes: number[]; max_abs_effect: number; effect_sd: number; mean_score: number };
  seconds: number;
}

/** The paired designs of `npm run calibrate:diff`: no change, a uniform shift, one group changed. */
export function pairedDesigns(base: SimDesign): PairedDesign[] {
  const common = { base, templateSd: 0.2, sentenceSd: 0.1 };
  return [
    { name: `${base.name}: no change`, uniform: 0, groupShift: 0, ...common },
    { name: `${base.name}: uniform +0.5 logit`, uniform: 0.5, groupShift: 0, ...common },
    { name: `${base.name}: group 0 +0.5 logit`, uniform: 0, groupShift: 0.5, ...common },
  ];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** Run B's model as a SimDesign (for its true effects and level). */
function designB(d: PairedDesign): SimDesign {
  const base = d.base;
  const shifts: Record<number, number> = { ...base.shifts };
  shifts[0] = (shifts[0] ?? 0) + d.groupShift;
  return { ...base, mu: (base.mu ?? 0) + d.uniform, shifts, noiseSd: Math.hypot(base.noiseSd, d.templateSd, d.sentenceSd) };
}

/** The true overall mean score (mean over groups of E[score]): the estimand of mean_score. */
function trueLevel(design: SimDesign): number {
  const s = Math.sqrt(design.templateSd ** 2 + design.fillerSd ** 2 + design.noiseSd ** 2 + (design.crossed?.sd ?? 0) ** 2);
  const levels = Array.from({ length: design.groups }, (_, g) => meanSigmoid((design.mu ?? 0) + (design.shifts?.[g] ?? 0), s));
  return levels.reduce((a, b) => a + b, 0) / levels.length;
}

export function calibratePaired(d: PairedDesign, options: PairedCalibrationOptions): PairedCalibration {
  const started = performance.now();
  const thetaA = trueEffects(d.base);
  const thetaB = trueEffects(designB(d));
  const changes = thetaB.map((t, g) => t - thetaA[g]);
  const rms = (x: number[]) => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length);
  const maxAbs = (x: number[]) => Math.max(...x.map(Math.abs));
  const truth = {
    changes,
    max_abs_effect: maxAbs(thetaB) - maxAbs(thetaA),
    effect_sd: rms(thetaB) - rms(thetaA),
    mean_score: trueLevel(designB(d)) - trueLevel(d.base),
  };
  const within = (ci: [number, number], x: number) => ci[0] <= x && x <= ci[1];
  let covered = 0;
  let intervals = 0;
  let allIn = 0;
  let falseChange = 0;
  let found = 0;
  const metricCovered = { max_abs_effect: 0, effect_sd: 0, mean_score: 0 };
  const outcomes = { pass: 0, fail: 0, inconclusive: 0 };
  const N = options.simulations;
  for (let i = 0; i < N; i++) {
    const seed = (options.seed ?? 1) * 100_003 + i;
    const a = simulate(d.base, seed);
    const rng = stream(seed, 'simulate:change');
    const byTemplate = new Map<string, number>();
    const runB = a.map((r) => {
      let t = byTemplate.get(r.template_id);
      if (t === undefined) byTemplate.set(r.template_id, (t = d.templateSd * gaussian(rng)));
      const shift = d.uniform + (r.group === groupName(0) ? d.groupShift : 0);
      const score = sigmoid(logit(r.score) + shift + t + d.sentenceSd * gaussian(rng));
      return { ...r, score, probs: [1 - score, score], label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE' };
    });
    const p = pairedProbe(a, runB, { attribute: attributeOf(d.base), seed, resamples: options.resamples });
    let every = true;
    let falseHere = false;
    p.groups.forEach((g, k) => {
      const index = Number(p.groupKeys[k].slice(1)); // groupName(g) = g000, g001, ...
      const delta = changes[index];
      intervals++;
      if (within(g.ci, delta)) covered++;
      if (!within(g.sim_ci, delta)) every = false;
      const changed = g.sim_ci[0] > options.tolerance || g.sim_ci[1] < -options.tolerance;
      if (Math.abs(delta) <= options.tolerance && changed) falseHere = true;
      if (index === 0 && d.groupShift !== 0 && changed) found++;
    });
    if (every) allIn++;
    if (falseHere) falseChange++;
    for (const m of ['max_abs_effect', 'effect_sd', 'mean_score'] as const) if (within(p.metrics[m].ci, truth[m])) metricCovered[m]++;
    const ci = p.metrics.max_abs_effect.ci;
    if (ci[1] <= options.maxIncrease) outcomes.pass++;
    else if (ci[0] > options.maxIncrease) outcomes.fail++;
    else outcomes.inconclusive++;
  }
  return {
    design: d.name,
    simulations: N,
    coverage: covered / intervals,
    simultaneousCoverage: allIn / N,
    falseChange: falseChange / N,
    power: d.groupShift !== 0 ? found / N : NaN,
    metricCoverage: {
      max_abs_effect: metricCovered.max_abs_effect / N, effect_sd: metricCovered.effect_sd / N, mean_score: metricCovered.mean_score / N,
    },
    maxIncrease: { pass: outcomes.pass / N, fail: outcomes.fail / N, inconclusive: outcomes.inconclusive / N },
    truth,
    seconds: (performance.now() - started) / 1000,
  };
}
