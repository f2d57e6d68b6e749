/**
 * `config.json` `model_type` -> architecture. Each entry knows how to check its config, which weights it needs,
 * and how to build a model from them. Only DistilBERT for now; BERT slots in as a second entry.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { labelsOf, parseDistilBertConfig, type DistilBertConfig } from './config.js';
import { buildDistilBertWeights, disposeDistilBertWeights, distilBertForward, distilBertWeightSpec } from './distilbert.js';
import { loadWeights, type LoadedWeights, type WeightSpec } from './weights.js';

/** A loaded encoder + classification head, on the tfjs backend active when it was built. */
export interface SequenceClassificationModel {
  readonly config: DistilBertConfig;
  readonly labels: string[];
  /** Longest sequence the position embeddings allow. */
  readonly maxPositions: number;
  readonly vocabSize: number;
  /** int32 ids [batch, seq] and a float 0/1 mask -> logits [batch, labels]; the caller disposes the result. */
  forward(inputIds: tf.Tensor2D, attentionMask: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

interface Architecture<C> {
  parseConfig(raw: Record<string, unknown>, file: string): C;
  weightSpec(config: C): WeightSpec;
  build(weights: LoadedWeights, config: C): SequenceClassificationModel;
}

const distilbert: Architecture<DistilBertConfig> = {
  parseConfig: parseDistilBertConfig,
  weightSpec: distilBertWeightSpec,
  build(loaded, config) {
    const weights = buildDistilBertWeights(loaded, config);
    return {
      config,
      labels: labelsOf(config),
      maxPositions: config.max_position_embeddings,
      vocabSize: config.vocab_size,
      forward: (ids, mask) => distilBertForward(weights, config, ids, mask),
      dispose: () => disposeDistilBertWeights(weights),
    };
  },
};

const ARCHITECTURES: Record<string, Architecture<DistilBertConfig>> = { distilbert };
export const SUPPORTED_MODEL_TYPES = Object.keys(ARCHITECTURES);

/** Checks the directory and reads `config.json` (E_MODEL_DIR, E_MODEL_CONFIG). */
export function readModelConfig(dir: string): { raw: Record<string, unknown>; file: string } {
  if (!existsSync(dir)) throw inputError('E_MODEL_DIR', `${dir}: no such model directory`);
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
export function parseModelConfig(raw: Record<string, unknown>, file: string): { arch: Architecture<DistilBertConfig>; config: DistilBertConfig } {
  const type = raw.model_type;
  const arch = typeof type === 'string' ? ARCHITECTURES[type] : undefined;
  if (!arch) {
    throw inputError('E_MODEL_TYPE', `${file}: model_type ${JSON.stringify(type ?? null)} is not supported (supported: ${SUPPORTED_MODEL_TYPES.join(', ')})`);
  }
  const config = arch.parseConfig(raw, file);
  const heads = config.architectures?.filter((a) => !a.endsWith('ForSequenceClassification')) ?? [];
  if (config.architectures && config.architectures.length > 0 && heads.length === config.architectures.length) {
    throw inputError('E_MODEL_TYPE', `${file}: architectures ${JSON.stringify(config.architectures)} has no sequence-classification head (expected e.g. DistilBertForSequenceClassification)`);
  }
  return { arch, config };
}

/** Reads config and weights and builds the model on the active tfjs backend. */
export async function loadModel(dir: string): Promise<SequenceClassificationModel> {
  const { raw, file } = readModelConfig(dir);
  const { arch, config } = parseModelConfig(raw, file);
  const loaded = await loadWeights(dir, arch.weightSpec(config));
  return arch.build(loaded, config);
}
