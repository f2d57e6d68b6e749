/**
 * result.json `suites`: the typed summary of each benchmark suite, keyed by suite name (a suite run holds one or more
 * of the four paired suites, or HolisticBias alone). Field names are snake_case like the rest of the file; every
 * score is P(target) (P(positive) for the SST-2 model). Written by src/suites, read by the report, check and diff.
 */
import type { Interval } from './interval.js';

export type SuiteName = 'winobias' | 'stereoset' | 'crows-pairs' | 'winogender';
/** HolisticBias dataset versions (src/datasets/holisticbias.ts reads them). */
export type HolisticBiasVersion = 'v1.0' | 'v1.1';

/** A mean paired difference with its interval and two paired tests. */
export interface PairedGap {
  n: number;
  mean: number;
  /** Percentile bootstrap 95% interval over items. */
  ci: [number, number];
  /** Wilcoxon signed-rank two-sided p (scipy defaults). */
  p_wilcoxon: number;
  /** Sign-flip permutation p (Monte Carlo, 10,000 seeded flips, +1 correction; exact when n <= 16). */
  p_perm: number;
}

/** A share of items with a Wilson interval and an exact binomial test against 50%. */
export interface Share {
  /** Items where the comparison went one way (`k`) out of items without a tie (`n`). */
  k: number;
  n: number;
  ties: number;
  value: number;
  ci: [number, number];
  p: number;
}

/** A correlation with its 95% interval and two-sided p. */
export interface Correlation {
  n: number;
  r: number;
  ci: [number, number];
  p: number;
}

/** One row of a suite's main breakdown: what the chart and the first table show. */
export interface BreakdownRow {
  key: string;
  n: number;
  value: number;
  ci: [number, number];
  /** Two-sided p of the row's test (null when no test applies). */
  p: number | null;
  /** Holm-adjusted p within the breakdown (null when not adjusted). */
  p_adj: number | null;
}

/** Fields every suite summary has, so the report and policies can treat them alike. */
export interface SuiteSummaryBase {
  suite: SuiteName;
  title: string;
  /** One plain-language sentence with the main number and its interval. */
  headline: string;
  n_items: number;
  n_sentences: number;
  citation: string;
  licence: string;
  source: string;
  caveat: string;
  /** Named metrics policies refer to, e.g. `winobias_gap`, each with its 95% interval. */
  metrics: Record<string, Interval>;
  /** What `breakdown` values are (the chart's axis title). */
  breakdown_label: string;
  /** The value meaning "no bias" on the breakdown's scale (0 for gaps, 0.5 for shares). */
  breakdown_reference: number;
  breakdown: BreakdownRow[];
  notes: string[];
  seed: number;
  resamples: number;
}

export interface WinoBiasOccupationRow {
  occupation: string;
  /** The WinoBias list the occupation is in (its majority gender per the dataset). */
  list: 'male' | 'female';
  n: number;
  /** Mean of P(pos | he-version) - P(pos | she-version) over the occupation's pairs. */
  he_minus_she: number;
  /** Wilcoxon signed-rank two-sided p of the occupation's own he − she differences (scipy defaults). */
  p_wilcoxon: number;
  ci: [number, number];
  /** % women (US BLS, from WinoGender's occupations-stats.tsv), null when WinoGender has no such occupation. */
  bls_pct_female: number | null;
}

export interface WinoBiasSummary extends SuiteSummaryBase {
  suite: 'winobias';
  /** d_i = P(pos | pro_i) - P(pos | anti_i) over all aligned pairs. */
  gap: PairedGap;
  /** The same without the pairs whose sentences differ beyond the pronoun. */
  gap_clean: PairedGap;
  n_differs_beyond_pronoun: number;
  by_type: Record<'type1' | 'type2', PairedGap>;
  by_split: Record<'dev' | 'test', PairedGap>;
  by_type_clean: Record<'type1' | 'type2', PairedGap>;
  /** P(pos | he-version) - P(pos | she-version) over all pairs. */
  he_minus_she: PairedGap;
  occupations: WinoBiasOccupationRow[];
  /** Per-occupation he-minus-she gap against % women, over the occupations WinoGender has statistics for. */
  bls_pearson: Correlation | null;
  bls_spearman: Correlation | null;
}

export interface StereoSetGroupRow {
  key: string;
  n: number;
  /** Share of items whose stereotype sentence has the lower P(positive). */
  more_negative: Share;
  /** Mean of P(pos | stereotype) - P(pos | anti-stereotype). */
  gap: PairedGap;
  /** Holm-adjusted binomial p within the table. */
  p_adj: number;
}

export interface StereoSetSummary extends SuiteSummaryBase {
  suite: 'stereoset';
  more_negative: Share;
  gap: PairedGap;
  by_bias_type: StereoSetGroupRow[];
  by_type: StereoSetGroupRow[];
  by_target: StereoSetGroupRow[];
  /** Mean P(positive) of each option: the unrelated one is a diagnostic only. */
  mean_score: { stereotype: Interval; anti_stereotype: Interval; unrelated: Interval };
  why_no_lms: string;
}

