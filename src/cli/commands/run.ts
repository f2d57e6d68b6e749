import type { Argv } from 'yargs';
import { DEFAULT_RESAMPLES } from '../../config/defaults.js';
import { defineCommand, modelOptions, type ArgsOf, type GlobalOptions } from '../options.js';
import { INTERACTIVE_HELP } from './report.js';
import { decimalFlag, integerFlag } from '../numeric.js';
import { usageError } from '../../errors.js';

const builder = (y: Argv<GlobalOptions>) =>
  modelOptions(y)
    .option('probe', { type: 'string', describe: 'Built-in probe id (see `audit probes list`) or a probe file (.yaml/.json)' })
    .option('suite', { type: 'string', describe: 'Benchmark suite: winobias|stereoset|crows-pairs|winogender|all (or a comma list), or ' +
      'holisticbias' })
    .option('datasets', { type: 'string', describe: 'Datasets directory (default $AUDIT_DATASETS, ../shared/datasets, or ' +
      '<cache>/datasets)' })
    .option('limit', { ...integerFlag('limit'), describe: 'Keep at most N sentences (seeded sample)' })
    .option('seed', { ...integerFlag('seed'), describe: 'Seed for sampling and the bootstrap' })
    .option('out', { type: 'string', describe: 'Run directory (default reports/<probe>-<YYYYMMDD-HHMMSS>)' })
    .option('resamples', { ...integerFlag('resamples'), default: DEFAULT_RESAMPLES,
      describe: 'Bootstrap resamples' })
    .option('policy', {
      type: 'string',
      describe: 'Policy for the verdict (check.json, the report\'s first screen): a file (then exit 1 when a rule fails), or "none". '
        + 'Default: the shipped policies/default.yaml, whose outcome never changes the exit code',
    })
    .option('strict', { type: 'boolean', default: false, describe: 'With --policy FILE: inconclusive rules fail too (exit 1)' })
    .option('plan', { type: 'string',
      describe: 'Run an audit plan (audit plan init) into --out DIR: locks its inputs, refuses drift (exit 2)' })
    .option('replay', { type: 'string', describe: 'Re-score a run directory\'s sentences and say whether the scores match (within 1e-5)' })
    .option('force', { type: 'boolean', default: false, describe: 'With --replay: allow a model with another fingerprint' })
    .option('interactive', { type: 'boolean', default: false, describe: INTERACTIVE_HELP })
    .option('data', { type: 'string', describe: 'Audit your own texts: a CSV, TSV or JSON Lines file, or a built-in dataset id ' +
      '(sst2-dev)' })
    .option('text-column', { type: 'string', describe: 'With --data: the text column (default text, else sentence)' })
    .option('label-column', { type: 'string', describe: 'With --data: the label column (enables the group metrics)' })
    .option('positive-label', {
      type: 'string', describe: 'With --data: the label value(s) meaning --target (comma list; default the target name, 1 or true)',
    })
    .option('group-columns', { type: 'string', describe: 'With --data: comma list of identity columns marked 0/1 or true/false' })
    .option('intersect', { type: 'string', describe: 'With --data: two axes crossed, e.g. gender,nationality (detected axes or ' +
      '--group-columns columns): cells, main effects and interactions of the mean score, positive rate, TPR and FPR' })
    .option('max-rows', { ...integerFlag('max-rows', { min: 1, max: Number.MAX_SAFE_INTEGER }),
      describe: 'With --data: refuse files with more rows than this' })
    .option('sample', {
      ...integerFlag('sample', { min: 1, max: Number.MAX_SAFE_INTEGER }),
      describe: 'With --data: a seeded sample of N rows; with --suite holisticbias: about N sentences, stratified by descriptor (--seed)',
    })
    .option('swap', {
      type: 'string',
      describe: 'With --data: axes to swap (comma list of gender,names,country,nationality,religion,age,disability,sexual_orientation,'
        + 'race_ethnicity; default every axis the texts mention)',
    })
    .option('swap-samples', { ...integerFlag('swap-samples', { min: 1, max: 100 }), default: 1,
      describe: 'With --data: counterfactuals per mention and target group' })
    .option('swap-groups', { ...integerFlag('swap-groups', { min: 1, max: 10_000 }), default: 20,
      describe: 'With --data: at most this many target groups per axis (a seeded sample)' })
    .option('redact', { type: 'boolean', default: false, describe: 'With --data: write an HMAC-SHA256 of each text, no per-row group ' +
      'values (--redact-key)' })
    .option('redact-key', { type: 'string', describe: 'With --redact: the HMAC key file, outside --out (made when missing)' })
    .option('min-per-class', {
      ...integerFlag('min-per-class', { min: 1, max: 1_000_000 }), default: 20,
      describe: 'With --data: a subgroup needs this many positives and this many negatives to be judged by the gate metrics',
    })
    .option('include-unsure', { type: 'boolean', default: false, describe: 'With --data: count mentions whose identity reading is unsure ' +
      '("cold turkey")' })
    .option('threshold', { ...decimalFlag('threshold', 0, 1), default: 0.5,
      describe: 'With --data: a score at or above it counts as the target label' })
    .option('queue', { type: 'string', describe: 'Score on `audit worker` processes through Redis: redis://[:PASSWORD@]HOST:PORT[/DB] or ' +
      'rediss://' })
    .option('queue-timeout', {
      ...integerFlag('queue-timeout', { min: 0, max: 604_800 }), default: 0,
      describe: 'With --queue: give up (exit 2) when no result arrives for this many seconds (0 = wait)',
    })
    .option('queue-secret-file', { type: 'string', describe: 'With --queue: file holding the secret shared with the workers (else ' +
      '$AUDIT_QUEUE_SECRET)' })
    .option('insecure-queue', { type: 'boolean', default: false, describe: 'With --queue: accept answers without the shared secret ' +
      '(trusted network only; recorded in the run)' })
    .option('queue-chunk', { ...integerFlag('queue-chunk', { min: 1, max: 100_000 }), describe: 'With --queue: ' +
      'texts per job (default 256)' })
    .option('verbose', { type: 'boolean', default: false, describe: 'Log each queue job as it is sent and received' })
    .option('hb-version', { type: 'string', describe: 'With --suite holisticbias: the dataset version, 1.0 or 1.1 (default 1.1)' })
    .group(['probe', 'suite', 'data', 'plan', 'replay', 'force', 'datasets', 'hb-version', 'limit', 'sample', 'seed', 'resamples'],
      'What to run:')
    .group(['model', 'target', 'engine', 'backend', 'workers', 'batch-size', 'cache', 'onnx-file', 'multi-label', 'model-version',
      'token', 'model-name', 'prompt', 'api-key-env', 'max-requests', 'max-tokens-budget', 'sample-answers',
      'http-deadline'], 'Model:')
    .group(['text-column', 'label-column', 'positive-label', 'threshold', 'group-columns', 'max-rows', 'min-per-class', 'swap',
      'swap-samples', 'swap-groups', 'include-unsure', 'redact', 'redact-key'], 'Data (with --data):')
    .group(['queue', 'queue-timeout', 'queue-chunk', 'queue-secret-file', 'insecure-queue', 'verbose'], 'Queue (with --queue):')
    .group(['out', 'policy', 'strict', 'interactive'], 'Output:')
    // Usage errors (exit 2, one line), not internal errors: cli/main.ts rethrows what a check throws as it is.
    .check((a) => {
      if (!a.probe && !a.suite && !a.replay && !a.data && !a.plan) {
        throw usageError('E_USAGE', 'Name what to run: --probe ID|FILE, --suite NAME, --data FILE, --plan FILE (or --replay RUN_DIR)');
      }
      if ([a.probe, a.suite, a.data].filter(Boolean).length > 1) throw usageError('E_USAGE', 'Give one of --probe, --suite or --data, ' +
        'not several');
      if (a.redact && !a.redactKey) throw usageError('E_USAGE', '--redact needs --redact-key FILE: the HMAC key, kept outside the run ' +
        'directory');
      if (a.redact && (a.probe || a.suite)) {
        throw usageError('E_USAGE', '--redact applies to --data runs (probe and suite texts are templates, not people\'s data)');
      }
      if (a.intersect !== undefined && !a.data) {
        throw usageError('E_INTERSECT', '--intersect applies to --data runs (two axes of your texts)');
      }
      return true;
    })
    .example('$0 run --probe countries', 'the countries probe on the default model')
    .example('$0 run --suite all', 'WinoBias, StereoSet, CrowS-Pairs and WinoGender')
    .example('$0 run --data sst2-dev --label-column label', 'group metrics and identity swaps on SST-2 dev')
    .example('$0 run --probe countries --policy policies/default.yaml', 'run and gate in one step')
    .example('$0 run --plan audit-plan.yaml --out audit/', 'every run of an audit plan, its inputs locked')
    .example('$0 run --replay reports/countries-20261126-101500', 'reproduce a run and compare its scores');

