import { holisticBiasVersion, type HolisticBiasVersion } from '../../datasets/holisticbias.js';
import { usageError } from '../../errors.js';
import type { RunArgs } from '../commands/run.js';

/** `audit run --suite holisticbias --version V --sample N`: checked before any model loads. */
export function holisticBiasOptions(args: RunArgs): { version: HolisticBiasVersion; sample?: number } {
  const version = holisticBiasVersion(args.datasetVersion);
  if (!version) throw usageError('E_SUITE', `--version ${args.datasetVersion}: HolisticBias has versions 1.0 and 1.1`);
  return { version, sample: args.sample };
}
