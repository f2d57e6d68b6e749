/**
 * A run's verdict as check.json states it (the verdict issue writes it beside result.json). Read defensively: the
 * file crossed a process boundary, and its shape is owned elsewhere, so only the fields the review shows are taken,
 * each checked. Without check.json the review says the run has no verdict yet; it never computes one itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import type { ReviewVerdict } from './review-schema.js';

export const CHECK_FILE = 'check.json';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});

export function readVerdict(runDir: string): ReviewVerdict {
  const path = join(runDir, CHECK_FILE);
  if (!existsSync(path)) {
    return { available: false, status: null, policy: null, rules: [], findings: [], note: 'This run has no verdict yet (no check.json in its directory).' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw inputError('E_REVIEW_MISSING', `${path}: not valid JSON (${(e as Error).message})`);
  }
  const check = obj(raw);
  const rules = (Array.isArray(check.rules) ? check.rules : []).map((r) => {
    const rule = obj(r);
    const ci = Array.isArray(rule.interval) ? rule.interval : Array.isArray(rule.ci) ? rule.ci : null;
    const threshold = rule.threshold;
    return {
      id: str(rule.id) ?? str(rule.rule) ?? '(unnamed rule)',
      status: str(rule.status) ?? 'unknown',
      value: num(rule.value),
      interval: ci && ci.length === 2 ? [num(ci[0]), num(ci[1])] as [number | null, number | null] : null,
      threshold: typeof threshold === 'number' ? String(threshold) : str(threshold) ?? (threshold === undefined || threshold === null ? null : JSON.stringify(threshold)),
      message: str(rule.message) ?? '',
    };
  });
  const findings = (Array.isArray(check.findings) ? check.findings : []).map((f) => {
    const finding = obj(f);
    return { severity: str(finding.severity), text: str(finding.text) ?? str(finding.sentence) ?? str(finding.message) ?? '' };
  }).filter((f) => f.text !== '');
  const policy = obj(check.policy);
  const version = policy.version;
  return {
    available: true,
    status: str(check.status) ?? str(check.verdict) ?? overall(rules.map((r) => r.status)),
    policy: Object.keys(policy).length === 0 ? null : {
      name: str(policy.name) ?? '(unnamed)', version: typeof version === 'number' || typeof version === 'string' ? version : null, sha256: str(policy.sha256),
    },
    rules,
    findings,
    note: '',
  };
}

/** The overall state when check.json does not state it: a failure wins, then inconclusive, then pass. */
function overall(statuses: string[]): string | null {
  for (const s of ['fail', 'inconclusive', 'pass']) if (statuses.includes(s)) return s;
  return null;
}
