/** `audit check` at the edges: read the run, the policy and the baseline; write check.junit.xml, check.sarif, check.md. */
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PACKAGE_ROOT } from '../config/paths.js';
import { loadDataRecords } from '../result/index.js';
import { AuditError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { TOOL_VERSION } from '../version.js';
import { checkRun, type CheckOptions, type CheckOutcome } from './check.js';
import { checkJunit } from './junit.js';
import { checkMarkdown } from './markdown.js';
import { loadPolicy } from './policy.js';
import { loadRun, resultPath } from './run-dir.js';
import { checkSarif } from './sarif.js';

/** The policy `audit check` applies when none is given. */
export const DEFAULT_POLICY = join(PACKAGE_ROOT, 'policies', 'default.yaml');

export interface CheckFiles {
  junit: string;
  sarif: string;
  markdown: string;
}

export interface CheckRunOptions extends CheckOptions {
  policy?: string;
  baseline?: string;
  /** Where relative paths in the SARIF file start (default: the working directory, the repository root in CI). */
  root?: string;
}

/** Writes the three files into the run directory and returns the outcome; does not throw on a failed check. */
export async function checkRunDir(runDir: string, options: CheckRunOptions = {}): Promise<{ outcome: CheckOutcome; files: CheckFiles }> {
  const result = loadRun(runDir);
  const policy = loadPolicy(options.policy ?? DEFAULT_POLICY);
  const baseline = options.baseline ? loadRun(options.baseline) : null;
  // Two data runs: max_increase rules pair them text by text, from both runs' records.jsonl.
  const records = baseline?.kind === 'data' && result.kind === 'data'
    ? {
      a: await loadDataRecords(resultPath(options.baseline!), baseline),
      b: await loadDataRecords(resultPath(runDir), result),
    }
    : undefined;
  const outcome = checkRun(result, policy, baseline, { ...options, records });
  const dir = dirname(resultPath(runDir));
  const files = { junit: join(dir, 'check.junit.xml'), sarif: join(dir, 'check.sarif'), markdown: join(dir, 'check.md') };
  const root = resolve(options.root ?? process.cwd());
  const resultUri = relative(root, resolve(resultPath(runDir))).split(sep).join('/');
  writeFileAtomic(files.junit, checkJunit(outcome));
  writeFileAtomic(files.sarif, `${JSON.stringify(checkSarif(outcome, { resultUri, root, toolVersion: TOOL_VERSION }), null, 2)}\n`);
  writeFileAtomic(files.markdown, checkMarkdown(outcome));
  return { outcome, files };
}

/** The error `audit check` ends with when a rule failed (exit code 1), after the files are written. */
export function policyFailure(outcome: CheckOutcome, files: CheckFiles): AuditError {
  const failed = outcome.rules.filter((r) => r.status === 'fail');
  return new AuditError(
    'E_POLICY_FAILED',
    `${failed.length} of ${outcome.rules.length} rules of policy "${outcome.policy}" failed (details: ${files.markdown})`,
    { kind: 'policy', problems: failed.map((r) => `${r.id}: ${r.message}`) },
  );
}
