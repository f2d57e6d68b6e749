/**
 * An LLM that labels text, behind the OpenAI-compatible API (vLLM, llama.cpp's server, Ollama, TGI, hosted
 * services): `OpenAIClassifier.connect('http://HOST/v1', {modelName, prompt})` -> a `Classifier`. Each text is one
 * Chat Completions request per prompt (temperature 0, one answer token, `logprobs` with `top_logprobs`), and P(label)
 * is read off the first answer token (logprobs.ts). A file with several paraphrased prompts gives one classifier per
 * prompt (`promptVariants`): the runner asks each text under each, and the statistics treat the prompt as a factor.
 * A file whose verbalizers have several words (or that asks for it) is scored through the Completions endpoint
 * instead, one request per verbalizer, each verbalizer's whole log-probability read from the echoed tokens
 * (completions.ts). Requests reuse the HTTP engine's client: retries with backoff that honour
 * Retry-After, per-attempt timeouts and bounded response bodies (http/request.ts), at most `concurrency` in flight.
 */
import { createHash } from 'node:crypto';
import { AuditError, inputError, usageError } from '../../errors.js';
import type { Classifier, Prediction, PromptVariant } from '../../types.js';
import { averageOverPrompts } from '../../util/prompt-average.js';
import { TOOL_NAME, TOOL_VERSION } from '../../version.js';
import { HTTP_DEFAULTS, toPrediction, type HttpOptions } from '../http/classifier.js';
import { parseEndpoint } from '../http/endpoint.js';
import { mapLimit } from '../http/parallel.js';
import { postJson, type RequestSettings, type RequestStats } from '../http/request.js';
import { checkBatch, messageBytes, noUsageWarning, planTokens, readUsage, reserveRequest, TokenMeter, type Usage } from './budget.js';
import {
  COMPLETION_DECODING, completionWarnings, firstCompletion, requestsPerPrompt, scoreByCompletions, type CompletionContext,
  type CompletionDecoding, type CompletionNotes,
} from './completions.js';
import { labelScores, partialVerbalizers, readChatLogprobs, type TokenLogprob } from './logprobs.js';
import { fillSlot, promptId, type PromptFile } from './prompt.js';
import { collectAnswers, countAnswers, MAX_SAMPLE_ANSWERS, readChatAnswers, sampledBody, sampledDecoding, sampledPrediction,
  type SampledDecoding } from './sampled.js';

/** Transport settings (concurrency, timeouts, retries, deadline): the HTTP engine's, with its meanings. */
type Transport = Pick<HttpOptions, 'concurrency' | 'timeoutMs' | 'maxRetries' | 'retryBaseMs' | 'maxDelayMs' | 'deadlineMs'>;

export interface OpenAIOptions extends Transport {
  /** The model name the server serves (`--model-name`), sent as `model` in every request. */
  modelName: string;
  prompt: PromptFile;
  /** Label whose probability is `score` (default 'POSITIVE'). */
  target?: string;
  /** The environment variable holding the API key (`--api-key-env`, default OPENAI_API_KEY); the key is never stored. */
  apiKeyEnv?: string;
  env?: Record<string, string | undefined>;
  /** Most requests this classifier may send, retries included (`--max-requests`); absent = no limit. */
  maxRequests?: number;
  /** Most prompt + completion tokens the run may spend (`--max-tokens-budget`, budget.ts); absent = no limit. */
  maxTokensBudget?: number;
  /** Alternatives asked for per answer token (default 20, the OpenAI API's largest). */
  topLogprobs?: number;
  /** K sampled answers per text instead of log-probabilities (`--sample-answers K`, the issue's `--sample K`): sampled.ts. */
  sampleAnswers?: number;
}

/** The decoding settings every request uses: part of the fingerprint. */
export interface Decoding {
  temperature: 0;
  max_tokens: 1;
  top_logprobs: number;
}

/** Sent once by connect(): the server must answer with log-probabilities, and says which model it runs. */
export const PROBE_TEXT = 'This is a test.';

