import { modelFingerprint } from '../model/index.js';
import { checkLoad } from '../model/sequence-classifier.js';
import type { ModelIdentity } from './coordinator.js';

/**
 * What the coordinator needs of the model without loading its weights: the same checks and fingerprint as a
 * loaded classifier (so a worker with the same directory matches), the labels and the target.
 */
export async function modelIdentity(dir: string, options: { target?: string; cacheDir?: string; batchSize?: number }): Promise<ModelIdentity> {
  const checked = await checkLoad(dir, { target: options.target, cacheDir: options.cacheDir, batchSize: options.batchSize });
  const fingerprint = await modelFingerprint(checked.root, options.cacheDir);
  return { fingerprint, labels: checked.labels, target: checked.target, name: checked.root };
}
