/**
 * Which ONNX graph a model directory runs with: the file named by --onnx-file, else its own `onnx/model.onnx` when it
 * has one (the layout of the Hugging Face hub repos), else a graph exported from config.json + safetensors and cached as
 * `<cacheDir>/onnx/<fingerprint>.onnx`. Model directories may be read-only, so nothing is ever written there;
 * the cache file is written to a temp name and renamed, so readers never see half a graph.
 */
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inputError } from '../../errors.js';
import { cacheDir as defaultCacheDir } from '../../config/paths.js';
import { loadModelParams } from '../../model/index.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { EXPORTER_VERSION, exportEncoder, PRODUCER_NAME } from './export.js';
import { MODEL_FIELDS } from './onnx-proto.js';
import { readLeadingFields } from './protobuf.js';

/** Relative to the model directory, as in the hub repos. */
export const BUNDLED_GRAPH = join('onnx', 'model.onnx');

/** file: given with --onnx-file; bundled: the directory's onnx/model.onnx; cached / exported: our export. */
export type GraphOrigin = 'file' | 'bundled' | 'cached' | 'exported';

/** Where Optimum and the hub repos keep a model's graphs (model.onnx, model_quantized.onnx, ...). */
export const ONNX_DIR = 'onnx';

/**
 * The graph --onnx-file names: a path (absolute, or from the working directory), else a file of that name in
 * <model>/onnx/, else in <model>/. Missing -> E_ONNX_FILE (exit 2) listing every place looked at.
 */
export function resolveOnnxFile(root: string, onnxFile: string): string {
  const candidates = [...new Set([resolve(onnxFile), join(root, ONNX_DIR, onnxFile), join(root, onnxFile)])];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  const other = candidates.find((c) => existsSync(c) && !statSync(c).isFile());
  if (found === undefined && other !== undefined) {
    throw inputError('E_ONNX_FILE', `--onnx-file ${onnxFile}: ${other} is not a regular file (${statSync(other).isDirectory() ? 'a directory' : 'a device, FIFO or socket'})`);
  }
  if (found === undefined) {
    throw inputError('E_ONNX_FILE', `--onnx-file ${onnxFile}: no such file (looked for ${candidates.join(', ')})`);
  }
  return found;
}

export type GraphSource =
  | { origin: GraphOrigin; path: string }
  /** Exported, but the cache could not be written: the session loads from memory. */
  | { origin: 'exported'; path: null; bytes: Uint8Array; warning: string };

export function cachedGraphPath(fingerprint: string, cacheDir?: string): string {
  return join(defaultCacheDir(cacheDir), 'onnx', `${fingerprint}.onnx`);
}

/** The bundled graph, else a cached export from this exporter version, else a fresh export. */
export async function locateGraph(
  root: string,
  fingerprint: string,
  cacheDir?: string,
  options: { ignoreBundled?: boolean; ignoreCache?: boolean } = {},
): Promise<GraphSource> {
  const bundled = join(root, BUNDLED_GRAPH);
  if (!options.ignoreBundled && existsSync(bundled)) return { origin: 'bundled', path: bundled };
  const cached = cachedGraphPath(fingerprint, cacheDir);
  if (!options.ignoreCache && isOurCurrentExport(cached)) return { origin: 'cached', path: cached };
  return exportGraph(root, fingerprint, cached);
}

async function exportGraph(root: string, fingerprint: string, target: string): Promise<GraphSource> {
  const { config, labels, params } = await loadModelParams(root);
  const chunks = exportEncoder(params, { modelType: config.model_type, labels, fingerprint });
  try {
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileAtomic(target, chunks);
    return { origin: 'exported', path: target };
  } catch (e) {
    const bytes = Buffer.concat(chunks);
    return { origin: 'exported', path: null, bytes, warning: `could not cache the exported ONNX graph at ${target} (${(e as Error).message}); it will be rebuilt next time` };
  }
}

/** True when `path` is a graph this exporter version wrote (its producer fields are written first). */
export function isOurCurrentExport(path: string): boolean {
  if (!existsSync(path)) return false;
  const head = new Uint8Array(256);
  let n: number;
  const fd = openSync(path, 'r');
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const fields = readLeadingFields(head.subarray(0, n));
  const text = (field: number) => {
    const f = fields.find((x) => x.field === field);
    return f && 'bytes' in f ? new TextDecoder().decode(f.bytes) : null;
  };
  return text(MODEL_FIELDS.producerName) === PRODUCER_NAME && text(MODEL_FIELDS.producerVersion) === EXPORTER_VERSION;
}
