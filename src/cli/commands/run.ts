import type { Argv, CommandModule } from 'yargs';
import { modelOptions, type GlobalArgs } from '../options.js';
import { INTERACTIVE_HELP } from './report.js';

export interface RunArgs extends GlobalArgs {
  probe?: string;
  suite?: string;
  datasets?: string;
  limit?: number;
  seed?: number;
  out?: string;
  model?: string;
  target: string;
  cache?: string;
  batchSize: number;
  resamples: number;
  policy?: string;
  replay?: string;
  force: boolean;
  interactive: boolean;
  queue?: string;
  queueTimeout: number;
  queueChunk?: number;
  verbose: boolean;
  sample?: number;
  /** `--version` of `audit run`: the HolisticBias dataset version. */
  datasetVersion?: string;
}

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run',
  describe: 'Run a probe against the model and write a run directory (result.json, scores.csv, report.html)',
  builder: (y: Argv<GlobalArgs>) =>
    modelOptions(y)
      .option('probe', { type: 'string', describe: 'Built-in probe id (see `audit probes list`) or a probe file (.yaml/.json)' })
      .option('suite', { type: 'string', describe: 'Benchmark suite: winobias|stereoset|crows-pairs|winogender|all (or a comma list), or holisticbias' })
      .option('datasets', { type: 'string', describe: 'Datasets directory (default $AUDIT_DATASETS, ../shared/datasets, or <cache>/datasets)' })
      .option('limit', { type: 'number', describe: 'Keep at most N sentences (seeded sample)' })
      .option('seed', { type: 'number', describe: 'Seed for sampling and the bootstrap' })
      .option('out', { type: 'string', describe: 'Run directory (default reports/<probe>-<YYYYMMDD-HHMMSS>)' })
      .option('resamples', { type: 'number', default: 2000, describe: 'Bootstrap resamples' })
      .option('policy', { type: 'string', describe: 'Check the run against this policy file (exit 1 when a rule fails)' })
      .option('replay', { type: 'string', describe: 'Re-score a run directory\'s sentences and say whether the scores match (within 1e-5)' })
      .option('force', { type: 'boolean', default: false, describe: 'With --replay: allow a model with another fingerprint' })
      .option('interactive', { type: 'boolean', default: false, describe: INTERACTIVE_HELP })
      .option('queue', { type: 'string', describe: 'Score on `audit worker` processes through Redis: redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://' })
      .option('queue-timeout', { type: 'number', default: 0, describe: 'With --queue: give up (exit 2) when no result arrives for this many seconds (0 = wait)' })
      .option('queue-chunk', { type: 'number', describe: 'With --queue: texts per job (default 256)' })
      .option('verbose', { type: 'boolean', default: false, describe: 'Log each queue job as it is sent and received' })
      .option('sample', { type: 'number', describe: '--suite holisticbias: keep about N sentences, stratified by descriptor (seeded by --seed)' })
      // Within `audit run`, --version is the HolisticBias dataset version, not the tool's (`audit --version`).
      .version(false)
      .option('version', { type: 'string', describe: '--suite holisticbias: dataset version 1.0 or 1.1 (default 1.1)' })
      .check((a) => {
        if (!a.probe && !a.suite && !a.replay) throw new Error('Name what to run: --probe ID|FILE, --suite NAME (or --replay RUN_DIR)');
        if (a.probe && a.suite) throw new Error('Give either --probe or --suite, not both');
        return true;
      })
      .example('$0 run --probe countries', 'the countries probe on the default model')
      .example('$0 run --suite all', 'WinoBias, StereoSet, CrowS-Pairs and WinoGender')
      .example('$0 run --probe countries --policy policies/default.yaml', 'run and gate in one step')
      .example('$0 run --replay reports/countries-20261126-101500', 'reproduce a run and compare its scores') as unknown as Argv<RunArgs>,
  handler: async (args) => {
    const actions = await import('../actions/run.js');
    args.datasetVersion = (args as { version?: string }).version;
    if (args.replay) return actions.replay(args);
    return args.suite ? actions.runSuite(args) : actions.run(args);
  },
};