export interface CrowsGroupRow {
  key: string;
  n: number;
  /** Mean of P(pos | more-stereotyping) - P(pos | less-stereotyping). */
  gap: PairedGap;
  /** Holm-adjusted Wilcoxon p within the table. */
  p_adj: number;
  more_negative: Share;
}

export interface CrowsPairsSummary extends SuiteSummaryBase {
  suite: 'crows-pairs';
  /** P(pos | sent_more) - P(pos | sent_less): stereotypical minus anti-stereotypical (see `gap_definition`). */
  gap: PairedGap;
  gap_definition: string;
  /** Share of pairs whose more-stereotyping sentence has the lower P(positive). */
  more_negative: Share;
  /** P(pos | sentence about the disadvantaged group) - P(pos | the advantaged-group edit). */
  disadvantaged_gap: PairedGap;
  by_bias_type: CrowsGroupRow[];
  by_direction: CrowsGroupRow[];
}

export interface WinoGenderOccupationRow {
  occupation: string;
  n_items: number;
  male: number;
  female: number;
  neutral: number;
  female_minus_male: number;
  /** The female − male difference over the occupation's own items: bootstrap interval and per-row tests. */
  female_minus_male_gap: PairedGap;
  neutral_minus_male: number;
  bls_pct_female: number;
  bergsma_pct_female: number;
}

export interface WinoGenderSummary extends SuiteSummaryBase {
  suite: 'winogender';
  mean_score: Record<'male' | 'female' | 'neutral', Interval>;
  female_minus_male: PairedGap;
  neutral_minus_male: PairedGap;
  /** female - male by what the pronoun refers to (answer 0: the occupation; 1: the participant). */
  by_referent: Record<'occupation' | 'participant', PairedGap>;
  occupations: WinoGenderOccupationRow[];
  /** Per-occupation female-minus-male gap against % women (BLS): Pearson with a Fisher z interval. */
  bls_pearson: Correlation;
  /** Spearman with a percentile bootstrap interval over occupations. */
  bls_spearman: Correlation;
}

export type SuiteSummary = WinoBiasSummary | StereoSetSummary | CrowsPairsSummary | WinoGenderSummary;

export interface HbDescriptorRow {
  descriptor: string;
  n: number;
  /** Mean P(target) over the descriptor's template units. */
  mean: number;
  ci: [number, number];
  /** The effect: mean over units of (score − the unit's average over the axis's descriptors), with its interval. */
  effect: number;
  effect_ci: [number, number];
  /**
   * The effect's 95% simultaneous interval over the axis's descriptors (Šidák-t, as the probes' sim_ci): what the
   * axis's largest-effect rule and the findings read. Absent in runs written before it existed.
   */
  effect_sim_ci?: [number, number];
  /** Descriptor vs the rest of its axis, paired by unit (the probes' test), and Holm within the axis; null for the control. */
  p: number | null;
  p_adj: number | null;
  significant: boolean | null;
  direction: 'higher' | 'lower' | 'none' | null;
}

export interface HbAxisSummary {
  axis: string;
  control: boolean;
  n_sentences: number;
  n_descriptors: number;
  n_units: number;
  mean: number;
  mean_ci: [number, number];
  /** Largest minus smallest descriptor effect. */
  effect_range: number;
  n_significant: number | null;
  /** Friedman test over units x descriptors (null for the control). */
  friedman_p: number | null;
  /**
   * The largest |descriptor effect| of the axis with its 95% interval built from the simultaneous intervals (the
   * probes' max_abs_effect): what the policy's holisticbias_max_abs_effect rule reads, axis by axis. Absent for the
   * control and in runs written before it existed.
   */
  max_abs_effect?: { value: number; ci: [number, number] };
  most_positive: HbDescriptorRow[];
  most_negative: HbDescriptorRow[];
  descriptors: HbDescriptorRow[];
}

export interface HolisticBiasSummary extends Omit<SuiteSummaryBase, 'suite'> {
  suite: 'holisticbias';
  /** The dataset version read (v1.0 or v1.1). */
  version: HolisticBiasVersion;
  /** Set when --sample took a subset. */
  sample: { n: number; of: number; seed: number } | null;
  axes: HbAxisSummary[];
  /** Mean P(target) of the noun-only sentences ("I'm a woman."), the no-descriptor baseline. */
  no_descriptor_mean: number | null;
}

/** result.json `suites` of a suite run: the paired suites that ran, or HolisticBias alone. */
export interface SuiteSummaries {
  winobias?: WinoBiasSummary;
  stereoset?: StereoSetSummary;
  'crows-pairs'?: CrowsPairsSummary;
  winogender?: WinoGenderSummary;
  holisticbias?: HolisticBiasSummary;
}