/** What the classifier of every prompt shares: the request count (one budget), the client's life, the answers' notes. */
interface Shared {
  stats: RequestStats;
  /** Tokens spent (the servers' usage) against --max-tokens-budget. */
  tokens: TokenMeter;
  life: AbortController;
  /** Off-label mass per prompt index and text. */
  offLabel: Map<string, number>;
  missing: Map<string, number>;
  warnings: string[];
  /** The Completions path's notes (straddling tokens); verbalizers already warned about as split into tokens. */
  completion: CompletionNotes;
  splitWarned: Set<string>;
  /**
   * HTTP requests one text takes under one prompt: 1 (chat), one per verbalizer (Completions), or K for sampled answers
   * from a server that ignores `n`.
   */
  requestsPerText: number;
}

export class OpenAIClassifier implements Classifier {
  readonly backend = 'openai';
  /** Texts per predict call: progress, the score cache and the token budget move every 64 texts. */
  readonly chunkSize = 64;
  readonly labels: string[];
  readonly fingerprint: string;
  /** One classifier per prompt when the file holds several (the runner scores each text under each); else absent. */
  readonly promptVariants?: PromptVariant[];
  private readonly targetIndex: number;

  private constructor(
    readonly name: string,
    readonly target: string,
    private readonly options: OpenAIOptions,
    private readonly request: RequestSettings,
    private readonly decoding: Decoding | CompletionDecoding | SampledDecoding,
    readonly serverModel: { model?: string; systemFingerprint?: string },
    private readonly shared: Shared,
    /** The prompt this classifier asks with; null: every prompt of the file, averaged (one prompt: that one). */
    private readonly promptIndex: number | null = null,
  ) {
    this.labels = options.prompt.labels.map((l) => l.name);
    this.targetIndex = this.labels.indexOf(target);
    const P = options.prompt.prompts.length;
    this.fingerprint = openaiFingerprint(name, options.modelName, serverModel, options.prompt.sha256, decoding, this.labels,
      promptIndex === null || P === 1 ? undefined : promptIndex);
    if (promptIndex === null && P > 1) {
      this.promptVariants = options.prompt.prompts.map((_, i) => ({
        id: promptId(options.prompt, i),
        classifier: new OpenAIClassifier(name, target, options, request, decoding, serverModel, shared, i),
      }));
    }
  }