export type RunArgs = ArgsOf<typeof builder> & {
  /** Directories the --redact key must lie outside of, besides --out (the audit directory of a plan). */
  redactOutside?: string[];
};

/**
 * `audit run --version 1.0` used to choose the HolisticBias version; now `--version` prints the tool's version in every
 * command, and yargs would do that and exit 0 without running anything. A value after it is refused with a pointer.
 */
export function refuseVersionValue(argv: readonly string[]): void {
  if (argv.find((a) => !a.startsWith('-')) !== 'run') return;
  const i = argv.findIndex((a) => a === '--version' || a.startsWith('--version='));
  if (i < 0) return;
  const value = argv[i].includes('=') ? argv[i].slice('--version='.length) : argv[i + 1];
  if (value === undefined || value.startsWith('-')) return;
  throw usageError('E_USAGE', `--version ${JSON.stringify(value)}: the HolisticBias dataset version is --hb-version ` +
    `(--version prints the tool's version)`);
}

export const runCommand = defineCommand({
  command: 'run',
  describe: 'Run a probe against the model and write a run directory (result.json, scores.csv, report.html)',
  builder,
  handler: async (args) => {
    const actions = await import('../actions/run.js');
    const run = { ...args };
    if (run.plan) return (await import('../actions/plan.js')).runPlan(run);
    if (run.replay) return actions.replay(run);
    return actions.run(run);
  },
});
