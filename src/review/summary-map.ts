/**
 * Which measurement speaks to which attribute, as one signed contrast with one orientation per attribute: the one
 * table `audit summary` reads (test/review/summary.test.ts checks it). Gender: female − male everywhere (the gender
 * probe's pair, WinoBias' "she" − "he", WinoGender's female − male version, a data run's gender swaps oriented to
 * female − male). The other attributes: the benchmark suites' "more stereotyping − less stereotyping" sentence of the
 * same bias type (StereoSet and CrowS-Pairs gender rows measure a stereotype, not female − male, so they are not
 * under gender). Probes with many groups have no single signed contrast (their reports show every group).
 */
export type Attribute = 'gender' | 'race/ethnicity' | 'religion' | 'nationality/country' | 'age' | 'disability' | 'sexual orientation';

export const ATTRIBUTES: readonly Attribute[] = ['gender', 'race/ethnicity', 'religion', 'nationality/country', 'age', 'disability',
  'sexual orientation'];

export type SourceKind =
  /** A probe's pair statistic a − b (stats.pairs), negated when the pair is stored the other way round. */
  | { from: 'probe-pair'; probe: string; a: string; b: string }
  /** A suite metric (suites.<suite>.metrics.<metric>), times `sign`. */
  | { from: 'suite-metric'; suite: string; metric: string; sign: 1 | -1 }
  /** A data run's swaps on an axis: counterfactual − original, oriented so that `to` minus `from` is `a − b`. */
  | { from: 'data-swaps'; axis: string; a: string; b: string };

export interface SourceMapping {
  attribute: Attribute;
  /** The contrast in words, the same for every source of the attribute. */
  contrast: string;
  label: string;
  source: SourceKind;
}

const STEREO = 'P(positive) of the more stereotyping sentence − the less stereotyping one';

const FEMALE_MALE = 'P(positive), female − male';

/** The suites' rows per attribute: StereoSet bias type (null: StereoSet has none) and CrowS-Pairs bias type. */
const STEREOTYPE_ROWS: readonly [Attribute, string | null, string][] = [
  ['race/ethnicity', 'race', 'race-color'], ['religion', 'religion', 'religion'], ['nationality/country', null, 'nationality'],
  ['age', null, 'age'], ['disability', null, 'disability'], ['sexual orientation', null, 'sexual-orientation'],
];

export const SUMMARY_MAP: readonly SourceMapping[] = [
  { attribute: 'gender', contrast: FEMALE_MALE, label: 'gender probe (female − male pair)', source: { from: 'probe-pair', probe: 'gender',
    a: 'female', b: 'male' } },
  {
    attribute: 'gender', contrast: FEMALE_MALE, label: 'WinoBias ("she" − "he")',
    source: { from: 'suite-metric', suite: 'winobias', metric: 'winobias_he_minus_she', sign: -1 },
  },
  {
    attribute: 'gender', contrast: FEMALE_MALE, label: 'WinoGender (female − male version)',
    source: { from: 'suite-metric', suite: 'winogender', metric: 'winogender_gap', sign: 1 },
  },
  {
    attribute: 'gender', contrast: FEMALE_MALE, label: 'data run, gender swaps (female − male version)',
    source: { from: 'data-swaps', axis: 'gender', a: 'female', b: 'male' },
  },
  ...STEREOTYPE_ROWS.flatMap(([attribute, stereoset, crows]): SourceMapping[] => [
    ...(stereoset
      ? [{
        attribute, contrast: STEREO, label: `StereoSet (${stereoset})`,
        source: { from: 'suite-metric', suite: 'stereoset', metric: `stereoset_gap_${stereoset}`, sign: 1 },
      } satisfies SourceMapping]
      : []),
    {
      attribute, contrast: STEREO, label: `CrowS-Pairs (${crows})`,
      source: { from: 'suite-metric', suite: 'crows-pairs', metric: `crows_pairs_gap_${crows}`, sign: 1 },
    },
  ]),
];
