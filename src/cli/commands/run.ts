import type { Argv, CommandModule } from 'yargs';
import { modelOptions, type GlobalArgs } from '../options.js';

export interface RunArgs extends GlobalArgs {
  probe?: string;
  limit?: number;
  seed?: number;
  out?: string;
  model?: string;
  target: string;
  cache?: string;
  useCache: boolean;
  batchSize: number;
  resamples: number;
}

export const runCommand: CommandModule<GlobalArgs, RunArgs> = {
  command: 'run',
  describe: 'Run a probe against the model and write a run directory (result.json, scores.csv, report.html)',
  builder: (y: Argv<GlobalArgs>) =>
    modelOptions(y)
      .option('probe', { type: 'string', describe: 'Built-in probe id (see `audit probes list`) or a probe file (.yaml/.json)' })
      .option('limit', { type: 'number', describe: 'Keep at most N sentences (seeded sample)' })
      .option('seed', { type: 'number', describe: 'Seed for sampling and the bootstrap' })
      .option('out', { type: 'string', describe: 'Run directory (default reports/<probe>-<YYYYMMDD-HHMMSS>)' })
      .option('use-cache', { type: 'boolean', default: true, describe: 'Use the score cache (--no-cache to disable)' })
      .option('resamples', { type: 'number', default: 2000, describe: 'Bootstrap resamples' })
      .check((a) => {
        if (!a.probe) throw new Error('Name what to run: --probe ID|FILE');
        return true;
      })
      .example('$0 run --probe countries', 'the countries probe on the default model') as unknown as Argv<RunArgs>,
  handler: async (args) => (await import('../actions/run.js')).run(args),
};
