import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ENGINE_CHOICES } from '../engines/index.js';

/**
 * Argument types come from the yargs builders themselves: `ArgsOf<typeof builder>` is what the handler receives
 * (every option with its inferred type, camelCased as yargs hands it over), so a type never drifts from its option.
 */
export type Built<B> = B extends (...args: never[]) => Argv<infer U> ? U : never;
export type ArgsOf<B> = ArgumentsCamelCase<Built<B>>;

export const BACKENDS = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** Options every command accepts. */
export function globalOptions<T>(y: Argv<T>) {
  return y
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces', global: true })
    .option('quiet', { type: 'boolean', default: false, describe: 'No progress output', global: true });
}

/** What the command modules build on: the global options. */
export type GlobalOptions = Built<typeof globalOptions<object>>;
export type GlobalArgs = ArgumentsCamelCase<GlobalOptions>;

/** `--cache DIR`, or `--no-cache` (yargs hands it over as false): score everything afresh, models in the default cache. */
function cacheValue(value: string | boolean | undefined): string | false | undefined {
  if (value === undefined || value === false) return value;
  return String(value);
}

/** Which engine runs the model: only the commands that load one take these. */
export function engineOptions<T>(y: Argv<T>) {
  return y
    .option('engine', {
      choices: ENGINE_CHOICES,
      default: 'auto' as const,
      describe: 'Inference engine: auto (TF.js on a GPU, else ONNX Runtime when it loads, else TF.js wasm), tfjs or onnx',
    })
    .option('backend', { choices: BACKENDS, default: 'auto' as const, describe: 'TensorFlow.js backend (--engine tfjs)' })
    .option('workers', { type: 'number', default: 0, describe: 'Worker threads for scoring (0 = one per core)' });
}

/** Options shared by the commands that load a model. */
export function modelOptions<T>(y: Argv<T>) {
  return engineOptions(y)
    .option('model', { type: 'string', describe: 'Model directory, hub id, or "demo" (default: $AUDIT_MODEL, the real model if cached, else demo)' })
    .option('target', { type: 'string', default: 'POSITIVE', describe: 'Label whose probability is the score' })
    .option('cache', {
      type: 'string',
      coerce: cacheValue,
      describe: 'Cache directory (default $XDG_CACHE_HOME/bias-audit or ~/.cache/bias-audit); --no-cache scores everything afresh',
    })
    .option('batch-size', { type: 'number', default: 32, describe: 'Sentences per forward pass (or per HTTP request)' })
    .option('model-version', { type: 'string', describe: 'HTTP models: a version string, so cached scores of different versions stay apart' })
    .option('token', { type: 'string', describe: 'HTTP models: bearer token (HF_TOKEN is sent to Hugging Face hosts only)' });
}

/** The model options as a handler receives them. */
export type ModelArgs = ArgsOf<typeof modelOptions<GlobalOptions>>;

/** A command module whose handler's argument type is inferred from its builder. */
export function defineCommand<U>(spec: {
  command: string;
  describe: string;
  builder: (y: Argv<GlobalOptions>) => Argv<U>;
  handler: (args: ArgumentsCamelCase<U>) => void | Promise<void>;
}): CommandModule<GlobalOptions, U> {
  return spec;
}
