import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ENGINE_CHOICES } from '../engines/index.js';
import { integerFlag } from './numeric.js';

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
    .option('workers', { ...integerFlag('workers'), default: 0, describe: 'Worker threads for scoring (0 = one ' +
      'per core)' });
}

/** Options shared by the commands that load a model. */
export function modelOptions<T>(y: Argv<T>) {
  return engineOptions(y)
    .option('model', { type: 'string', describe: 'Model directory, hub id, or "demo" (default: $AUDIT_MODEL, the real model if cached, ' +
      'else demo)' })
    .option('target', { type: 'string', default: 'POSITIVE', describe: 'Label whose probability is the score' })
    .option('cache', {
      type: 'string',
      coerce: cacheValue,
      describe: 'Cache directory (default $XDG_CACHE_HOME/bias-audit or ~/.cache/bias-audit); --no-cache scores everything afresh',
    })
    .option('batch-size', { ...integerFlag('batch-size'), default: 32, describe: 'Sentences per forward pass (or ' +
      'per HTTP request)' })
    .option('model-version', { type: 'string',
      describe: 'HTTP models: a version string, so cached scores of different versions stay apart' })
    .option('token', { type: 'string', describe: 'HTTP models: bearer token (HF_TOKEN is sent to Hugging Face hosts only)' })
    .option('multi-label', { type: 'boolean', default: false, describe: 'The model is multi-label (one sigmoid per label): HTTP scores ' +
      'need not sum to 1 (local models: read from config.json problem_type)' })
    .option('onnx-file', { type: 'string', describe: '--engine onnx: the ONNX graph to audit as it is (a path, or a file name in ' +
      '<model>/onnx/, e.g. model_quantized.onnx)' })
    .option('model-name', { type: 'string', describe: 'LLM models (--model openai+http(s)://HOST/v1): the model name the server serves' })
    .option('prompt', { type: 'string', describe: 'LLM models: the prompt file (YAML: prompts with a {text} slot, labels with their ' +
      'verbalizers)' })
    .option('api-key-env', { type: 'string', describe: 'LLM models: the environment variable holding the API key (default ' +
      'OPENAI_API_KEY); never stored' })
    .option('max-requests', { ...integerFlag('max-requests'), describe: 'LLM models: most requests the run may ' +
      'send; exit 2 before passing it' })
    .option('max-tokens-budget', { ...integerFlag('max-tokens-budget'), describe: 'LLM models: most prompt + completion tokens ' +
      'the run may spend (the servers\' usage); estimated before scoring, exit 2 before passing it' })
    .option('sample-answers', { ...integerFlag('sample-answers'), describe: 'LLM models whose server returns no log-probabilities: ' +
      'ask K answers per text (temperature 1) and score label frequencies, with binomial noise (SE <= 0.5/sqrt(K)). The issue\'s ' +
      '"--sample K"; named so because --sample is the data/HolisticBias row sample' })
    .option('http-deadline', { ...integerFlag('http-deadline'), default: 300, describe: 'HTTP models: seconds one ' +
      'batch may take, retries and waits included' });
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
