import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkLoad, modelFingerprint } from '../model/index.js';
import type { ModelIdentity } from './coordinator.js';

/**
 * What the coordinator needs of the model without loading its weights: the same checks and fingerprint as a
 * loaded classifier (so a worker with the same directory matches), the labels and the target.
 */
export async function modelIdentity(
  dir: string,
  options: { target?: string; cacheDir?: string; batchSize?: number; engine?: string },
): Promise<ModelIdentity> {
  const checked = await checkLoad(dir, { target: options.target, cacheDir: options.cacheDir, batchSize: options.batchSize });
  // As the ONNX engine does, a bundled onnx/model.onnx (the graph that runs there) is part of the identity.
  const bundled = options.engine === 'onnx' && existsSync(join(checked.root, 'onnx', 'model.onnx'));
  const fingerprint = await modelFingerprint(checked.root, { extraFiles: bundled ? [join('onnx', 'model.onnx')] : [] });
  return { fingerprint, labels: checked.labels, target: checked.target, name: checked.root };
}
