import { holisticBiasVersion, type HolisticBiasVersion } from '../../datasets/holisticbias.js';
import { usageError } from '../../errors.js';
import type { RunArgs } from '../commands/run.js';

/** `audit run --suite holisticbias --hb-version V --sample N`: checked before any model loads. */
export function holisticBiasOptions(args: RunArgs): { version: HolisticBiasVersion; sample?: number } {
  const version = holisticBiasVersion(args.hbVersion);
  if (!version) throw usageError('E_SUITE', `--hb-version ${args.hbVersion}: HolisticBias has versions 1.0 and 1.1`);
  return { version, sample: args.sample };
}