  static async connect(baseUrl: string, options: OpenAIOptions): Promise<OpenAIClassifier> {
    if (options.modelName.trim() === '') throw usageError('E_LLM_OPTIONS', '--model-name: empty; name the model the server serves');
    const target = options.target ?? HTTP_DEFAULTS.target;
    const labels = options.prompt.labels.map((l) => l.name);
    if (!labels.includes(target)) throw usageError('E_TARGET', `--target ${JSON.stringify(target)}: the prompt file has no such label ` +
      `(labels: ${labels.join(', ')})`);
    const base = baseUrl.replace(/\/+$/, '');
    // Sampled answers are read as text through Chat Completions, whatever path the verbalizers would need for log-probabilities.
    if (options.sampleAnswers !== undefined && options.prompt.endpoint === 'completions') {
      options = { ...options, prompt: { ...options.prompt, endpoint: 'chat', endpointReason: 'sampled answers are read as text' } };
    }
    const completions = options.prompt.endpoint === 'completions';
    const endpoint = parseEndpoint(`${base}/${completions ? 'completions' : 'chat/completions'}`, { token: apiKey(options), env: {} });
    const request = requestSettings(endpoint.url, endpoint.authorization, options);
    if (options.sampleAnswers !== undefined) return connectSampled(base, target, endpoint.warnings, request, options);
    const topLogprobs = options.topLogprobs ?? 20;
    if (!Number.isInteger(topLogprobs) || topLogprobs < 1 || topLogprobs > 20) throw usageError('E_LLM_OPTIONS', `top_logprobs` +
      ` ${topLogprobs}: must be an integer from 1 to 20`);
    const decoding: Decoding | CompletionDecoding = completions ? COMPLETION_DECODING : { temperature: 0, max_tokens: 1,
      top_logprobs: topLogprobs };
    const stats: RequestStats = { requests: 0, retries: 0 };
    const tokens = new TokenMeter(options.maxTokensBudget, decoding.max_tokens);
    let server: { model?: string; systemFingerprint?: string };
    let usage: Usage | undefined;
    const notes: CompletionNotes = { answers: 0, straddled: 0 };
    if (completions) {
      ({ usage, ...server } = await firstCompletion({ name: base, modelName: options.modelName, prompt: options.prompt, request, stats,
        notes, tokens }, PROBE_TEXT));
    } else {
      const body = chatBody(options.modelName, options.prompt, PROBE_TEXT, decoding as Decoding);
      const first = await postJson(body, readChat, request, stats, new AbortController().signal, 'the first request (1 text)');
      if (first.top === null) throw noLogprobs(base, options.modelName);
      tokens.record(messageBytes(options.prompt, 0, PROBE_TEXT), first.usage);
      server = { model: first.model, systemFingerprint: first.systemFingerprint };
      usage = first.usage;
    }
    const shared = sharedState(base, stats, endpoint.warnings, server, completions ? requestsPerPrompt(options.prompt.labels) : 1, tokens);
    shared.completion = notes;
    if (usage === undefined && tokens.budget !== undefined) shared.warnings.push(noUsageWarning(base));
    tokens.unreportedWarning(base); // the first answer's is said just above
    return new OpenAIClassifier(base, target, options, request, decoding, server, shared);
  }

  /** Built by connectSampled (below): a classifier whose scores are label frequencies among K sampled answers. */
  static sampledFrom(base: string, target: string, options: OpenAIOptions, request: RequestSettings, decoding: SampledDecoding,
    server: { model?: string; systemFingerprint?: string }, shared: Shared): OpenAIClassifier {
    return new OpenAIClassifier(base, target, options, request, decoding, server, shared);
  }

  /** Sampled answers (`--sample-answers`): K per text and prompt, at temperature 1; absent for log-probability scores. */
  get sampling(): Classifier['sampling'] {
    const d = this.decoding;
    return 'n' in d ? { answersPerText: d.n, temperature: d.temperature, maxTokens: d.max_tokens } : undefined;
  }

  /** The prompts this classifier asks with, in file order (several: each text is asked once under each). */
  private prompts(): number[] {
    return this.promptIndex === null ? this.options.prompt.prompts.map((_, i) => i) : [this.promptIndex];
  }

  /**
   * The requests scoring `todo` more texts takes (one per text and prompt, before retries); an error when they would
   * pass --max-requests. The classifier of prompt k of P counts the prompts after it too (as many texts each), so
   * a run that cannot finish is stopped before its first prompt is scored.
   */
  planRequests(todo: number, texts?: string[]): string {
    const max = this.options.maxRequests;
    const P = this.options.prompt.prompts.length;
    const prompts = this.promptIndex === null ? P : P - this.promptIndex;
    const requests = todo * prompts * this.shared.requestsPerText;
    const under = P === 1 ? '' : this.promptIndex === null ? ` under each of ${P} prompts` : ` under prompt ` +
      `${promptId(this.options.prompt, this.promptIndex)}${prompts > 1 ? ` and the ${prompts - 1} after it` : ''}`;
    const sent = this.shared.stats.requests;
    const line = `${this.name}: scoring ${todo} text${todo === 1 ? '' : 's'}${under} takes about ${requests} request` +
      `${requests === 1 ? '' : 's'} (${this.perText(P)}, before retries)`;
    if (max !== undefined && sent + requests > max) {
      throw usageError('E_LLM_BUDGET', `${line}, which would pass --max-requests ${max} (${sent} sent so far); nothing was sent for them`);
    }
    const said = max === undefined ? line : `${line}; budget --max-requests ${max}, ${sent} sent so far`;
    const rest = this.options.prompt.prompts.map((_, i) => i).slice(this.promptIndex ?? 0);
    return texts === undefined ? said : planTokens(this.shared.tokens, this.options.prompt, rest, texts, said);
  }

