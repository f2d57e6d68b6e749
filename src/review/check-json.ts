/**
 * check.json: the verdict that travels with a run, beside its unchanged result.json. It names the policy exactly
 * (name, version, sha256 of its text), when it was applied, every rule with its status, value, interval, margin and
 * message, the counts, and the ranked findings. report.html is rendered from result.json and this file. Pure; the
 * shape is the contract in result/check.ts.
 */
import { CHECK_SCHEMA, type CheckFile } from '../result/index.js';
import type { CheckOutcome } from './check.js';
import type { Findings } from './findings.js';

export { isCheckFile, type CheckFile } from '../result/index.js';

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
      id: r.id, metric: r.metric, ...(r.part !== undefined ? { part: r.part } : {}),
      selector: r.selector, kind: r.kind, status: r.status, threshold: r.threshold, on: r.on,
      value: r.estimate?.value ?? null, ci: r.estimate?.ci ?? null, compared: r.compared, message: r.message,
    })),
    findings: findings.findings,
    finding_margin: findings.margin,
    scale: findings.scale,
    warnings: outcome.warnings,
  };
}
