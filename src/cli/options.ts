import type { Argv } from 'yargs';
import { integerOption } from './numeric.js';

/** Options every command accepts. */
export interface GlobalArgs {
  engine: 'tfjs' | 'onnx';
  backend: 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  workers: number;
  debug: boolean;
  quiet: boolean;
}

export const BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

export function globalOptions<T>(y: Argv<T>) {
  return y
    .option('engine', { choices: ['tfjs', 'onnx'] as const, default: 'tfjs' as const, describe: 'Inference engine: TensorFlow.js (default, GPU path) or ONNX Runtime (fast on CPU)', global: true })
    .option('backend', { choices: BACKENDS, default: 'auto' as const, describe: 'TensorFlow.js backend (--engine tfjs)', global: true })
    .option('workers', { type: 'string', default: 0, coerce: integerOption('workers'), describe: 'Worker threads for scoring (0 = one per core)', global: true })
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces', global: true })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress output', global: true });
}

/** Options shared by the commands that load a model. */
export function modelOptions<T>(y: Argv<T>) {
  return y
    .option('model', { type: 'string', describe: 'Model directory, hub id, or "demo" (default: $AUDIT_MODEL, the real model if cached, else demo)' })
    .option('target', { type: 'string', default: 'POSITIVE', describe: 'Label whose probability is the score' })
    .option('cache', { type: 'string', describe: 'Cache directory (default $XDG_CACHE_HOME/bias-audit or ~/.cache/bias-audit); --no-cache scores everything afresh' })
    .option('batch-size', { type: 'string', default: 32, coerce: integerOption('batch-size'), describe: 'Sentences per forward pass (or per HTTP request)' })
    .option('model-version', { type: 'string', describe: 'HTTP models: a version string, so cached scores of different versions stay apart' })
    .option('token', { type: 'string', describe: 'HTTP models: bearer token (HF_TOKEN is sent to Hugging Face hosts only)' })
    .option('multi-label', { type: 'boolean', default: false, describe: 'The model is multi-label (one sigmoid per label): HTTP scores need not sum to 1 (local models: read from config.json problem_type)' })
    .option('onnx-file', { type: 'string', describe: '--engine onnx: the ONNX graph to audit as it is (a path, or a file name in <model>/onnx/, e.g. model_quantized.onnx)' })
    .option('http-deadline', { type: 'string', default: 300, coerce: integerOption('http-deadline'), describe: 'HTTP models: seconds one batch may take, retries and waits included' });
}