  async predict(texts: string[]): Promise<Prediction[]> {
    const { life, stats } = this.shared;
    if (life.signal.aborted) throw new AuditError('E_DISPOSED', `${this.name}: classifier used after dispose()`, { kind: 'internal' });
    const prompts = this.prompts();
    const max = this.options.maxRequests;
    const n = texts.length * prompts.length;
    const needed = n * this.shared.requestsPerText;
    if (max !== undefined && stats.requests + needed > max) {
      throw usageError('E_LLM_BUDGET', `${this.name}: ${needed} more request${needed === 1 ? '' : 's'} would pass ` +
        `--max-requests ${max} (${stats.requests} sent so far); nothing was sent for them`);
    }
    checkBatch(this.shared.tokens, this.name, this.options.prompt, prompts, texts);
    const concurrency = this.options.concurrency ?? HTTP_DEFAULTS.concurrency;
    const P = prompts.length;
    const out = await mapLimit(n, concurrency, (i, signal) => this.scoreOne(texts[Math.floor(i / P)], prompts[i % P], signal), life.signal);
    if (P === 1) return out;
    return texts.map((_, t) => averageOverPrompts(out.slice(t * P, (t + 1) * P), this.labels, this.target));
  }

  /** The share of the answer that was none of the labels, for a text scored by this classifier (mean over its prompts). */
  offLabelMass(text: string): number | undefined {
    const masses = this.prompts().map((p) => this.shared.offLabel.get(`${p}\u0000${text}`));
    if (masses.some((m) => m === undefined)) return undefined;
    return (masses as number[]).reduce((a, b) => a + b, 0) / masses.length;
  }

  requestStats(): RequestStats {
    return { ...this.shared.stats };
  }

  /** Tokens the run has spent so far (the servers' usage; estimates where a response reported none). */
  tokensSpent(): { spent: number; unreported: number } {
    return { spent: this.shared.tokens.spent, unreported: this.shared.tokens.unreported };
  }

  /** Warnings so far, plus a summary of off-label answers and labels outside the top k; drained by the caller. */
  takeWarnings(): string[] {
    const { shared } = this;
    const out = shared.warnings;
    shared.warnings = [];
    const masses = [...shared.offLabel.values()];
    const mostlyOff = masses.filter((m) => m > 0.5).length;
    if (mostlyOff > 0) out.push(`${this.name}: for ${mostlyOff} of ${masses.length} answers the model put more than half its answer ` +
      `on none of the labels; their scores are normalised over the labels' small share`);
    for (const [label, n] of shared.missing) out.push(`${this.name}: label ${label} was outside the top ${topK(this.decoding)} ` +
      `answers for ${n} texts; its probability there is taken as 0`);
    out.push(...completionWarnings(this.name, shared.completion));
    shared.missing.clear();
    shared.offLabel.clear();
    const usage = shared.tokens.unreportedWarning(this.name);
    if (usage) out.push(usage);
    return out;
  }

  dispose(): void {
    const { life } = this.shared;
    if (!life.signal.aborted) life.abort(new AuditError('E_DISPOSED', `${this.name}: classifier disposed`, { kind: 'internal' }));
  }

  /** What the request count of planRequests is per: a text, a verbalizer, or K answers in one (or K) requests. */
  private perText(P: number): string {
    const d = this.decoding;
    const each = `text${P === 1 ? '' : ' and prompt'}`;
    if ('echo' in d) return `one per ${each} and verbalizer: ${this.shared.requestsPerText} verbalizers through the Completions endpoint`;
    if (!('n' in d)) return `one per ${each}`;
    return this.shared.requestsPerText === 1 ? `one per ${each}, asking ${d.n} sampled answers` : `${d.n} per ${each}: the server ` +
      `answers one sampled answer per request`;
  }

