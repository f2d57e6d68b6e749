/** Distributed scoring over BullMQ on Redis: public API (re-exports only). */
export { QueueClassifier, DEFAULT_ATTEMPTS, DEFAULT_CHUNK_SIZE, DEFAULT_CONNECT_TIMEOUT_S } from './coordinator.js';
export type { CoordinatorOptions, ModelIdentity } from './coordinator.js';
export { startWorker } from './worker.js';
export type { RunningWorker, WorkerOptions } from './worker.js';
export { modelIdentity, classifierProvenance } from './identity.js';
export { readQueueSecret, SECRET_ENV } from './secret.js';
export { checkQueueUrl, reachRedis } from './connection.js';
export { QUEUE_NAME, jobId, planJobs, redactUrl, jobDataSchema, jobResultSchema, resultMac, PROTOCOL_VERSION } from './protocol.js';
export type { JobData, JobResult, PlannedJob, Provenance } from './protocol.js';
