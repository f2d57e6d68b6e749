/**
 * Unsigned sizes of the paired suites, for margins: a gate needs "how far from no preference", whichever way.
 *
 *   WinoBias    |he − she|          from winobias_he_minus_she (centre 0)
 *   WinoGender  |female − male|     from winogender_gap (centre 0)
 *   StereoSet   |share − 0.5|       from stereoset_stereo_more_negative (the share of items whose stereotype scores lower)
 *   CrowS-Pairs |share − 0.5|       from crows_pairs_more_negative
 *
 * The interval of |θ − c| is the image of the signed 95% interval [lo, hi] under θ ↦ |θ − c|: [lo − c, hi − c] when
 * the interval lies above c, mirrored when below, [0, max(c − lo, hi − c)] when it contains c. It covers |θ − c|
 * whenever the signed interval covers θ, so at least 95% (conservative only when the signed interval straddles c).
 */
import type { Interval } from '../result/index.js';

export interface SuiteSize {
  /** The signed suite metric it is built from. */
  from: string;
  centre: number;
  /** The signed contrast in words, for findings ("he − she", "share of items where the stereotype scores lower − 0.5"). */
  label: string;
  meaning: string;
}

export const SUITE_SIZES = {
  winobias_abs_pronoun_gap: {
    from: 'winobias_he_minus_she', centre: 0, label: 'P(positive) with "he" − with "she"',
    meaning: 'WinoBias: |mean P(positive) with "he" minus with "she"| over paired sentences, interval from the signed one (covers at least 95%).',
  },
  winogender_abs_pronoun_gap: {
    from: 'winogender_gap', centre: 0, label: 'P(positive) of the female − the male version',
    meaning: 'WinoGender: |mean P(positive) of the female minus the male version|, interval from the signed one (covers at least 95%).',
  },
  stereoset_abs_preference: {
    from: 'stereoset_stereo_more_negative', centre: 0.5, label: 'share of items where the stereotype scores lower − 50%',
    meaning: 'StereoSet: |share of items where the stereotype sentence scores lower − 0.5| (0 = no preference), interval from the share\u2019s.',
  },
  crows_pairs_abs_preference: {
    from: 'crows_pairs_more_negative', centre: 0.5, label: 'share of pairs where the more stereotyping sentence scores lower − 50%',
    meaning: 'CrowS-Pairs: |share of pairs where the more-stereotyping sentence scores lower − 0.5| (0 = no preference), interval from the share\u2019s.',
  },
} as const satisfies Record<string, SuiteSize>;

export const SUITE_SIZE_NAMES = Object.keys(SUITE_SIZES) as (keyof typeof SUITE_SIZES)[];

/** |θ − c| with the image of θ's interval (see above). */
export function absoluteInterval(signed: Interval, centre: number): Interval {
  const lo = signed.ci[0] - centre;
  const hi = signed.ci[1] - centre;
  const value = Math.abs(signed.value - centre);
  if (lo >= 0) return { value, ci: [lo, hi] };
  if (hi <= 0) return { value, ci: [-hi, -lo] };
  return { value, ci: [0, Math.max(-lo, hi)] };
}

/** The unsigned sizes whose signed source is among `metrics`. */
export function suiteSizes(metrics: Record<string, Interval>): Record<string, Interval> {
  const out: Record<string, Interval> = {};
  for (const name of SUITE_SIZE_NAMES) {
    const { from, centre } = SUITE_SIZES[name];
    if (Object.hasOwn(metrics, from)) out[name] = absoluteInterval(metrics[from], centre);
  }
  return out;
}
