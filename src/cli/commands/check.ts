import type { Argv } from 'yargs';
import { defineCommand, type ArgsOf, type GlobalOptions } from '../options.js';
import { integerFlag } from '../numeric.js';

const builder = (y: Argv<GlobalOptions>) =>
  y
    .positional('run-dir', { type: 'string', demandOption: true, describe: 'Run directory (or its result.json)' })
    .option('policy', { type: 'string', describe: 'Policy file (.yaml/.json; default: the shipped policies/default.yaml)' })
    .option('strict', { type: 'boolean', default: false, describe: 'Inconclusive rules fail the check too (exit 1), like `inconclusive: ' +
      'fail` in the policy' })
    .option('baseline', { type: 'string', describe: 'Run directory of the baseline, for max_increase rules' })
    .option('seed', { ...integerFlag('seed'), describe: 'Seed of the paired bootstrap for changes (default: the ' +
      'run\'s seed)' })
    .option('resamples', { ...integerFlag('resamples'),
      describe: 'Bootstrap resamples for changes (default: the run\'s)' })
    .example('$0 check reports/countries-20250101-120000 --policy policies/default.yaml', 'gate a run')
    .example('$0 check reports/new --baseline reports/old', 'also fail when a metric grew since the baseline');

export type CheckArgs = ArgsOf<typeof builder>;

export const checkCommand = defineCommand({
  command: 'check <run-dir>',
  describe: 'Apply a fairness policy to a run (CI gate): writes check.json, check.junit.xml, check.sarif and check.md and re-renders '
    + 'report.html; exit 1 when a rule fails (or with --strict is inconclusive), 2 when no rule applies',
  builder,
  handler: async (args) => (await import('../actions/check.js')).check(args),
});
