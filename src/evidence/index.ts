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
export { buildReview, REVIEW_HTML, REVIEW_JSON } from './review.js';
export { reviewJsonSchema, reviewSchema, type Review } from './review-schema.js';
export { renderReview } from './review-html.js';
export { DECISIONS, DECISIONS_FILE, readDecisions, entryHash, signedBytes, type Decision, type DecisionEntry } from './decisions.js';
export { generateKeys, readPrivateKey, readPublicKey } from './keys.js';
export { readReview, signReview, verifyRecord, writeReview, UNHASHED, type SignRequest, type Verification } from './record.js';
export { hashFiles, type HashedFile } from './files.js';
export { reviewMarkdown } from './review-md.js';
export { redaction, redactKey, type Redaction } from './redact.js';