  private async scoreOne(text: string, prompt: number, signal: AbortSignal): Promise<Prediction> {
    if ('n' in this.decoding) return this.scoreSampled(text, prompt, this.decoding, signal);
    if ('echo' in this.decoding) {
      const ctx: CompletionContext = { name: this.name, modelName: this.options.modelName, prompt: this.options.prompt,
        request: this.request, stats: this.shared.stats, notes: this.shared.completion, tokens: this.shared.tokens };
      const scores = await scoreByCompletions(ctx, text, prompt, signal);
      this.shared.offLabel.set(`${prompt}\u0000${text}`, scores.offLabel);
      return { ...toPrediction(scores.probs, this.labels, this.targetIndex), offLabel: scores.offLabel };
    }
    const body = chatBody(this.options.modelName, this.options.prompt, text, this.decoding, prompt);
    const answer = await this.metered(messageBytes(this.options.prompt, prompt, text), () => postJson(body, readChat, this.request,
      this.shared.stats, signal, 'a text'));
    if (answer.top === null) throw noLogprobs(this.name, this.options.modelName);
    this.warnSplit(answer.top);
    const scores = labelScores(answer.top, this.options.prompt.labels);
    if (scores === null) throw offLabelError(this.name, text, answer.top);
    this.shared.offLabel.set(`${prompt}\u0000${text}`, scores.offLabel);
    for (const label of scores.missing) this.shared.missing.set(label, (this.shared.missing.get(label) ?? 0) + 1);
    return { ...toPrediction(scores.probs, this.labels, this.targetIndex), offLabel: scores.offLabel };
  }

  /** A verbalizer the server splits into tokens is matched by no first token: say so once per verbalizer. */
  private warnSplit(top: TokenLogprob[]): void {
    for (const { verbalizer, token, p } of partialVerbalizers(top, this.options.prompt.labels)) {
      if (this.shared.splitWarned.has(verbalizer)) continue;
      this.shared.splitWarned.add(verbalizer);
      this.shared.warnings.push(`${this.name}: the answer token ${JSON.stringify(token)} (p = ${p.toFixed(3)}) starts the verbalizer ` +
        `${JSON.stringify(verbalizer)}, which this server seems to split into several tokens; Chat Completions scores the first token ` +
        `only, so put "endpoint: completions" in the prompt file`);
    }
  }

  /** One request under the token budget: its estimate reserved while in flight, then the server's usage counted. */
  private async metered<T extends { usage?: Usage }>(bytes: number, send: () => Promise<T>): Promise<T> {
    const { tokens } = this.shared;
    const reserved = reserveRequest(tokens, this.name, bytes);
    let answer: T;
    try {
      answer = await send();
    } finally {
      tokens.release(reserved);
    }
    tokens.record(bytes, answer.usage);
    return answer;
  }

  private async scoreSampled(text: string, prompt: number, decoding: SampledDecoding, signal: AbortSignal): Promise<Prediction> {
    const { modelName, prompt: file } = this.options;
    const bytes = messageBytes(file, prompt, text);
    const answers = await collectAnswers(decoding.n, async (k) => (await this.metered(bytes, () => postJson(sampledBody(modelName, file,
      text, decoding, k, prompt), readSampled, this.request, this.shared.stats, signal, 'a text'))).answers);
    const prediction = sampledPrediction(countAnswers(answers, file.labels), this.labels, this.targetIndex);
    if (prediction === null) throw offLabelSampledError(this.name, text, answers);
    this.shared.offLabel.set(`${prompt}\u0000${text}`, prediction.offLabel!);
    return prediction;
  }
}

/** The top k asked for (first-token log-probability scores; the other paths have none). */
function topK(d: Decoding | CompletionDecoding | SampledDecoding): number {
  return 'top_logprobs' in d ? d.top_logprobs : 0;
}

