/**
 * check.json: the verdict that travels with a run, beside its unchanged result.json. It names the policy exactly
 * (name, version, sha256 of its text), when it was applied, every rule with its status, value, interval, margin and
 * message, the counts, and the ranked findings. report.html is rendered from result.json and this file. Pure.
 */
import type { CheckOutcome } from './check.js';
import type { Finding, Findings } from './findings.js';

export const CHECK_SCHEMA = 'bias-audit/check/1';

export interface CheckFile {
  schema: string;
  checked_at: string;
  policy: { name: string; version: 1 | 2; sha256: string; file: string };
  strict: boolean;
  status: CheckOutcome['status'];
  passed: boolean;
  counts: CheckOutcome['counts'];
  subject: CheckOutcome['subject'];
  baseline: CheckOutcome['baseline'];
  rules: {
    id: string; metric: string; selector: string; kind: string; status: string; threshold: number; on: string;
    value: number | null; ci: [number, number] | null; compared: number | null; message: string;
  }[];
  findings: Finding[];
  /** The margin findings were read against, and the control's scale line (probe runs). */
  finding_margin: number;
  scale: string | null;
  warnings: string[];
}

export function checkFile(outcome: CheckOutcome, findings: Findings, meta: { policyFile: string; checkedAt: Date }): CheckFile {
  return {
    schema: CHECK_SCHEMA,
    checked_at: meta.checkedAt.toISOString(),
    policy: { name: outcome.policy, version: outcome.policy_version, sha256: outcome.policy_sha256, file: meta.policyFile },
    strict: outcome.strict,
    status: outcome.status,
    passed: outcome.passed,
    counts: outcome.counts,
    subject: outcome.subject,
    baseline: outcome.baseline,
    rules: outcome.rules.map((r) => ({
      id: r.id, metric: r.metric, selector: r.selector, kind: r.kind, status: r.status, threshold: r.threshold, on: r.on,
      value: r.estimate?.value ?? null, ci: r.estimate?.ci ?? null, compared: r.compared, message: r.message,
    })),
    findings: findings.findings,
    finding_margin: findings.margin,
    scale: findings.scale,
    warnings: outcome.warnings,
  };
}

/** A check.json as read back (for the report): only the shape is trusted after this guard. */
export function isCheckFile(value: unknown): value is CheckFile {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<CheckFile>;
  return v.schema === CHECK_SCHEMA && Array.isArray(v.rules) && Array.isArray(v.findings) && typeof v.status === 'string'
    && v.counts !== undefined && v.policy !== undefined;
}
