/**
 * DIR/decisions.jsonl: the decision record, one JSON entry per line. Each entry holds the sha256 of every file in DIR
 * except decisions.jsonl and review.html (rendered from review.json and this file, so signing changes no hashed
 * file) and the sha256 of the previous entry in RFC 8785 canonical form; the first entry's is plan.lock.json's.
 * With a key the entry is signed (Ed25519) over the UTF-8 bytes of its canonical form without `signature`.
 */
import { createPublicKey, sign, verify as verifySignature, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from '../errors.js';
import type { HashedFile } from './files.js';
import { sha256 } from './hash.js';
import { canonicalJson } from './jcs.js';

export const DECISIONS_FILE = 'decisions.jsonl';
export const DECISIONS = ['approve', 'reject', 'approve-with-conditions'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface DecisionEntry {
  entry: number;
  reviewer: string;
  time_utc: string;
  decision: Decision;
  rationale: string;
  conditions: string[];
  files: HashedFile[];
  previous_sha256: string;
  /** sha256 of the signing key's SPKI (DER): which key signed, without the key itself. */
  public_key_sha256?: string;
  signature?: string;
}

/** The hash the next entry chains to: of the whole entry (signature included) in canonical form. */
export function entryHash(entry: DecisionEntry): string {
  return sha256(canonicalJson(entry));
}

/** What the signature covers: the entry without `signature`, canonical, as UTF-8. */
export function signedBytes(entry: DecisionEntry): Buffer {
  const { signature: _signature, ...rest } = entry;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

export function keyId(publicKey: KeyObject): string {
  return sha256(publicKey.export({ type: 'spki', format: 'der' }));
}

export function signEntry(entry: DecisionEntry, privateKey: KeyObject): DecisionEntry {
  const withKey = { ...entry, public_key_sha256: keyId(createPublicKey(privateKey)) };
  return { ...withKey, signature: sign(null, signedBytes(withKey), privateKey).toString('base64') };
}

export function signatureValid(entry: DecisionEntry, publicKey: KeyObject): boolean {
  if (entry.signature === undefined) return false;
  return verifySignature(null, signedBytes(entry), publicKey, Buffer.from(entry.signature, 'base64'));
}

/** The entries of DIR/decisions.jsonl ([] when there is none); a line that is not an entry is named. */
export function readDecisions(dir: string): DecisionEntry[] {
  const path = join(dir, DECISIONS_FILE);
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new AuditError('E_VERIFY_FAILED', `${path}:${i + 1}: not a JSON line (the decision record was ` +
        `edited by hand?)`, { kind: 'policy' });
    }
    if (!isEntry(value)) throw new AuditError('E_VERIFY_FAILED', `${path}:${i + 1}: not a decision entry`, { kind: 'policy' });
    return value;
  });
}

function isEntry(v: unknown): v is DecisionEntry {
  const e = v as Partial<DecisionEntry> | null;
  return e !== null && typeof e === 'object' && typeof e.entry === 'number' && typeof e.reviewer === 'string' &&
    typeof e.time_utc === 'string'
    && typeof e.decision === 'string' && (DECISIONS as readonly string[]).includes(e.decision) && typeof e.rationale === 'string'
    && Array.isArray(e.conditions) && e.conditions.every((c) => typeof c === 'string')
    && Array.isArray(e.files) && e.files.every((f) => f && typeof f.path === 'string' && typeof f.sha256 === 'string')
    && typeof e.previous_sha256 === 'string'
    && (e.signature === undefined || typeof e.signature === 'string') && (e.public_key_sha256 === undefined ||
      typeof e.public_key_sha256 === 'string');
}
