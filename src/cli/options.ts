import type { Argv } from 'yargs';

/** Options every command accepts. */
export interface GlobalArgs {
  engine: 'auto' | 'tfjs' | 'onnx';
  backend: 'auto' | 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
  workers: number;
  debug: boolean;
  quiet: boolean;
}

export const BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

export function globalOptions<T>(y: Argv<T>) {
  return y
    .option('engine', {
      choices: ['auto', 'tfjs', 'onnx'] as const,
      default: 'auto' as const,
      describe: 'Inference engine: auto (TF.js on a GPU, else ONNX Runtime when it loads, else TF.js wasm), tfjs or onnx',
      global: true,
    })
    .option('backend', { choices: BACKENDS, default: 'auto' as const, describe: 'TensorFlow.js backend (--engine tfjs)', global: true })
    .option('workers', { type: 'number', default: 0, describe: 'Worker threads for scoring (0 = one per core)', global: true })
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces', global: true })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress output', global: true });
}

/** Options shared by the commands that load a model. */
export function modelOptions<T>(y: Argv<T>) {
  return y
    .option('model', { type: 'string', describe: 'Model directory, hub id, or "demo" (default: $AUDIT_MODEL, the real model if cached, else demo)' })
    .option('target', { type: 'string', default: 'POSITIVE', describe: 'Label whose probability is the score' })
    .option('cache', { type: 'string', describe: 'Cache directory (default $XDG_CACHE_HOME/bias-audit or ~/.cache/bias-audit); --no-cache scores everything afresh' })
    .option('batch-size', { type: 'number', default: 32, describe: 'Sentences per forward pass (or per HTTP request)' })
    .option('model-version', { type: 'string', describe: 'HTTP models: a version string, so cached scores of different versions stay apart' })
    .option('token', { type: 'string', describe: 'HTTP models: bearer token (HF_TOKEN is sent to Hugging Face hosts only)' });
}
