/**
 * result.json `suites` as zod: one closed schema per suite summary, the same shapes as suites.ts (compile-time checks
 * at the bottom keep each pair from drifting, field by field). Schema 2.x files are read with the loose schema of the
 * fields every suite has: earlier versions of some summaries lacked fields added since (e.g. per-row intervals).
 */
import { z } from 'zod';
import type {
  CrowsPairsSummary, HolisticBiasSummary, StereoSetSummary, SuiteSummaries, WinoBiasSummary, WinoGenderSummary,
} from './suites.js';
import type { Paths, Same, Widen } from './same-shape.js';

const stat = z.number().nullable();
const count = z.int().nonnegative();
const interval = z.tuple([stat, stat]);
const intervalStat = z.strictObject({ value: stat, ci: interval });

const pairedGap = z.strictObject({ n: count, mean: stat, ci: interval, p_wilcoxon: stat, p_perm: stat });
const share = z.strictObject({ k: count, n: count, ties: count, value: stat, ci: interval, p: stat });
const correlation = z.strictObject({ n: count, r: stat, ci: interval, p: stat });
const breakdownRow = z.strictObject({ key: z.string(), n: count, value: stat, ci: interval, p: stat, p_adj: stat });

/** Fields every suite summary has (SuiteSummaryBase), `suite` aside. */
const common = {
  title: z.string(),
  headline: z.string(),
  n_items: count,
  n_sentences: count,
  citation: z.string(),
  licence: z.string(),
  source: z.string(),
  caveat: z.string(),
  metrics: z.record(z.string(), intervalStat),
  breakdown_label: z.string(),
  breakdown_reference: z.number(),
  breakdown: z.array(breakdownRow),
  notes: z.array(z.string()),
  seed: z.int(),
  resamples: count,
};

const winobias = z.strictObject({
  ...common,
  suite: z.literal('winobias'),
  gap: pairedGap,
  gap_clean: pairedGap,
  n_differs_beyond_pronoun: count,
  by_type: z.strictObject({ type1: pairedGap, type2: pairedGap }),
  by_split: z.strictObject({ dev: pairedGap, test: pairedGap }),
  by_type_clean: z.strictObject({ type1: pairedGap, type2: pairedGap }),
  he_minus_she: pairedGap,
  occupations: z.array(z.strictObject({
    occupation: z.string(), list: z.enum(['male', 'female']), n: count, he_minus_she: stat, p_wilcoxon: stat, ci: interval,
    bls_pct_female: z.number().nullable(),
  })),
  bls_pearson: correlation.nullable(),
  bls_spearman: correlation.nullable(),
});

const stereoRow = z.strictObject({ key: z.string(), n: count, more_negative: share, gap: pairedGap, p_adj: stat });
const stereoset = z.strictObject({
  ...common,
  suite: z.literal('stereoset'),
  more_negative: share,
  gap: pairedGap,
  by_bias_type: z.array(stereoRow),
  by_type: z.array(stereoRow),
  by_target: z.array(stereoRow),
  mean_score: z.strictObject({ stereotype: intervalStat, anti_stereotype: intervalStat, unrelated: intervalStat }),
  why_no_lms: z.string(),
});

const crowsRow = z.strictObject({ key: z.string(), n: count, gap: pairedGap, p_adj: stat, more_negative: share });
const crowsPairs = z.strictObject({
  ...common,
  suite: z.literal('crows-pairs'),
  gap: pairedGap,
  gap_definition: z.string(),
  more_negative: share,
  disadvantaged_gap: pairedGap,
  by_bias_type: z.array(crowsRow),
  by_direction: z.array(crowsRow),
});

const winogender = z.strictObject({
  ...common,
  suite: z.literal('winogender'),
  mean_score: z.strictObject({ male: intervalStat, female: intervalStat, neutral: intervalStat }),
  female_minus_male: pairedGap,
  neutral_minus_male: pairedGap,
  by_referent: z.strictObject({ occupation: pairedGap, participant: pairedGap }),
  occupations: z.array(z.strictObject({
    occupation: z.string(), n_items: count, male: stat, female: stat, neutral: stat, female_minus_male: stat,
    female_minus_male_gap: pairedGap, neutral_minus_male: stat, bls_pct_female: stat, bergsma_pct_female: stat,
  })),
  bls_pearson: correlation,
  bls_spearman: correlation,
});

const hbDescriptor = z.strictObject({
  descriptor: z.string(),
  n: count,
  mean: stat,
  ci: interval,
  effect: stat,
  effect_ci: interval,
  effect_sim_ci: interval.optional(),
  p: stat,
  p_adj: stat,
  significant: z.boolean().nullable(),
  direction: z.enum(['higher', 'lower', 'none']).nullable(),
});
const holisticbias = z.strictObject({
  ...common,
  suite: z.literal('holisticbias'),
  version: z.enum(['v1.0', 'v1.1']),
  sample: z.strictObject({ n: count, of: count, seed: z.int() }).nullable(),
  axes: z.array(z.strictObject({
    axis: z.string(),
    control: z.boolean(),
    n_sentences: count,
    n_descriptors: count,
    n_units: count,
    mean: stat,
    mean_ci: interval,
    effect_range: stat,
    n_significant: count.nullable(),
    friedman_p: stat,
    max_abs_effect: z.strictObject({ value: stat, ci: interval }).optional(),
    most_positive: z.array(hbDescriptor),
    most_negative: z.array(hbDescriptor),
    descriptors: z.array(hbDescriptor),
  })),
  no_descriptor_mean: stat,
});

/** The suites of a schema 3.x suite run: each summary closed to unknown fields. */
export const suitesSchema = z.strictObject({
  winobias: winobias.optional(),
  stereoset: stereoset.optional(),
  'crows-pairs': crowsPairs.optional(),
  winogender: winogender.optional(),
  holisticbias: holisticbias.optional(),
});

const legacySummary = z.looseObject({ ...common, suite: z.string() });
/** The suites of a schema 2.x file: the common fields only (see the file comment). */
export const legacySuitesSchema = z.strictObject({
  winobias: legacySummary.optional(),
  stereoset: legacySummary.optional(),
  'crows-pairs': legacySummary.optional(),
  winogender: legacySummary.optional(),
  holisticbias: legacySummary.optional(),
});

// The types (suites.ts) and these schemas cannot drift: each pair is the same shape, every field path included.
type File = z.infer<typeof suitesSchema>;
type Checked<A, B> = Same<Widen<A>, Widen<B>> extends true ? Same<Paths<A>, Paths<B>> : false;
const winobiasSame: Checked<NonNullable<File['winobias']>, WinoBiasSummary> = true;
const stereosetSame: Checked<NonNullable<File['stereoset']>, StereoSetSummary> = true;
const crowsSame: Checked<NonNullable<File['crows-pairs']>, CrowsPairsSummary> = true;
const winogenderSame: Checked<NonNullable<File['winogender']>, WinoGenderSummary> = true;
const hbSame: Checked<NonNullable<File['holisticbias']>, HolisticBiasSummary> = true;
const keysSame: Same<keyof File, keyof SuiteSummaries> = true;
void [winobiasSame, stereosetSame, crowsSame, winogenderSame, hbSame, keysSame];
