/**
 * `audit check` (and `audit run` after writing result.json) at the edges: read the run, the policy and the baseline;
 * write check.json, check.junit.xml, check.sarif and check.md beside result.json, which is never rewritten.
 */
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../config/paths.js';
import { loadDataRecords } from '../result/index.js';
import { AuditError, inputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { TOOL_VERSION } from '../version.js';
import { checkRun, countsText, type CheckOptions, type CheckOutcome } from './check.js';
import { checkFile } from './check-json.js';
import { findingsOf, type Findings } from './findings.js';
import { checkJunit } from './junit.js';
import { checkMarkdown } from './markdown.js';
import { loadPolicy } from './policy.js';
import { loadRun, resultPath } from './run-dir.js';
import { checkSarif } from './sarif.js';

/** The policy `audit check` applies when none is given. */
export const DEFAULT_POLICY = join(PACKAGE_ROOT, 'policies', 'default.yaml');

export interface CheckFiles {
  json: string;
  junit: string;
  sarif: string;
  markdown: string;
}

export interface CheckRunOptions extends CheckOptions {
  policy?: string;
  baseline?: string;
  /** Where relative paths in the SARIF file start (default: the working directory, the repository root in CI). */
  root?: string;
  /** When the check ran (check.json, JUnit); default now. */
  now?: Date;
}

/** Writes the three files into the run directory and returns the outcome; does not throw on a failed check. */
export async function checkRunDir(
  runDir: string,
  options: CheckRunOptions = {},
): Promise<{ outcome: CheckOutcome; files: CheckFiles; findings: Findings }> {
  const result = loadRun(runDir);
  const policyFile = options.policy ?? DEFAULT_POLICY;
  const policy = loadPolicy(policyFile);
  const baseline = options.baseline ? loadRun(options.baseline) : null;
  // Two data runs: max_increase rules pair them text by text, from both runs' records.jsonl.
  const records = baseline?.kind === 'data' && result.kind === 'data'
    ? {
      a: await loadDataRecords(resultPath(options.baseline!), baseline),
      b: await loadDataRecords(resultPath(runDir), result),
    }
    : undefined;
  const outcome = checkRun(result, policy, baseline, { ...options, records });
  const findings = findingsOf(result, policy);
  const now = options.now ?? new Date();
  const dir = dirname(resultPath(runDir));
  const files = {
    json: join(dir, 'check.json'), junit: join(dir, 'check.junit.xml'), sarif: join(dir, 'check.sarif'), markdown: join(dir, 'check.md'),
  };
  const root = resolve(options.root ?? process.cwd());
  const resultUri = relative(root, resolve(resultPath(runDir))).split(sep).join('/');
  const policyName = policyFile === DEFAULT_POLICY ? 'policies/default.yaml (shipped)' : policyFile;
  writeFileAtomic(files.json, `${JSON.stringify(checkFile(outcome, findings, { policyFile: policyName, checkedAt: now }), null, 2)}\n`);
  writeFileAtomic(files.junit, checkJunit(outcome, { timestamp: now }));
  writeFileAtomic(files.sarif, `${JSON.stringify(checkSarif(outcome, { resultUri, root, toolVersion: TOOL_VERSION }), null, 2)}\n`);
  writeFileAtomic(files.markdown, checkMarkdown(outcome, findings));
  return { outcome, files, findings };
}

/**
 * The error `audit check` ends with, after the files are written: exit 1 when a rule failed (or, strict, was
 * inconclusive), exit 2 when no rule applied; null when the check passes.
 */
export function policyFailure(outcome: CheckOutcome, files: CheckFiles): AuditError | null {
  if (outcome.status === 'no_rules') {
    return inputError(
      'E_POLICY_NO_RULES',
      `no rule of policy "${outcome.policy}" applies to this run (${countsText(outcome.counts)}): a gate that tested nothing does not pass (details: ${files.markdown})`,
    );
  }
  if (outcome.passed) return null;
  const failed = outcome.rules.filter((r) => r.status === 'fail' || (outcome.strict && r.status === 'inconclusive'));
  return new AuditError(
    'E_POLICY_FAILED',
    `policy "${outcome.policy}": ${countsText(outcome.counts)}${outcome.strict ? ' (strict: inconclusive fails)' : ''} (details: ${files.markdown})`,
    { kind: 'policy', problems: failed.map((r) => `${r.id}: ${r.message}`) },
  );
}
