/**
 * Finding and reading a model directory's weights: `model.safetensors`, or `model.safetensors.index.json` plus the
 * shards it names. Every tensor the architecture needs is checked (present, float dtype, shape from config.json)
 * before any data is read. Pickle checkpoints are refused: unpickling runs arbitrary code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';
import { inputError } from '../errors.js';
import { FLOAT_DTYPES, SafetensorsFile } from './safetensors.js';

export const SINGLE_FILE = 'model.safetensors';
export const INDEX_FILE = 'model.safetensors.index.json';
const PICKLE_FILES = ['pytorch_model.bin', 'pytorch_model.bin.index.json'];

/** Tensor name -> expected shape (torch layout: a Linear weight is [out, in]). */
export type WeightSpec = Record<string, number[]>;

export interface LoadedWeight {
  shape: number[];
  data: Float32Array;
}
export type LoadedWeights = Record<string, LoadedWeight>;

export interface WeightFiles {
  /** Absolute paths of the safetensors files, sorted by name. */
  files: string[];
  /** Tensor name -> absolute file path; for a single file, every tensor maps to it. Null until headers are read. */
  weightMap: Record<string, string> | null;
  /** The index file, when sharded. */
  index: string | null;
}

/**
 * Which safetensors files hold the weights. Shard names from the index are checked to stay inside `dir` before
 * anything is opened (symlinks inside the directory, as in the Hugging Face cache, are followed as usual).
 */
export function locateWeights(dir: string): WeightFiles {
  const single = join(dir, SINGLE_FILE);
  const index = join(dir, INDEX_FILE);
  if (existsSync(single)) return { files: [single], weightMap: null, index: null };
  if (existsSync(index)) return readIndex(dir, index);
  const pickle = PICKLE_FILES.find((f) => existsSync(join(dir, f)));
  if (pickle) {
    throw inputError(
      'E_PICKLE',
      `${join(dir, pickle)}: refusing to load a pickle checkpoint (unpickling can run arbitrary code); convert it to safetensors ` +
        'with transformers `model.save_pretrained(out_dir, safe_serialization=True)` or the Hugging Face "convert" space ' +
        '(https://huggingface.co/spaces/safetensors/convert)',
    );
  }
  throw inputError('E_MODEL_WEIGHTS', `${dir}: no weights found (expected ${SINGLE_FILE} or ${INDEX_FILE})`);
}

function readIndex(dir: string, index: string): WeightFiles {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(index, 'utf8'));
  } catch (e) {
    throw inputError('E_WEIGHTS_INDEX', `${index}: not valid JSON (${(e as Error).message})`);
  }
  const map = (parsed as { weight_map?: unknown } | null)?.weight_map;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    throw inputError('E_WEIGHTS_INDEX', `${index}: no "weight_map" object`);
  }
  const root = resolve(dir);
  const weightMap: Record<string, string> = {};
  for (const [tensor, shard] of Object.entries(map as Record<string, unknown>)) {
    if (!isSafeShardName(shard) || !resolve(root, shard).startsWith(root + sep)) {
      throw inputError('E_WEIGHTS_INDEX', `${index}: tensor "${tensor}" points to ${JSON.stringify(shard)}, outside the model directory; ` +
        `refusing to open it`);
    }
    weightMap[tensor] = resolve(root, shard);
  }
  const files = [...new Set(Object.values(weightMap))].sort();
  for (const file of files) {
    if (!existsSync(file)) throw inputError('E_WEIGHTS_SHARD', `${index}: shard ${file} is missing`);
  }
  return { files, weightMap, index };
}

/** A relative path with no ".." segment, drive letter or NUL: checked lexically, before any file system access. */
function isSafeShardName(name: unknown): name is string {
  if (typeof name !== 'string' || name === '' || name.includes('\0') || isAbsolute(name) || /^[A-Za-z]:/.test(name)) return false;
  return !name.split(/[\\/]/).some((part) => part === '..');
}

/**
 * Opens the files, checks every tensor of `spec` against the headers, then reads them as Float32Array.
 * Tensors the files hold beyond `spec` (e.g. old `position_ids` buffers) are ignored.
 */
export async function loadWeights(dir: string, spec: WeightSpec): Promise<LoadedWeights> {
  const located = locateWeights(dir);
  const opened: SafetensorsFile[] = [];
  try {
    for (const file of located.files) opened.push(await SafetensorsFile.open(file));
    const where = placeTensors(located, opened, spec);
    const out: LoadedWeights = {};
    for (const [name, shape] of Object.entries(spec)) out[name] = { shape, data: await where[name].readFloat32(name) };
    return out;
  } finally {
    await Promise.all(opened.map((f) => f.close()));
  }
}

/** The cause of many shape mismatches, when most share one: a size config.json implies and the weights lack. */
function commonCause(sizes: [number, number][]): string {
  const counts = new Map<string, number>();
  for (const [implied, found] of sizes) counts.set(`${implied}:${found}`, (counts.get(`${implied}:${found}`) ?? 0) + 1);
  const [top, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (n * 2 < sizes.length) return '';
  const [implied, found] = top.split(':');
  return ` (config.json implies size ${implied} where the weights have ${found}: is it the config of another model?)`;
}

function placeTensors(located: WeightFiles, opened: SafetensorsFile[], spec: WeightSpec): Record<string, SafetensorsFile> {
  const byPath = new Map(opened.map((f) => [f.path, f]));
  const describe = located.index ?? located.files[0];
  const where: Record<string, SafetensorsFile> = {};
  const missing: string[] = [];
  for (const name of Object.keys(spec)) {
    const file = located.weightMap ? byPath.get(located.weightMap[name]) : opened[0];
    if (file && file.header.tensors[name]) where[name] = file;
    else missing.push(located.weightMap?.[name] && file ? `${name} (listed in the index, absent from ${file.path})` : name);
  }
  if (missing.length > 0) {
    throw inputError('E_WEIGHTS_MISSING', `${describe}: ${missing.length} weight${missing.length > 1 ? 's' : ''} missing, ` +
      `first ${missing[0]}`, missing);
  }
  const wrongDtype: string[] = [];
  const wrongShape: string[] = [];
  const sizes: [number, number][] = [];
  for (const [name, file] of Object.entries(where)) {
    const info = file.header.tensors[name];
    if (!FLOAT_DTYPES.includes(info.dtype)) wrongDtype.push(`${name} in ${file.path}: dtype ${info.dtype}, expected one ` +
      `of ${FLOAT_DTYPES.join(', ')}`);
    else if (!sameShape(info.shape, spec[name])) {
      wrongShape.push(`${name} in ${file.path}: shape [${info.shape.join(', ')}], config.json implies [${spec[name].join(', ')}]`);
      info.shape.forEach((n, axis) => { if (spec[name][axis] !== undefined && spec[name][axis] !== n) sizes.push([spec[name][axis], n]); });
    }
  }
  if (wrongDtype.length > 0) throw inputError('E_WEIGHTS_DTYPE', `${describe}: unsupported dtype for ${wrongDtype[0]}`, wrongDtype);
  if (wrongShape.length === 1) throw inputError('E_WEIGHTS_SHAPE', `${describe}: weight does not match ` +
    `config.json: ${wrongShape[0]}`, wrongShape);
  if (wrongShape.length > 1) {
    throw inputError('E_WEIGHTS_SHAPE', `${describe}: ${wrongShape.length} weights do not match ` +
      `config.json${commonCause(sizes)}`, wrongShape);
  }
  return where;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
