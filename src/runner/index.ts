/** The scoring stage: dedupe, the score cache, the TF.js worker pool, the run plan and the run directory. Re-exports only. */
export { scoreRun, scoringCounts, scoringTimings, modelInfo, toRecord, planProbe, DEFAULT_SEED, type RunOptions, type RunPlan, type ScoringOptions } from './run.js';
export { scoreTexts, fromCached, type RemoteScorer, type ScoreOptions, type ScoreOutcome } from './score.js';
export { ScoreCache, engineOf, LOCAL_SOURCE, type CacheKey, type CachedScore } from './cache.js';
export { headProblem, scoreProblem, HEAD_TOLERANCE } from './score-check.js';
export { cacheWarning, isCacheStorageError } from './cache-failure.js';
export { PooledClassifier, defaultWorkers } from './pool.js';
export { workerCount } from './workers.js';
export { writeRunDir, scoresCsv, defaultRunDir } from './output.js';
export { checkOutDir, commitRunDir, RUN_MARKER } from './run-dir.js';
export { assembleResult, type Analysed, type ResultHeader } from './result.js';