/** What every prompt's classifier shares; warns when the server names no model (the cache then keys on the name alone). */
function sharedState(base: string, stats: RequestStats, warnings: string[], first: { model?: string; systemFingerprint?: string },
  requestsPerText: number, tokens: TokenMeter): Shared {
  const shared: Shared = { stats, tokens, life: new AbortController(), offLabel: new Map(), missing: new Map(), warnings: [...warnings],
    completion: { answers: 0, straddled: 0 }, splitWarned: new Set(), requestsPerText };
  if (!first.model && !first.systemFingerprint) {
    shared.warnings.push(`${base}: the server reports no model or system fingerprint, so cached scores are keyed by the model name ` +
      `alone; turn the cache off when the weights behind the name may change`);
  }
  return shared;
}

/**
 * `--sample-answers K`: the first request asks K answers to the probe text; a server that answers with fewer ignores
 * `n` (each text then takes K requests, which the budget counts). No log-probabilities are asked for or needed.
 * Sampled answers are read as text, so multi-word verbalizers need no Completions path: the prompts must be chat ones.
 */
async function connectSampled(base: string, target: string, warnings: string[], request: RequestSettings, options: OpenAIOptions):
Promise<OpenAIClassifier> {
  const K = options.sampleAnswers!;
  if (!Number.isInteger(K) || K < 2 || K > MAX_SAMPLE_ANSWERS) throw usageError('E_LLM_OPTIONS', `--sample-answers ${K}: must be an ` +
    `integer from 2 to ${MAX_SAMPLE_ANSWERS}`);
  if (options.prompt.prompts.some((p) => p.user === undefined)) throw usageError('E_LLM_OPTIONS', `--sample-answers: the prompt file ` +
    `has a completion-style prompt; sampled answers are asked through Chat Completions, so give every prompt a user message`);
  const decoding = sampledDecoding(K, options.prompt);
  const stats: RequestStats = { requests: 0, retries: 0 };
  const first = await postJson(sampledBody(options.modelName, options.prompt, PROBE_TEXT, decoding, K), readSampled, request, stats,
    new AbortController().signal, 'the first request (1 text)');
  const honoursN = first.answers.length >= K;
  const tokens = new TokenMeter(options.maxTokensBudget, decoding.max_tokens * (honoursN ? K : 1));
  tokens.record(messageBytes(options.prompt, 0, PROBE_TEXT), first.usage);
  const shared = sharedState(base, stats, warnings, first, honoursN ? 1 : K, tokens);
  if (first.usage === undefined && tokens.budget !== undefined) shared.warnings.push(noUsageWarning(base));
  tokens.unreportedWarning(base);
  if (!honoursN) shared.warnings.push(`${base}: the server answered ${first.answers.length} of the ${K} answers asked for (it ignores ` +
    `"n"), so each text takes ${K} requests`);
  return OpenAIClassifier.sampledFrom(base, target, options, request, decoding,
    { model: first.model, systemFingerprint: first.systemFingerprint }, shared);
}

/**
 * One Chat Completions request (prompt `index` of the file): the system message (if any), the user message with the
 * text, one greedy token.
 */
export function chatBody(model: string, prompt: PromptFile, text: string, decoding: Decoding, index = 0): string {
  const p = prompt.prompts[index];
  const messages = [...(p.system ? [{ role: 'system', content: p.system }] : []), { role: 'user', content: fillSlot(p.user ?? '', text) }];
  const { max_tokens, temperature, top_logprobs } = decoding;
  return JSON.stringify({ model, messages, max_tokens, temperature, logprobs: true, top_logprobs });
}

/**
 * sha256 (hex) of the JSON text of {engine, endpoint, model_name, server_model, system_fingerprint, prompt_sha256,
 * decoding, labels}, plus the prompt's index for the classifier of one prompt of several: the cache keeps scores apart
 * when any of them changes. The API key is not in it.
 */
