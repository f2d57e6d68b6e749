/**
 * Benchmark suites (`audit run --suite winobias|stereoset|crows-pairs|winogender|all`): classifier adaptations of
 * the model card's recommended benchmarks, each a paired comparison with intervals and tests.
 */
export * from './types.js';
export { planSuites, parseSuiteNames, suiteLabel, type SuiteRunOptions } from './run.js';
export { summarizeWinoBias, heMinusShe, type WinoBiasMeta } from './winobias.js';
export { summarizeStereoSet, WHY_NO_LMS } from './stereoset.js';
export { summarizeCrowsPairs, CROWS_PAIRS_CAVEAT, CROWS_GAP_DEFINITION } from './crows-pairs.js';
export { summarizeWinoGender } from './winogender.js';
export {
  winoBiasSentences,
  stereoSetSentences,
  crowsPairsSentences,
  winoGenderSentences,
  winoGenderItem,
  toSuiteRecord,
  scoresByItem,
  SUITE_RECORDS_ERROR,
} from './sentences.js';
export { bootstrapMeanCi, signFlipP, pairedGap, share, shareLower, pearsonWithCi, spearmanWithCi, DEFAULT_RESAMPLES } from './intervals.js';
export { DEFAULT_SUITE_SEED } from './common.js';
export { planHolisticBias, type HolisticBiasRunOptions } from './holisticbias-run.js';
