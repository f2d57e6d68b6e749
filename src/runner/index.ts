/** The scoring step (dedupe, the score cache) and the run directory, plus the plan every kind of run hands them. Re-exports only. */
export { scoreRun, scoringCounts, scoringTimings, modelInfo, DEFAULT_SEED, type RunOptions, type ScoringOptions } from './run.js';
export type { RunPlan, RunKind, RunHeader, Analysed, ResultSubject } from './plan.js';
export { scoreTexts, fromCached, type RemoteScorer, type ScoreOptions, type ScoreOutcome } from './score.js';
export { ScoreCache, engineOf, LOCAL_SOURCE, type CacheKey, type CachedScore } from './cache.js';
export { headProblem, scoreProblem, HEAD_TOLERANCE } from './score-check.js';
export { cacheWarning, isCacheStorageError } from './cache-failure.js';
export { writeRunDir, scoresCsv } from './output.js';
export { checkOutDir, commitRunDir, RUN_MARKER } from './run-dir.js';
export { assembleResult, type StageSeconds } from './result.js';
