import { checkRunDir, policyFailure } from '../../review/check-io.js';
import type { Findings } from '../../review/findings.js';
import { verdictLine } from '../../review/markdown.js';
import type { CheckOutcome } from '../../review/check.js';
import type { AuditError } from '../../errors.js';
import type { CheckArgs } from '../commands/check.js';
import { info } from '../progress.js';

const MARK = { pass: 'pass', fail: 'FAIL', inconclusive: '????', not_applicable: 'n/a ' } as const;

type CheckCall = Pick<CheckArgs, 'runDir' | 'policy' | 'baseline' | 'seed' | 'resamples' | 'quiet' | 'strict'>;

/**
 * `audit check` (and `audit run`, which passes its own arguments with the run directory): writes check.* and
 * re-renders report.html with the verdict header; `gate` false (the implicit default policy of `audit run`)
 * never changes the exit code. Returns the outcome for the caller's terminal summary.
 */
export async function check(args: CheckCall): Promise<void> {
  const { failure } = await applyPolicy(args, true, true);
  if (failure) throw failure;
}

/** The check without throwing: the caller prints what it wants, then throws `failure` (exit 1 or 2). */
export async function applyPolicy(
  args: CheckCall, gate: boolean, listRules: boolean,
): Promise<{ outcome: CheckOutcome; findings: Findings; failure: AuditError | null }> {
  const { outcome, files, findings } = await checkRunDir(args.runDir, {
    policy: args.policy, baseline: args.baseline, seed: args.seed, resamples: args.resamples, strict: args.strict,
  });
  const { writeReport } = await import('../../report/index.js');
  const report = await writeReport(files.json.slice(0, -'check.json'.length));
  for (const warning of outcome.warnings) info(args.quiet, `warning: ${warning}`);
  if (listRules) {
    for (const rule of outcome.rules) info(args.quiet, `${MARK[rule.status]}  ${rule.id}: ${rule.message}`);
    process.stdout.write(`${files.json}\n${files.junit}\n${files.sarif}\n${files.markdown}\n${report}\n`);
    info(args.quiet, verdictLine(outcome));
  }
  // The files are written first: CI uploads them whether the gate passed or not.
  return { outcome, findings, failure: gate ? policyFailure(outcome, files) : null };
}
