/**
 * `config.json` `model_type` -> architecture. Each entry knows how to check its config, which weights it needs,
 * and how to map them onto the shared `EncoderParams`, from which every engine builds its model.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { bertParams, bertWeightSpec } from './bert.js';
import { labelsOf, parseBertConfig, parseDistilBertConfig, type BertConfig, type DistilBertConfig, type ModelConfig } from './config.js';
import { distilBertParams, distilBertWeightSpec } from './distilbert.js';
import { buildEncoderWeights, disposeEncoderWeights, encoderForward, type EncoderShape } from './encoder.js';
import type { EncoderParams } from './params.js';
import { SafetensorsFile } from './safetensors.js';
import { loadWeights, locateWeights, type LoadedWeights, type WeightSpec } from './weights.js';

/** A loaded encoder + classification head, on the tfjs backend active when it was built. */
export interface SequenceClassificationModel {
  readonly config: ModelConfig;
  readonly labels: string[];
  /** Longest sequence the position embeddings allow. */
  readonly maxPositions: number;
  readonly vocabSize: number;
  /** int32 ids [batch, seq] and a float 0/1 mask -> logits [batch, labels]; the caller disposes the result. */
  forward(inputIds: tf.Tensor2D, attentionMask: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

interface Architecture<C extends ModelConfig> {
  parseConfig(raw: Record<string, unknown>, file: string): C;
  weightSpec(config: C): WeightSpec;
  params(weights: LoadedWeights, config: C): EncoderParams;
}

const distilbert: Architecture<DistilBertConfig> = {
  parseConfig: parseDistilBertConfig, weightSpec: distilBertWeightSpec, params: distilBertParams,
};
const bert: Architecture<BertConfig> = { parseConfig: parseBertConfig, weightSpec: bertWeightSpec, params: bertParams };

/** An architecture with its config type erased: parseConfig's output is only ever fed back to the same entry. */
type AnyArchitecture = Architecture<ModelConfig>;
const ARCHITECTURES: Record<string, AnyArchitecture> = { distilbert: distilbert as AnyArchitecture, bert: bert as AnyArchitecture };
export const SUPPORTED_MODEL_TYPES = Object.keys(ARCHITECTURES);

/** Checks the directory and reads `config.json` (E_MODEL_DIR, E_MODEL_CONFIG). */
export function readModelConfig(dir: string): { raw: Record<string, unknown>; file: string } {
  if (!existsSync(dir)) {
    // existsSync is false for a symlink loop too: say which it is.
    let code: string | undefined;
    try {
      statSync(dir);
    } catch (e) {
      code = (e as NodeJS.ErrnoException).code;
    }
    if (code === 'ELOOP') throw inputError('E_MODEL_DIR', `${dir}: too many levels of symbolic links (a symlink loop?)`);
    throw inputError('E_MODEL_DIR', `${dir}: no such model directory`);
  }
  if (!statSync(dir).isDirectory()) throw inputError('E_MODEL_DIR', `${dir}: not a directory (a model is a directory with config.json and weights)`);
  const file = join(dir, 'config.json');
  if (!existsSync(file)) throw inputError('E_MODEL_CONFIG', `${file}: missing (every Hugging Face model directory has a config.json)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw inputError('E_MODEL_CONFIG', `${file}: not valid JSON (${(e as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw inputError('E_MODEL_CONFIG', `${file}: expected a JSON object`);
  return { raw: raw as Record<string, unknown>, file };
}

/** Parses the config through its architecture (E_MODEL_TYPE for anything unsupported). */
export function parseModelConfig(raw: Record<string, unknown>, file: string): { arch: AnyArchitecture; config: ModelConfig } {
  const type = raw.model_type;
  const arch = typeof type === 'string' && Object.hasOwn(ARCHITECTURES, type) ? ARCHITECTURES[type] : undefined;
  if (!arch) {
    throw inputError('E_MODEL_TYPE', `${file}: model_type ${JSON.stringify(type ?? null)} is not supported (supported: ${SUPPORTED_MODEL_TYPES.join(', ')})`);
  }
  const config = arch.parseConfig(raw, file);
  const heads = config.architectures?.filter((a) => !a.endsWith('ForSequenceClassification')) ?? [];
  if (config.architectures && config.architectures.length > 0 && heads.length === config.architectures.length) {
    throw inputError('E_MODEL_TYPE', `${file}: architectures ${JSON.stringify(config.architectures)} has no sequence-classification head (expected e.g. ${exampleHead(config)})`);
  }
  return { arch, config };
}

function exampleHead(config: ModelConfig): string {
  return config.model_type === 'bert' ? 'BertForSequenceClassification' : 'DistilBertForSequenceClassification';
}

/** Reads config and weights (every tensor checked) into the engine-neutral description. */
export async function loadModelParams(dir: string): Promise<{ config: ModelConfig; labels: string[]; params: EncoderParams }> {
  const { raw, file } = readModelConfig(dir);
  const { arch, config } = parseModelConfig(raw, file);
  await checkLayerCount(dir, config, file);
  const loaded = await loadWeights(dir, arch.weightSpec(config));
  return { config, labels: labelsOf(config), params: arch.params(loaded, config) };
}

/**
 * config.json's layer count against the layers the weights hold, from the safetensors headers alone: a config of
 * `n_layers: 1000000` would otherwise build a million-layer tensor list (gigabytes, minutes) before the first
 * missing tensor is noticed. The sizes of each tensor are checked next, by loadWeights, before any data is read.
 */
async function checkLayerCount(dir: string, config: ModelConfig, file: string): Promise<void> {
  const layers = config.model_type === 'bert' ? config.num_hidden_layers : config.n_layers;
  const field = config.model_type === 'bert' ? 'num_hidden_layers' : 'n_layers';
  const held = new Set<number>();
  for (const name of await tensorNames(dir)) {
    const m = /\.layer\.(\d+)\./.exec(name);
    if (m) held.add(Number(m[1]));
  }
  if (layers > held.size) {
    throw inputError('E_MODEL_WEIGHTS', `${file}: ${field} is ${layers}, but the weights hold ${held.size} encoder layer${held.size === 1 ? '' : 's'}; `
      + 'is config.json from another model?');
  }
}

/** Every tensor name in the weight files' headers (a sharded model's index lists them without opening the shards). */
async function tensorNames(dir: string): Promise<string[]> {
  const located = locateWeights(dir);
  if (located.weightMap) return Object.keys(located.weightMap);
  const f = await SafetensorsFile.open(located.files[0]);
  try {
    return Object.keys(f.header.tensors);
  } finally {
    await f.close();
  }
}

/** Reads config and weights and builds the model on the active tfjs backend. */
export async function loadModel(dir: string): Promise<SequenceClassificationModel> {
  const { config, labels, params } = await loadModelParams(dir);
  const weights = buildEncoderWeights(params);
  // Only the sizes are kept: holding `params` would keep a second copy of every weight alive.
  const { hidden, heads, eps, activation, poolerActivation } = params;
  const shape: EncoderShape = { hidden, heads, eps, activation, poolerActivation };
  return {
    config,
    labels,
    maxPositions: params.maxPositions,
    vocabSize: params.vocabSize,
    forward: (ids, mask) => encoderForward(weights, shape, ids, mask),
    dispose: () => disposeEncoderWeights(weights),
  };
}