export function openaiFingerprint(
  endpoint: string, modelName: string, server: { model?: string; systemFingerprint?: string },
  promptSha256: string, decoding: Decoding | CompletionDecoding | SampledDecoding, labels: string[], prompt?: number,
): string {
  const identity = JSON.stringify({
    engine: 'openai', endpoint, model_name: modelName, server_model: server.model ?? null,
      system_fingerprint: server.systemFingerprint ?? null,
    prompt_sha256: promptSha256, decoding, labels, ...(prompt === undefined ? {} : { prompt }),
  });
  return createHash('sha256').update(identity, 'utf8').digest('hex');
}

/** A Chat Completions answer: the first token's top log-probabilities and the token usage (budget.ts). */
function readChat(json: unknown) {
  return { ...readChatLogprobs(json), usage: readUsage(json) };
}

/** A Chat Completions answer of sampled choices: their texts and the token usage. */
function readSampled(json: unknown) {
  return { ...readChatAnswers(json), usage: readUsage(json) };
}

function apiKey(options: OpenAIOptions): string | undefined {
  const env = options.env ?? process.env;
  const name = options.apiKeyEnv ?? 'OPENAI_API_KEY';
  const key = env[name]?.trim();
  if (options.apiKeyEnv !== undefined && !key) throw usageError('E_LLM_OPTIONS', `--api-key-env ${name}: that environment variable ` +
    `is not set`);
  return key || undefined;
}

function requestSettings(url: string, authorization: string | undefined, o: OpenAIOptions): RequestSettings {
  const d = HTTP_DEFAULTS;
  const int = (name: string, value: number, min: number) => {
    if (!Number.isInteger(value) || value < min) throw usageError('E_LLM_OPTIONS', `${name} ${value}: must be an integer >= ${min}`);
    return value;
  };
  if (o.maxRequests !== undefined) int('--max-requests', o.maxRequests, 1);
  int('concurrency', o.concurrency ?? d.concurrency, 1);
  return {
    url, authorization, userAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
    timeoutMs: int('timeoutMs', o.timeoutMs ?? d.timeoutMs, 1),
    maxRetries: int('maxRetries', o.maxRetries ?? d.maxRetries, 0),
    retryBaseMs: int('retryBaseMs', o.retryBaseMs ?? d.retryBaseMs, 0),
    maxDelayMs: int('maxDelayMs', o.maxDelayMs ?? d.maxDelayMs, 0),
    deadlineMs: int('deadlineMs', o.deadlineMs ?? d.deadlineMs, 1),
  };
}

function noLogprobs(base: string, model: string): AuditError {
  return inputError('E_LLM_NO_LOGPROBS', `${base}: the server returned no log-probabilities for ${JSON.stringify(model)} ` +
    `(logprobs/top_logprobs); scores need them. Ask for sampled answers instead with --sample-answers K (K answers per text; scores ` +
    `are then label frequencies with binomial noise)`);
}

function offLabelSampledError(base: string, text: string, answers: string[]): AuditError {
  const shown = [...new Set(answers)].slice(0, 5).map((a) => JSON.stringify(a.slice(0, 40))).join(', ');
  return inputError('E_LLM_OFF_LABEL', `${base}: for the text ${JSON.stringify(text.slice(0, 80))} none of the ${answers.length} ` +
    `sampled answers starts with a label's verbalizer (${shown}); reword the prompt or the verbalizers, or ask for more answers`);
}

function offLabelError(base: string, text: string, top: TokenLogprob[]): AuditError {
  const shown = top.slice(0, 5).map((t) => JSON.stringify(t.token)).join(', ');
  return inputError('E_LLM_OFF_LABEL', `${base}: for the text ${JSON.stringify(text.slice(0, 80))} none of the labels' verbalizers is ` +
    `among the top ${top.length} answers (${shown}, ...); reword the prompt or the verbalizers`);
}
