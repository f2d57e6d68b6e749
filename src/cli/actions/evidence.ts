/** `audit review`, `audit sign`, `audit verify`, `audit keygen`: the review of an audit directory and its decision record. */
import { join } from 'node:path';
import {
  generateKeys, readPrivateKey, readPublicKey, REVIEW_HTML, REVIEW_JSON, signReview, verifyRecord, writeReview, type Decision,
} from '../../evidence/index.js';
import { AuditError } from '../../errors.js';
import { info } from '../progress.js';

export function review(args: { dir: string; quiet: boolean }): void {
  const r = writeReview(args.dir);
  info(args.quiet, r.filing.headline);
  process.stdout.write(`${join(args.dir, REVIEW_JSON)}\n${join(args.dir, REVIEW_HTML)}\n`);
}

export interface SignArgs {
  dir: string;
  reviewer: string;
  decision: string;
  rationale: string;
  condition?: string[];
  key?: string;
  quiet: boolean;
}

export function sign(args: SignArgs): void {
  const key = args.key ? readPrivateKey(args.key) : null;
  const entry = signReview(args.dir, {
    reviewer: args.reviewer, decision: args.decision as Decision, rationaleFile: args.rationale, conditions: args.condition ?? [], key,
  });
  info(args.quiet, `entry ${entry.entry}: ${entry.decision} by ${entry.reviewer} at ${entry.time_utc}${key ? ', signed' : ', not signed (no --key)'}`);
  process.stdout.write(`${join(args.dir, 'decisions.jsonl')}\n`);
}

export function verify(args: { dir: string; pubkey?: string; quiet: boolean }): void {
  const key = args.pubkey ? readPublicKey(args.pubkey) : null;
  const v = verifyRecord(args.dir, key);
  if (v.problems.length > 0) {
    throw new AuditError('E_VERIFY_FAILED', `${args.dir}: ${v.problems[0]}`, { kind: 'policy', problems: v.problems.slice(1) });
  }
  const signatures = v.signatures === 'verified' ? `every signature verifies with ${args.pubkey}` : 'signatures not attributed (give --pubkey NAME.pub)';
  process.stdout.write(`${args.dir}: intact (${v.entries} decision${v.entries === 1 ? '' : 's'}, every file hash, the chain and review.html match); ${signatures}\n`);
}

export function keygen(args: { out: string; quiet: boolean }): void {
  const { privateFile, publicFile } = generateKeys(args.out);
  info(args.quiet, `keep ${privateFile} private (mode 0600); give ${publicFile} to whoever verifies`);
  process.stdout.write(`${privateFile}\n${publicFile}\n`);
}
