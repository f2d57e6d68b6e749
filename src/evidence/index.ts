/** Evidence a reviewer can file: the audit plan and its lock, the review of all runs, the signed decision record. */
export { parsePlan, loadPlan, type Plan, type PlannedRun } from './plan.js';
export { planJsonSchema, type PlanFile } from './plan-schema.js';
export { planTemplate, type InitOptions } from './init.js';
export { dataPath, modelArg, policyPath, probePath, type InputOptions, type LockedInput } from './inputs.js';
export {
  buildLock, compareLocks, HISTORY_DIR, LOCK_FILE, lockSha256, PLAN_COPY, readLock, writeLock, type PlanLock,
} from './lock.js';
export { amendPlan, type Amended } from './amend.js';
export { sha256, sha256File } from './hash.js';
export { canonicalJson } from './jcs.js';
