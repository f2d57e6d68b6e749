import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkLoad, isMultiLabel, modelFingerprint } from '../model/index.js';
import type { Classifier } from '../types.js';
import { TOOL_VERSION } from '../version.js';
import type { ModelIdentity } from './coordinator.js';
import type { Provenance } from './protocol.js';

/** Relative to the model directory, as in the hub repos (see engines/onnx/graph-file.ts). */
const BUNDLED_GRAPH = join('onnx', 'model.onnx');

/**
 * What the coordinator needs of the model without loading its weights: the same checks and fingerprint as a
 * loaded classifier (so a worker with the same directory matches), the labels, the target, the head, and the
 * sha256 of the ONNX graph the workers must run (--onnx-file, else a bundled onnx/model.onnx on the onnx engine).
 */
export async function modelIdentity(
  dir: string,
  options: { target?: string; cacheDir?: string; batchSize?: number; engine?: string; graphFile?: string },
): Promise<ModelIdentity> {
  const checked = await checkLoad(dir, { target: options.target, cacheDir: options.cacheDir, batchSize: options.batchSize });
  // As the ONNX engine does: a given graph (--onnx-file, resolved by the caller), else the bundled onnx/model.onnx.
  const given = options.graphFile ?? null;
  const bundled = !given && options.engine === 'onnx' && existsSync(join(checked.root, BUNDLED_GRAPH)) ? join(checked.root, BUNDLED_GRAPH) : null;
  const graphFile = given ?? bundled;
  const fingerprint = await modelFingerprint(checked.root, { extraFiles: graphFile ? [graphFile] : [] });
  return {
    fingerprint, labels: checked.labels, target: checked.target, name: checked.root,
    multiLabel: isMultiLabel(checked.config), graph: graphFile ? await fileSha256(graphFile) : null,
  };
}

/**
 * What a loaded classifier actually scores with, for a worker's answers: its fingerprint, the engine, the sha256
 * of the graph file an ONNX session runs (given or bundled; null for our own export, a function of the weights
 * already in the fingerprint) and the tool version.
 */
export async function classifierProvenance(classifier: Classifier, engine: string): Promise<Provenance> {
  const onnx = classifier as Classifier & { graphPath?: string | null; graphOrigin?: string };
  const graphFile = onnx.graphPath && (onnx.graphOrigin === 'file' || onnx.graphOrigin === 'bundled') ? onnx.graphPath : null;
  return { fingerprint: classifier.fingerprint, engine, graph: graphFile ? await fileSha256(graphFile) : null, tool: TOOL_VERSION };
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
