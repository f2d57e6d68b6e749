/**
 * The I/O of the decision record: write the review, sign (append an entry), verify (every hash, the chain, the
 * rendered page, the signatures). Verification collects every mismatch and names the first.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError, inputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { readTextFile, TextFileError } from '../util/read-text.js';
import {
  DECISIONS_FILE, entryHash, keyId, readDecisions, signatureValid, signEntry, type Decision, type DecisionEntry,
} from './decisions.js';
import { hashFiles } from './files.js';
import { canonicalJson } from './jcs.js';
import { LOCK_FILE, lockSha256 } from './lock.js';
import { buildReview, REVIEW_HTML, REVIEW_JSON } from './review.js';
import { renderReview } from './review-html.js';
import { reviewSchema, type Review } from './review-schema.js';

/** Files the record does not hash: itself, and the page rendered from it. */
export const UNHASHED = [DECISIONS_FILE, REVIEW_HTML];

export function writeReview(dir: string): Review {
  const review = buildReview(dir);
  writeFileAtomic(join(dir, REVIEW_JSON), `${JSON.stringify(review, null, 2)}\n`);
  writeFileAtomic(join(dir, REVIEW_HTML), renderReview(review, readDecisions(dir)));
  return review;
}

export function readReview(dir: string): Review {
  const path = join(dir, REVIEW_JSON);
  if (!existsSync(path)) throw inputError('E_REVIEW_MISSING', `${path}: missing (run audit review ${dir} first)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw inputError('E_REVIEW_MISSING', `${path}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = reviewSchema.safeParse(raw);
  if (!parsed.success) throw inputError('E_REVIEW_MISSING', `${path}: does not follow schemas/review.schema.json ` +
    `(${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`);
  return parsed.data;
}

export interface SignRequest {
  reviewer: string;
  decision: Decision;
  rationaleFile: string;
  conditions: string[];
  key: KeyObject | null;
  /** The time of the entry (tests pin it); default now. */
  now?: Date;
}

const REVIEWER = /^[^<>\n\r]{1,200} <[^<>\s@]{1,64}@[^<>\s@]{1,255}>$/;
const MAX_RATIONALE_BYTES = 64 * 1024;

export function signReview(dir: string, request: SignRequest): DecisionEntry {
  const review = readReview(dir);
  if (canonicalJson(buildReview(dir)) !== canonicalJson(review)) {
    throw inputError('E_REVIEW_STALE', `${join(dir, REVIEW_JSON)}: no longer matches the audit directory; run audit review ${dir} again ` +
      `and re-read it before signing`);
  }
  if (!review.filing.fileable) throw inputError('E_SIGN_REFUSED', `${dir}: ${review.filing.headline}`);
  if (!REVIEWER.test(request.reviewer)) throw inputError('E_SIGN_INPUT', `--reviewer ${JSON.stringify(request.reviewer)}: give it as ` +
    `"Name <email>"`);
  let rationale: string;
  try {
    rationale = readTextFile(request.rationaleFile, request.rationaleFile, { maxBytes: MAX_RATIONALE_BYTES }).trim();
  } catch (e) {
    if (e instanceof TextFileError) throw inputError('E_SIGN_INPUT', e.message);
    throw e;
  }
  if (rationale === '') throw inputError('E_SIGN_INPUT', `${request.rationaleFile}: the rationale is empty`);
  const conditions = request.conditions.map((c) => c.trim()).filter(Boolean);
  if (request.decision === 'approve-with-conditions' && conditions.length === 0) {
    throw inputError('E_SIGN_INPUT', '--decision approve-with-conditions: state each condition with --condition "..."');
  }
  if (request.decision !== 'approve-with-conditions' && conditions.length > 0) {
    throw inputError('E_SIGN_INPUT', `--condition: only with --decision approve-with-conditions (not ${request.decision})`);
  }
  const previous = readDecisions(dir);
  const last = previous.at(-1);
  const entry: DecisionEntry = {
    entry: previous.length + 1,
    reviewer: request.reviewer,
    time_utc: (request.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    decision: request.decision,
    rationale,
    conditions,
    files: hashFiles(dir, UNHASHED),
    previous_sha256: last ? entryHash(last) : lockSha256(dir),
  };
  const written = request.key ? signEntry(entry, request.key) : entry;
  const lines = [...previous, written].map((e) => JSON.stringify(e));
  writeFileAtomic(join(dir, DECISIONS_FILE), `${lines.join('\n')}\n`);
  writeFileAtomic(join(dir, REVIEW_HTML), renderReview(review, [...previous, written]));
  return written;
}

export interface Verification {
  entries: number;
  /** Every mismatch, in the order checked; the first is the one named. */
  problems: string[];
  signatures: 'verified' | 'not attributed';
}

export function verifyRecord(dir: string, publicKey: KeyObject | null): Verification {
  if (!existsSync(join(dir, LOCK_FILE))) throw inputError('E_REVIEW_MISSING', `${dir}: no ${LOCK_FILE}; not an audit directory`);
  const entries = readDecisions(dir);
  const problems: string[] = [];
  if (entries.length === 0) problems.push(`${DECISIONS_FILE}: no decision recorded (audit sign appends one)`);
  const latest = entries.at(-1);
  if (latest) {
    const now = new Map(hashFiles(dir, UNHASHED).map((f) => [f.path, f.sha256]));
    const recorded = new Map(latest.files.map((f) => [f.path, f.sha256]));
    for (const [path, hash] of recorded) {
      const current = now.get(path);
      if (current === undefined) problems.push(`${path}: recorded in entry ${latest.entry}, missing now`);
      else if (current !== hash) problems.push(`${path}: sha256 ${current.slice(0, 12)} differs from ` +
        `entry ${latest.entry}'s ${hash.slice(0, 12)}`);
    }
    for (const path of now.keys()) if (!recorded.has(path)) problems.push(`${path}: not in entry ${latest.entry} (added after ` +
      `the decision)`);
  }
  let previous = existsSync(join(dir, LOCK_FILE)) ? lockSha256(dir) : '';
  entries.forEach((e, i) => {
    if (e.entry !== i + 1) problems.push(`${DECISIONS_FILE} entry ${i + 1}: numbered ${e.entry}`);
    if (e.previous_sha256 !== previous) {
      problems.push(i === 0
        ? `${DECISIONS_FILE} entry 1: previous_sha256 is not the sha256 of ${LOCK_FILE} (the lock changed after the decision)`
        : `${DECISIONS_FILE} entry ${i + 1}: previous_sha256 is not the hash of entry ${i} (the chain is broken)`);
    }
    previous = entryHash(e);
    if (publicKey) {
      if (e.signature === undefined) problems.push(`${DECISIONS_FILE} entry ${i + 1}: not signed`);
      else if (e.public_key_sha256 !== keyId(publicKey) || !signatureValid(e, publicKey)) {
        problems.push(`${DECISIONS_FILE} entry ${i + 1}: the signature does not verify with the given public key`);
      }
    }
  });
  if (existsSync(join(dir, REVIEW_JSON))) {
    let rendered: string | null = null;
    try {
      rendered = renderReview(readReview(dir), entries);
    } catch (e) {
      if (!(e instanceof AuditError)) throw e;
      problems.push(e.message);
    }
    const htmlPath = join(dir, REVIEW_HTML);
    if (rendered !== null && (!existsSync(htmlPath) || readFileSync(htmlPath, 'utf8') !== rendered)) {
      problems.push(`${REVIEW_HTML}: differs from what review.json and ${DECISIONS_FILE} render`);
    }
  } else {
    problems.push(`${REVIEW_JSON}: missing`);
  }
  return { entries: entries.length, problems, signatures: publicKey ? 'verified' : 'not attributed' };
}
