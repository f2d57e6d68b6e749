/**
 * Benchmark-suite types. The summaries (`result.suites[name]` of result.json) are part of the contract and live in
 * src/result/suites.ts; they are re-exported here for the suite code.
 */
import type { SuiteName } from '../result/index.js';

export type {
  SuiteName, PairedGap, Share, Correlation, BreakdownRow, SuiteSummaryBase, WinoBiasOccupationRow, WinoBiasSummary,
  StereoSetGroupRow, StereoSetSummary, CrowsGroupRow, CrowsPairsSummary, WinoGenderOccupationRow, WinoGenderSummary, SuiteSummary,
  SuiteSummaries, HbDescriptorRow, HbAxisSummary, HolisticBiasSummary, HolisticBiasVersion,
} from '../result/index.js';

export const SUITE_NAMES: readonly SuiteName[] = ['winobias', 'stereoset', 'crows-pairs', 'winogender'];

/** One sentence to score: which suite and dataset item it belongs to and its role in that item. */
export interface SuiteSentence {
  suite: SuiteName;
  /** The dataset's item id (a WinoBias pair, a StereoSet item, a CrowS-Pairs row, a WinoGender template variant). */
  item: string;
  /** pro/anti; stereotype/anti-stereotype/unrelated; more/less; male/female/neutral. */
  role: string;
  text: string;
}

export interface SummaryOptions {
  seed?: number;
  /** Bootstrap resamples for percentile intervals (default 2000). */
  resamples?: number;
}

