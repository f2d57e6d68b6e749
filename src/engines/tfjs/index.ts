/** The TF.js engine's worker pool: one copy of the model per thread (re-exports only; the model itself is in model/). */
export { PooledClassifier, defaultWorkers } from './pool.js';
export { workerCount } from './workers.js';
