/**
 * `createClassifier({model, engine, backend, ...})`: the one place that turns "which model, which engine" into a
 * Classifier. An http(s) URL is an HTTP endpoint; anything else is resolved to a local directory (path, hub id,
 * "demo", or the default) and loaded on the engine `chooseEngine` picks: TF.js (in worker threads when more than
 * one worker is wanted, engines/tfjs) or ONNX Runtime (which uses every core itself, so no worker pool). With `queue`,
 * the model is identified here and scored by queue workers (engines/queue.ts).
 */
import { resolveModel, type ResolvedModel } from '../config/model.js';
import { inputError, isAuditError, usageError } from '../errors.js';
import type { BackendName } from '../model/index.js';
import type { Classifier } from '../types.js';
import { chooseEngine, type EngineName, type EngineProbes } from './choose.js';
import type { QueueOptions } from './queue.js';

export interface ClassifierOptions {
  /** Model directory, hub id, "demo", or an http(s) endpoint (default: $AUDIT_MODEL, the real model if cached, else demo). */
  model?: string;
  /** auto (default), tfjs or onnx; anything else is a usage error (E_ENGINE). */
  engine?: string;
  backend?: BackendName;
  /** TF.js: scoring worker threads (0 or absent = one per core). */
  workers?: number;
  /** ONNX Runtime: intra-op threads (absent = every core; ONNX Runtime needs no worker pool). */
  threads?: number;
  target?: string;
  cacheDir?: string;
  batchSize?: number;
  /** HTTP models: a version string, so cached scores of different versions stay apart. */
  modelVersion?: string;
  /** HTTP models: bearer token. */
  token?: string;
  /** Download a hub id that is not cached (default false: E_MODEL_NOT_CACHED). */
  pull?: boolean;
  /** Warnings that change what the user should expect (e.g. --workers capped at the core count); default: onInfo. */
  onWarning?: (message: string) => void;
  /** Lines worth telling the user (what is downloaded, which model runs); library code never prints. */
  onInfo?: (line: string) => void;
  /** The model is multi-label (a sigmoid per label); local models also declare it in config.json problem_type. */
  multiLabel?: boolean;
  /** ONNX Runtime: the graph file to audit as it is (a path, or a name in <model>/onnx/); needs engine onnx or auto. */
  onnxFile?: string;
  /** HTTP models: the time one batch may take, retries and waits included (milliseconds). */
  httpDeadlineMs?: number;
  /** Pins what `--engine auto` sees (tests). */
  probes?: EngineProbes;
  /** LLM models (`openai+http(s)://HOST/v1`): the model name the server serves. */
  modelName?: string;
  /** LLM models: the prompt file (YAML with `prompts:` and `labels:`). */
  prompt?: string;
  /** LLM models: the environment variable holding the API key (default OPENAI_API_KEY). */
  apiKeyEnv?: string;
  /** LLM models: most requests the run may send. */
  maxRequests?: number;
  /** LLM models: most prompt + completion tokens the run may spend. */
  maxTokensBudget?: number;
  /** LLM models: K sampled answers per text instead of log-probabilities (`--sample-answers K`). */
  sampleAnswers?: number;
  /** Score on `audit worker` processes through this queue (engines/queue.ts): the model is identified, not loaded. */
  queue?: QueueOptions;
}

export type LoadedModel = Classifier & { takeWarnings(): string[] };

export interface CreatedClassifier {
  classifier: LoadedModel;
  resolved: ResolvedModel;
  /** The engine that runs and why: recorded in result.json and shown in the report. */
  engine: { name: EngineName; reason: string };
  /** With a queue: its URL (secrets masked) and whether answers are authenticated, for result.json's model.queue. */
  queue?: { url: string; authenticated: boolean };
}

