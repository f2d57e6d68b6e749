/**
 * Seeded simulation of classifiers whose truth is known, for calibrating the probe statistics (issue 13).
 *
 * A sentence's score is sigmoid(mu + template_t + filler_f + shift_g + noise_{t,f} [+ combo_c]) on the logit
 * scale, where
 * - template effects ~ N(0, templateSd^2), the templates coming in paraphrase families (`familySizes`);
 * - filler effects ~ N(0, fillerSd^2) (a name's own effect; 0 when each group is its own filler);
 * - noise_{t,f} ~ N(0, noiseSd^2) is the filler x template interaction, correlated `familyCorr` between two
 *   templates of one family (a paraphrase moves the score like its root);
 * - shift_g is the group's true shift (0 for all groups: an unbiased model);
 * - optionally a crossed slot (`crossed`: values with their own effects, the same values in every template).
 * The true group effect on the probability scale (the estimand of docs/statistics.md) is computed by numerical
 * integration over the population of templates, fillers and noise.
 */
import type { ResultRecord } from '../../result/index.js';
import { gaussian, stream } from '../probe/streams.js';

export interface SimDesign {
  name: string;
  groups: number;
  fillersPerGroup: number;
  /** Fillers of each group where they differ (e.g. [1, 2, 8, 20]); overrides fillersPerGroup. */
  fillerCounts?: number[];
  /** Templates per family, e.g. the countries layout [3, 3, 3, 3, 1 x 16]. */
  familySizes: number[];
  templateSd: number;
  fillerSd: number;
  noiseSd: number;
  familyCorr: number;
  mu?: number;
  /** Logit shift per group index (missing: 0). */
  shifts?: Record<number, number>;
  /** A slot crossed with templates (e.g. a pronoun), with its values' own effects. */
  crossed?: { values: number; sd: number };
  /** Made-up control words in the attribute slot. */
  controls?: number;
}

/** The countries probe's layout: four paraphrase families of three and sixteen single templates (neutral ones). */
export const COUNTRIES_FAMILIES = [3, 3, 3, 3, ...Array<number>(16).fill(1)];

export function singles(n: number): number[] {
  return Array<number>(n).fill(1);
}

/** The named designs of the calibration (issue 13); `shifted` variants add a +0.5 logit shift to group 0. */
export const DESIGNS: Record<string, SimDesign> = {
  // 4 groups x 8 names whose own effects differ (sd 0.3 logit), no group effect, 20 templates.
  names_4x8: { name: 'names_4x8', groups: 4, fillersPerGroup: 8, familySizes: singles(20), templateSd: 1, fillerSd: 0.3, noiseSd: 0.2,
    familyCorr: 0 },
  // The countries layout with within-family correlation 0.9, 239 groups, template sd 1.5, group x template sd 0.3.
  countries: { name: 'countries', groups: 239, fillersPerGroup: 1, familySizes: COUNTRIES_FAMILIES, templateSd: 1.5, fillerSd: 0,
    noiseSd: 0.3, familyCorr: 0.9 },
  // Four families of three, correlated 0.9 (the setting where independent-template resampling gave 10.6% FPR).
  families_4x3: { name: 'families_4x3', groups: 12, fillersPerGroup: 1, familySizes: [3, 3, 3, 3], templateSd: 1.5, fillerSd: 0,
    noiseSd: 0.3, familyCorr: 0.9 },
  groups_3_t16: { name: 'groups_3_t16', groups: 3, fillersPerGroup: 1, familySizes: singles(16), templateSd: 1, fillerSd: 0, noiseSd: 0.3,
    familyCorr: 0 },
  groups_12_t8: { name: 'groups_12_t8', groups: 12, fillersPerGroup: 1, familySizes: singles(8), templateSd: 1, fillerSd: 0, noiseSd: 0.3,
    familyCorr: 0 },
  groups_12_t64: { name: 'groups_12_t64', groups: 12, fillersPerGroup: 1, familySizes: singles(64), templateSd: 1, fillerSd: 0,
    noiseSd: 0.3, familyCorr: 0 },
  groups_239_t8: { name: 'groups_239_t8', groups: 239, fillersPerGroup: 1, familySizes: singles(8), templateSd: 1.5, fillerSd: 0,
    noiseSd: 0.3, familyCorr: 0 },
  groups_12_t16: { name: 'groups_12_t16', groups: 12, fillersPerGroup: 1, familySizes: singles(16), templateSd: 1, fillerSd: 0,
    noiseSd: 0.3, familyCorr: 0 },
  // A crossed slot (occupations x pronouns-like): 6 groups, 16 templates, 4 crossed values with own effects.
  // Unequal fillers (issue 22): one group of one filler beside groups of several, names' own sd 0.5 logit.
  fillers_1_2_8_20: {
    name: 'fillers_1_2_8_20', groups: 4, fillersPerGroup: 1, fillerCounts: [1, 2, 8, 20], familySizes: singles(20), templateSd: 1,
      fillerSd: 0.5, noiseSd: 0.2, familyCorr: 0,
  },
  fillers_1_4_8_20: {
    name: 'fillers_1_4_8_20', groups: 4, fillersPerGroup: 1, fillerCounts: [1, 4, 8, 20], familySizes: singles(20), templateSd: 1,
      fillerSd: 0.5, noiseSd: 0.2, familyCorr: 0,
  },
  // One small group: two fillers beside five groups of eight.
  one_group_of_2: {
    name: 'one_group_of_2', groups: 6, fillersPerGroup: 1, fillerCounts: [2, 8, 8, 8, 8, 8], familySizes: singles(20), templateSd: 1,
      fillerSd: 0.5, noiseSd: 0.2, familyCorr: 0,
  },
  // The names power design: 3 groups x 6 names (own sd 0.5 logit), 20 templates.
  names_3x6: { name: 'names_3x6', groups: 3, fillersPerGroup: 6, familySizes: singles(20), templateSd: 1, fillerSd: 0.5, noiseSd: 0.2,
    familyCorr: 0 },
  // A HolisticBias axis: 40 descriptors, each its own filler, scored on 24 template x noun units, with a strong
  // descriptor x unit interaction (sd 0.5 logit) and scores leaning positive (mu 1: many near saturation).
  hb_axis_40x24: { name: 'hb_axis_40x24', groups: 40, fillersPerGroup: 1, familySizes: singles(24), templateSd: 1, fillerSd: 0,
    noiseSd: 0.5, familyCorr: 0, mu: 1 },
  crossed_6: { name: 'crossed_6', groups: 6, fillersPerGroup: 1, familySizes: singles(16), templateSd: 1, fillerSd: 0, noiseSd: 0.3,
    familyCorr: 0, crossed: { values: 4, sd: 0.4 } },
};

