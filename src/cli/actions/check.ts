import { checkRunDir, policyFailure } from '../../review/check-io.js';
import type { CheckArgs } from '../commands/check.js';
import { info } from '../progress.js';

const MARK = { pass: 'pass', fail: 'FAIL', skipped: 'skip' } as const;

/** `audit check` (and `audit run --policy`, which passes its own arguments with the run directory). */
export async function check(args: Pick<CheckArgs, 'runDir' | 'policy' | 'baseline' | 'seed' | 'resamples' | 'quiet'>): Promise<void> {
  const { outcome, files } = await checkRunDir(args.runDir, {
    policy: args.policy, baseline: args.baseline, seed: args.seed, resamples: args.resamples,
  });
  for (const warning of outcome.warnings) info(args.quiet, `warning: ${warning}`);
  for (const rule of outcome.rules) info(args.quiet, `${MARK[rule.status]}  ${rule.id}: ${rule.message}`);
  process.stdout.write(`${files.junit}\n${files.sarif}\n${files.markdown}\n`);
  // The files are written first: CI uploads them whether the gate passed or not.
  if (!outcome.passed) throw policyFailure(outcome, files);
}
