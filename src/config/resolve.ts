/**
 * A run's paths, resolved once from what the command line gave (lerna's one-place option resolution): the score
 * cache, the model cache, the datasets and the run directory. `cli/actions/run.ts` asks here and nowhere else.
 */
import { join } from 'node:path';
import { cacheDir, datasetsDir, DEMO_MODEL_DIR } from './paths.js';

/** The run's path options as the command line hands them over (`cache: false` is --no-cache). */
export interface RunPathArgs {
  cache?: string | false;
  datasets?: string;
  out?: string;
}

export interface RunPaths {
  /** Where scores are cached, or null with --no-cache. */
  scoreCache: string | null;
  /** Where models are looked up and pulled: --cache DIR, else the default (--no-cache keeps the default for models). */
  modelCache: string | undefined;
  /** The cached models (<model cache>/models), and the embedded demo model: where --replay looks for a fingerprint. */
  models: string;
  demoModel: string;
  /** The benchmark datasets (see datasetsDir). */
  datasets: string;
  /** The run directory: --out, else reports/<name>-<YYYYMMDD-HHMMSS> (the name is known once the probe is loaded). */
  out(name: string): string;
}

export function resolveRunPaths(args: RunPathArgs, now = new Date()): RunPaths {
  const modelCache = args.cache === false ? undefined : args.cache;
  return {
    scoreCache: args.cache === false ? null : cacheDir(args.cache),
    modelCache,
    models: join(cacheDir(modelCache), 'models'),
    demoModel: DEMO_MODEL_DIR,
    datasets: datasetsDir(args.datasets, modelCache),
    out: (name) => args.out ?? defaultRunDir(name, now),
  };
}

/** reports/<name>-<YYYYMMDD-HHMMSS> (UTC), relative to the working directory. */
export function defaultRunDir(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join('reports', `${name}-${stamp}`);
}
