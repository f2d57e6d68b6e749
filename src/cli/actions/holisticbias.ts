import { datasetsDir } from '../../config/paths.js';
import { holisticBiasVersion } from '../../datasets/holisticbias.js';
import { usageError } from '../../errors.js';
import type { RemoteScorer } from '../../runner/score.js';
import { runHolisticBias } from '../../suites/holisticbias-run.js';
import type { RunArgs } from '../commands/run.js';
import { progressRenderer } from '../progress.js';
import type { LoadedModel } from './load-model.js';
import type { ResolvedModel } from '../../config/model.js';

/** Bad --version / --sample fail before any model is loaded. */
export function checkHolisticBiasArgs(args: RunArgs): void {
  if (!holisticBiasVersion(args.datasetVersion)) throw usageError('E_SUITE', `--version ${args.datasetVersion}: HolisticBias has versions 1.0 and 1.1`);
  if (args.sample !== undefined && (!Number.isInteger(args.sample) || args.sample < 1)) throw usageError('E_SAMPLE', `--sample ${args.sample}: must be a positive integer`);
}

/** `audit run --suite holisticbias`: the version and sample options, then the usual run directory and report. */
export async function runHolisticBiasSuite(
  args: RunArgs,
  model: { classifier: LoadedModel; resolved: ResolvedModel; remote: RemoteScorer | null },
  cache: import('../../runner/cache.js').ScoreCache | null,
): Promise<import('../../result-types.js').AuditResult> {
  checkHolisticBiasArgs(args);
  const version = holisticBiasVersion(args.datasetVersion)!;
  const { classifier, resolved, remote } = model;
  return runHolisticBias(classifier, {
    datasetsDir: datasetsDir(args.datasets, args.cache), version, sample: args.sample, cache, seed: args.seed, resamples: args.resamples,
    onProgress: progressRenderer(`scoring holisticbias ${version}`, args.quiet),
    model: { demo: resolved.demo, name: resolved.name, engine: resolved.source === 'http' ? 'http' : args.engine },
    remote,
    afterScoring: () => classifier.dispose(),
  });
}