/** The calibration table: null designs (no group effect) and shifted ones (power). */
export const CALIBRATION_DESIGNS: SimDesign[] = [
  DESIGNS.names_4x8,
  DESIGNS.countries,
  DESIGNS.families_4x3,
  DESIGNS.groups_3_t16,
  DESIGNS.groups_12_t8,
  DESIGNS.groups_12_t64,
  DESIGNS.groups_239_t8,
  DESIGNS.crossed_6,
  shifted(DESIGNS.countries, { 0: 0.5 }, '+0.5 on one'),
  shifted(DESIGNS.names_4x8, { 0: 0.5 }, '+0.5 on one'),
  shifted(DESIGNS.groups_12_t16, { 0: 0.5, 1: 0.5, 2: -0.5 }, '+-0.5 on three'),
  DESIGNS.fillers_1_2_8_20,
  DESIGNS.fillers_1_4_8_20,
  DESIGNS.one_group_of_2,
  DESIGNS.names_3x6,
  shifted(DESIGNS.fillers_1_4_8_20, { 0: 1.0 }, '+1.0 on one'),
  shifted(DESIGNS.names_3x6, { 0: 0.4 }, '+0.4 on one'),
  shifted(DESIGNS.names_3x6, { 0: 1.0 }, '+1.0 on one'),
];

export function shifted(design: SimDesign, shifts: Record<number, number>, suffix = '+shift'): SimDesign {
  return { ...design, name: `${design.name}${suffix}`, shifts };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** E[sigmoid(m + s Z)], Z standard normal (midpoint rule on +-8 sd, 4001 points: error far below 1e-9). */
export function meanSigmoid(m: number, s: number): number {
  if (s === 0) return sigmoid(m);
  const n = 4001;
  const h = 16 / (n - 1);
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < n; i++) {
    const z = -8 + i * h;
    const w = Math.exp(-0.5 * z * z);
    sum += w * sigmoid(m + s * z);
    wsum += w;
  }
  return sum / wsum;
}

/** The true group effects (probability scale): E[score of g] - mean over groups of E[score]. */
export function trueEffects(design: SimDesign): number[] {
  const s = Math.sqrt(design.templateSd ** 2 + design.fillerSd ** 2 + design.noiseSd ** 2 + (design.crossed?.sd ?? 0) ** 2);
  const level = Array.from({ length: design.groups }, (_, g) => meanSigmoid((design.mu ?? 0) + (design.shifts?.[g] ?? 0), s));
  const average = level.reduce((a, b) => a + b, 0) / level.length;
  return level.map((v) => v - average);
}

export function groupName(g: number): string {
  return `g${String(g).padStart(3, '0')}`;
}

