import type { Argv } from 'yargs';
import { DEFAULT_RESAMPLES } from '../../config/defaults.js';
import { defineCommand, modelOptions, type ArgsOf, type GlobalOptions } from '../options.js';
import { INTERACTIVE_HELP } from './report.js';

const builder = (y: Argv<GlobalOptions>) =>
  modelOptions(y)
    .option('probe', { type: 'string', describe: 'Built-in probe id (see `audit probes list`) or a probe file (.yaml/.json)' })
    .option('suite', { type: 'string', describe: 'Benchmark suite: winobias|stereoset|crows-pairs|winogender|all (or a comma list)' })
    .option('datasets', { type: 'string', describe: 'Datasets directory (default $AUDIT_DATASETS, ../shared/datasets, or <cache>/datasets)' })
    .option('limit', { type: 'number', describe: 'Keep at most N sentences (seeded sample)' })
    .option('seed', { type: 'number', describe: 'Seed for sampling and the bootstrap' })
    .option('out', { type: 'string', describe: 'Run directory (default reports/<probe>-<YYYYMMDD-HHMMSS>)' })
    .option('resamples', { type: 'number', default: DEFAULT_RESAMPLES, describe: 'Bootstrap resamples' })
    .option('policy', { type: 'string', describe: 'Check the run against this policy file (exit 1 when a rule fails)' })
    .option('replay', { type: 'string', describe: 'Re-score a run directory\'s sentences and say whether the scores match (within 1e-5)' })
    .option('force', { type: 'boolean', default: false, describe: 'With --replay: allow a model with another fingerprint' })
    .option('interactive', { type: 'boolean', default: false, describe: INTERACTIVE_HELP })
    .check((a) => {
      if (!a.probe && !a.suite && !a.replay) throw new Error('Name what to run: --probe ID|FILE, --suite NAME (or --replay RUN_DIR)');
      if (a.probe && a.suite) throw new Error('Give either --probe or --suite, not both');
      return true;
    })
    .example('$0 run --probe countries', 'the countries probe on the default model')
    .example('$0 run --suite all', 'WinoBias, StereoSet, CrowS-Pairs and WinoGender')
    .example('$0 run --probe countries --policy policies/default.yaml', 'run and gate in one step')
    .example('$0 run --replay reports/countries-20261126-101500', 'reproduce a run and compare its scores');

export type RunArgs = ArgsOf<typeof builder>;

export const runCommand = defineCommand({
  command: 'run',
  describe: 'Run a probe against the model and write a run directory (result.json, scores.csv, report.html)',
  builder,
  handler: async (args) => {
    const actions = await import('../actions/run.js');
    if (args.replay) return actions.replay(args);
    return actions.run(args);
  },
});