export async function createClassifier(options: ClassifierOptions = {}): Promise<CreatedClassifier> {
  const say = options.onInfo ?? (() => {});
  if (options.queue) return (await import('./queue.js')).connectQueue(options.queue, options, say);
  if (options.model && /^openai\+https?:\/\//i.test(options.model)) return connectOpenAI(options.model.slice('openai+'.length), options,
    say);
  if (options.sampleAnswers !== undefined) throw usageError('E_LLM_OPTIONS', `--sample-answers: only for LLM models (--model ` +
    `openai+http(s)://HOST/v1); ${options.model ?? 'this model'} gives probabilities`);
  if (options.model && /^https?:\/\//i.test(options.model)) return connectHttp(options.model, options, say);
  if (options.onnxFile !== undefined && options.engine !== undefined && options.engine !== 'onnx' && options.engine !== 'auto') {
    throw usageError('E_ONNX_FILE', `--onnx-file ${options.onnxFile}: needs --engine onnx`);
  }
  // A given ONNX graph can only run on ONNX Runtime: under auto it decides the engine.
  const engine = options.onnxFile !== undefined ? 'onnx' : options.engine;
  const decision = await chooseEngine(engine, options.backend, options.probes); // an unknown engine fails before any loading
  const resolved = await resolveOrPull(options, say);
  let classifier: LoadedModel;
  if (decision.engine === 'onnx') {
    const { loadOnnxClassifier } = await import('./onnx/index.js');
    const { target, cacheDir, batchSize, threads, multiLabel, onnxFile } = options;
    const { workerCount } = await import('./tfjs/index.js');
    classifier = await loadOnnxClassifier(resolved.dir, {
      target, cacheDir, batchSize, threads: threads === undefined ? undefined : workerCount(threads).workers, multiLabel, onnxFile,
    });
  } else {
    const { PooledClassifier, workerCount } = await import('./tfjs/index.js');
    const { loadClassifier } = await import('../model/index.js');
    const { workers, warning } = workerCount(options.workers);
    if (warning) (options.onWarning ?? ((m: string) => say(`warning: ${m}`)))(warning);
    const load = {
      backend: decision.backend, target: options.target, cacheDir: options.cacheDir,
      batchSize: options.batchSize, multiLabel: options.multiLabel,
    };
    classifier = workers > 1 ? await PooledClassifier.start(resolved.dir, { ...load, workers }) : await loadClassifier(resolved.dir, load);
  }
  say(`model: ${resolved.name} (${resolved.dir}), backend ${classifier.backend}`);
  say(`engine: ${decision.engine} (${decision.reason})`);
  if (resolved.demo) say('note: this is the embedded demo model, a small stand-in trained by this project, not the model from the card.');
  return { classifier, resolved, engine: { name: decision.engine, reason: decision.reason } };
}

/** A hub id that is not cached is pulled on first use when allowed and the network allows; otherwise the error names `audit model pull`. */
async function resolveOrPull(options: ClassifierOptions, say: (line: string) => void): Promise<ResolvedModel> {
  try {
    return resolveModel(options.model, options.cacheDir);
  } catch (e) {
    if (!options.pull || !isAuditError(e) || e.code !== 'E_MODEL_NOT_CACHED' || !options.model) throw e;
    say(`${options.model} is not cached: downloading it`);
    const { pullModel } = await import('../hub/index.js');
    try {
      await pullModel(options.model, { cacheDir: options.cacheDir });
    } catch (pullError) {
      const why = isAuditError(pullError) ? pullError.message : String(pullError);
      throw inputError(
        'E_MODEL_NOT_CACHED',
        `${options.model}: not in the cache and the download failed (${why}); run \`audit model pull ${options.model}\` where the hub is ` +
        `reachable`,
      );
    }
    return resolveModel(options.model, options.cacheDir);
  }
}

/** A classifier deployed behind HTTP (Hugging Face Inference API request and response shapes). */
async function connectHttp(url: string, options: ClassifierOptions, say: (line: string) => void): Promise<CreatedClassifier> {
  const { HttpClassifier } = await import('./http/index.js');
  const classifier = await HttpClassifier.connect(url, {
    modelVersion: options.modelVersion, token: options.token, target: options.target,
    batchSize: options.batchSize, multiLabel: options.multiLabel,
    ...(options.httpDeadlineMs ? { deadlineMs: options.httpDeadlineMs } : {}),
  });
  for (const warning of classifier.takeWarnings()) say(`warning: ${warning}`);
  say(`model: ${classifier.name} (HTTP endpoint${options.modelVersion ? `, version ${options.modelVersion}` : ''})`);
  return {
    classifier,
    resolved: { dir: classifier.name, name: classifier.name, demo: false, source: 'http' },
    engine: { name: 'http', reason: 'the model is an HTTP endpoint' },
  };
}

/** An LLM that labels text, behind the OpenAI-compatible API (`openai+http(s)://HOST/v1`). */
async function connectOpenAI(url: string, options: ClassifierOptions, say: (line: string) => void): Promise<CreatedClassifier> {
  if (!options.modelName) throw usageError('E_LLM_OPTIONS', `--model openai+${url}: needs --model-name (the model the server serves)`);
  if (!options.prompt) throw usageError('E_LLM_OPTIONS', `--model openai+${url}: needs --prompt FILE (the prompt and the labels' ` +
    `verbalizers)`);
  const { OpenAIClassifier, loadPromptFile } = await import('./openai/index.js');
  const prompt = loadPromptFile(options.prompt);
  const classifier = await OpenAIClassifier.connect(url, {
    modelName: options.modelName, prompt, target: options.target, apiKeyEnv: options.apiKeyEnv, maxRequests: options.maxRequests,
    maxTokensBudget: options.maxTokensBudget, sampleAnswers: options.sampleAnswers,
    ...(options.httpDeadlineMs ? { deadlineMs: options.httpDeadlineMs } : {}),
  });
  for (const warning of classifier.takeWarnings()) say(`warning: ${warning}`);
  const served = classifier.serverModel.model ? `, server reports ${classifier.serverModel.model}` : '';
  const name = `${options.modelName} @ ${classifier.name}`;
  say(`model: ${name} (OpenAI-compatible API${served}; prompt ${options.prompt}, sha256 ${prompt.sha256.slice(0, 12)})`);
  const s = classifier.sampling;
  const path = s ? `scored through Chat Completions from ${s.answersPerText} sampled answers per text at temperature ${s.temperature} ` +
    `(each score's binomial SE is at most ${(0.5 / Math.sqrt(s.answersPerText)).toFixed(3)})`
    : `scored through ${prompt.endpoint === 'completions' ? 'the Completions endpoint, one request per verbalizer' : 'Chat ' +
      'Completions, the first answer token'} (${prompt.endpointReason})`;
  say(path);
  return {
    classifier,
    resolved: { dir: classifier.name, name, demo: false, source: 'http' },
    engine: { name: 'openai', reason: `the model is an LLM behind the OpenAI-compatible API; ${path}` },
  };
}
