/**
 * Writing and reading a model directory in the Hugging Face layout: config.json, model.safetensors (F16, torch
 * [out, in] linear weights), vocab.txt, tokenizer_config.json.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { configFromHf, hfConfigJson, type DemoModelConfig } from './config.js';
import { writeFileAtomic } from '../util/atomic.js';
import { fromHfLayout, toHfLayout } from './hf-layout.js';
import { decodeSafetensors, encodeSafetensors, type NamedArrays, type StoredDtype } from './safetensors.js';

export const TOKENIZER_CONFIG = { do_lower_case: true, model_max_length: 512 };

/** `params` in trainer layout. Copies `vocabFile` to <dir>/vocab.txt. */
export function saveModelDir(dir: string, cfg: DemoModelConfig, params: NamedArrays, vocabFile: string, dtype: StoredDtype = 'F16'): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'config.json'), `${JSON.stringify({ ...hfConfigJson(cfg), dtype: dtype === 'F16' ? 'float16' : 'float32' },
    null, 2)}\n`);
  writeFileAtomic(join(dir, 'model.safetensors'), encodeSafetensors(toHfLayout(params, cfg), dtype));
  writeFileAtomic(join(dir, 'tokenizer_config.json'), `${JSON.stringify(TOKENIZER_CONFIG)}\n`);
  writeFileAtomic(join(dir, 'vocab.txt'), readFileSync(vocabFile));
}

/** Reads config.json + model.safetensors back into the trainer layout (F16 values widened to F32). */
export function loadModelDir(dir: string): { cfg: DemoModelConfig; params: NamedArrays } {
  const configFile = join(dir, 'config.json');
  const weightsFile = join(dir, 'model.safetensors');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw inputError('E_MODEL_CONFIG', `${configFile}: cannot read (${(e as Error).message})`);
  }
  const cfg = configFromHf(json);
  return { cfg, params: fromHfLayout(decodeSafetensors(readFileSync(weightsFile), weightsFile), cfg, weightsFile) };
}