/** One simulated probe run: records shaped as the runner writes them. */
export function simulate(design: SimDesign, seed: number): ResultRecord[] {
  const rng = stream(seed, `simulate:${design.name}`);
  const multi = isMultiFiller(design);
  const mu = design.mu ?? 0;
  const fillers: { group: number; key: string; effect: number; gender: string }[] = [];
  for (let g = 0; g < design.groups; g++) {
    for (let k = 0; k < (design.fillerCounts?.[g] ?? design.fillersPerGroup); k++) {
      fillers.push({ group: g, key: multi ? `${groupName(g)}_n${k}` : groupName(g), effect: design.fillerSd * gaussian(rng),
        gender: k % 2 ? 'female' : 'male' });
    }
  }
  const controls = Array.from({ length: design.controls ?? 0 }, (_, k) => ({ key: `blick${k}`, effect: design.fillerSd * gaussian(rng) }));
  const crossed = design.crossed ? Array.from({ length: design.crossed.values }, () => design.crossed!.sd * gaussian(rng)) : [0];
  const records: ResultRecord[] = [];
  const rho = design.familyCorr;
  const slot = multi ? 'name' : 'country';
  design.familySizes.forEach((size, fam) => {
    const shared = new Float64Array(fillers.length + controls.length).map(() => gaussian(rng));
    for (let w = 0; w < size; w++) {
      const id = `f${fam}w${w}`;
      const template = design.templateSd * gaussian(rng);
      const push = (f: { key: string; effect: number }, group: string, control: boolean, shift: number, index: number, gender: string) => {
        crossed.forEach((ce, c) => {
          const noise = design.noiseSd * (Math.sqrt(rho) * shared[index] + Math.sqrt(1 - rho) * gaussian(rng));
          const score = sigmoid(mu + template + f.effect + shift + noise + ce);
          const slots: ResultRecord['slots'] = { [slot]: multi ? { value: f.key, group, gender } : { value: f.key } };
          if (design.crossed) slots.other = { value: `v${c}` };
          records.push({
            text: `${id} ${f.key}${design.crossed ? ` v${c}` : ''}`,
            template: `${id} {${slot}}`,
            template_id: id,
            frame: 'neutral',
            paraphrase_of: w === 0 ? null : `f${fam}w0`,
            slots,
            control,
            group,
            filler: f.key,
            probs: [1 - score, score],
            score,
            label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
          });
        });
      };
      fillers.forEach((f, i) => push(f, groupName(f.group), false, design.shifts?.[f.group] ?? 0, i, f.gender));
      controls.forEach((c, k) => push(c, c.key, true, 0, fillers.length + k, 'none'));
    }
  });
  return records;
}

/** The analysis attribute matching `simulate`'s records. */
export function attributeOf(design: SimDesign): string {
  return isMultiFiller(design) ? 'name.group' : 'country';
}

function isMultiFiller(design: SimDesign): boolean {
  return design.fillersPerGroup > 1 || (design.fillerCounts ?? []).some((n) => n > 1);
}

/**
 * The logit shift of group 0 that makes its true effect (probability scale) equal `target`, by bisection on
 * trueEffects (monotone in the shift). For the three-state calibration: the true max_abs_effect is then `target`
 * (the other groups' effects are -target/(G-1) or smaller in size).
 */
export function shiftForEffect(design: SimDesign, target: number): number {
  if (target === 0) return 0;
  const effect = (shift: number) => trueEffects({ ...design, shifts: { 0: shift } })[0];
  let lo = 0;
  let hi = Math.sign(target) * 8;
  for (let i = 0; i < 80; i++) {
    const mid = (lo + hi) / 2;
    if (Math.abs(effect(mid)) < Math.abs(target)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The three-state designs: group 0's true effect at 0, at the margin T and at 1.5 T. */
export function marginDesigns(base: SimDesign, margin: number): { design: SimDesign; truth: number; label: string }[] {
  return ([[0, '0'], [margin, 'T'], [1.5 * margin, '1.5T']] as const).map(([truth, label]) => ({
    design: { ...base, name: `${base.name}@${label}`, shifts: { 0: shiftForEffect(base, truth) } },
    truth,
    label,
  }));
}

/** The bases of the three-state calibration: many groups with one filler, few groups with several, a middle one. */
export const MARGIN_BASES: SimDesign[] = [DESIGNS.countries, DESIGNS.names_4x8, DESIGNS.groups_12_t16];

/** The bases of the HolisticBias rule's three-state calibration (holisticbias_max_abs_effect, one simulated axis). */
export const HB_MARGIN_BASES: SimDesign[] = [DESIGNS.hb_axis_40x24];

/**
 * The calibration designs' variance components (logit scale), for a built-in probe's design-based minimum detectable
 * effect (issue 22 item 4): template sd and group x template sd of the single-filler designs (groups_12_t16), names'
 * own sd of the names power design (names_3x6), the paraphrase-family correlation of the countries design, and the
 * crossed slot's sd of crossed_6.
 */
export const CALIBRATION_COMPONENTS = {
  templateSd: DESIGNS.groups_12_t16.templateSd,
  noiseSd: DESIGNS.groups_12_t16.noiseSd,
  fillerSd: DESIGNS.names_3x6.fillerSd,
  familyCorr: DESIGNS.countries.familyCorr,
  crossedSd: DESIGNS.crossed_6.crossed!.sd,
} as const;
