/**
 * The token budget of an LLM run (`--max-tokens-budget N`: prompt + completion tokens the run may spend) and the
 * estimator behind it. Pure apart from the meter's own counters.
 *
 * The estimator. A request's size is the UTF-8 bytes of its messages (system + user with the text). Once a response
 * reports `usage`, a request is estimated at ceil(r * max(bytes, b1)) + c, where r is the LARGEST prompt_tokens / bytes
 * of any response so far (the first request's included), b1 the bytes of the first request that reported usage (a
 * request is never estimated below it) and c the largest completion_tokens so far. The prompt tokens include the chat
 * template's own tokens, which the bytes do not, so r overstates what a byte of a longer text costs: the estimate is
 * an upper bound for texts in the script of the first request (a short English sentence), and close to one otherwise
 * (a script that packs fewer bytes into a token can pass it; the meter then counts what the server reports, and the
 * stops below still hold). A server that reports no usage gets a true upper bound for
 * byte-level tokenizers (every token covers at least one byte): one token per byte plus TEMPLATE_TOKENS a request
 * for the chat template, plus the completion tokens asked for; the meter then counts that bound as spent.
 *
 * The stops. Before scoring, the plan line refuses a run whose estimate would pass the budget (nothing is sent);
 * before each batch, the batch's estimate is checked against what is left (nothing of it is sent); and each request
 * reserves its estimate before it is sent, so the requests in flight never pass the budget unless the server
 * reports more than the estimate for them.
 */
import { usageError } from '../../errors.js';
import { completionVerbalizers, TEXT_SLOT, type PromptFile } from './prompt.js';

/** Chat-template tokens a request may add beyond its messages' text (role markers, turn ends): the fallback bound's margin. */
export const TEMPLATE_TOKENS = 16;

export interface Usage {
  prompt: number;
  completion: number;
}

/** `usage` of a Chat Completions (or Completions) body, checked; undefined when absent or not whole non-negative numbers. */
export function readUsage(json: unknown): Usage | undefined {
  const usage = (json as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } | null } | null)?.usage;
  if (usage === null || typeof usage !== 'object') return undefined;
  const { prompt_tokens: prompt, completion_tokens: completion } = usage;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 1e9;
  return ok(prompt) && ok(completion) ? { prompt, completion } : undefined;
}

/** The UTF-8 bytes of prompt `index`'s messages around the text: system message and user message without the slot. */
export function promptBytes(prompt: PromptFile, index: number): number {
  const p = prompt.prompts[index];
  const bytes = (t: string | undefined) => Buffer.byteLength(t ?? '', 'utf8');
  // A completion-style prompt is sent as it is; chat messages on the Completions path gain the plain template's few bytes,
  // which the server's reported tokens per byte absorb.
  return (p.completion !== undefined ? bytes(p.completion) : bytes(p.system) + bytes(p.user)) - bytes(TEXT_SLOT);
}

/** The UTF-8 bytes of the messages asking `text` under prompt `index`. */
export function messageBytes(prompt: PromptFile, index: number, text: string): number {
  return promptBytes(prompt, index) + Buffer.byteLength(text, 'utf8');
}

/** What the meter knows: the largest tokens per byte and completion tokens seen. */
export interface Rates {
  /** Largest prompt_tokens / bytes of a response; null until a response reports usage. */
  perByte: number | null;
  /** Largest completion_tokens of a response, and at least the completion tokens asked for (max_tokens). */
  completion: number;
  /** Bytes of the first request that reported usage: no request is estimated below it. */
  floorBytes: number;
}

/** The tokens one request of `bytes` message bytes is estimated to take (see the file's comment). */
export function requestEstimate(bytes: number, rates: Rates): number {
  const prompt = rates.perByte === null ? bytes + TEMPLATE_TOKENS : Math.ceil(rates.perByte * Math.max(bytes, rates.floorBytes));
  return prompt + rates.completion;
}

/** The estimate for asking each text under each of `prompts`. */
export function textsEstimate(prompt: PromptFile, prompts: number[], texts: string[], rates: Rates): number {
  let total = 0;
  // The Completions path asks once per verbalizer, the verbalizer after the prompt (and a space).
  const asks = prompt.endpoint === 'completions' ? completionVerbalizers(prompt.labels).flat().map((v) => Buffer.byteLength(v, 'utf8') + 1)
    : [0];
  for (const p of prompts) {
    const fixed = promptBytes(prompt, p);
    for (const text of texts) for (const extra of asks) total += requestEstimate(fixed + Buffer.byteLength(text, 'utf8') + extra, rates);
  }
  return total;
}

/** How the estimate is made, for the plan line. */
export function estimatorNote(rates: Rates): string {
  if (rates.perByte === null) {
    return `the server reports no token usage, so this is an upper bound: a token per UTF-8 byte of the messages plus ` +
      `${TEMPLATE_TOKENS + rates.completion} a request`;
  }
  return `estimated from the server's reported usage: ${rates.perByte.toFixed(3)} tokens per UTF-8 byte of the messages ` +
    `(the largest seen; no request below the first's ${rates.floorBytes} bytes) plus ${rates.completion} completion ` +
    `token${rates.completion === 1 ? '' : 's'} a request`;
}

/**
 * Tokens spent by one classifier (and its prompts' classifiers: one meter for the run), against an optional budget.
 * `spent` counts the reported usage of every answered request (the estimate where a response has none).
 */
export class TokenMeter {
  spent = 0;
  /** Estimates of the requests in flight. */
  reserved = 0;
  /** Responses without usage (counted at their estimate). */
  unreported = 0;
  /** `unreported` when last warned about. */
  private warned = 0;
  private rates: Rates;

  constructor(readonly budget: number | undefined, completionAsked: number) {
    if (budget !== undefined && (!Number.isInteger(budget) || budget < 1)) {
      throw usageError('E_LLM_OPTIONS', `--max-tokens-budget ${budget}: must be an integer >= 1`);
    }
    this.rates = { perByte: null, completion: completionAsked, floorBytes: 0 };
  }

  snapshot(): Rates {
    return { ...this.rates };
  }

  /** Counts one answered request of `bytes` message bytes (its estimate when the server reported no usage). */
  record(bytes: number, usage: Usage | undefined): void {
    if (usage === undefined) {
      this.unreported += 1;
      this.spent += requestEstimate(bytes, this.rates);
      return;
    }
    const perByte = usage.prompt / Math.max(1, bytes);
    this.rates = {
      perByte: this.rates.perByte === null ? perByte : Math.max(this.rates.perByte, perByte),
      completion: Math.max(this.rates.completion, usage.completion),
      floorBytes: this.rates.perByte === null ? bytes : this.rates.floorBytes,
    };
    this.spent += usage.prompt + usage.completion;
  }

  /** Whether `tokens` more (beyond what is spent and in flight) would pass the budget. */
  wouldPass(tokens: number): boolean {
    return this.budget !== undefined && this.spent + this.reserved + tokens > this.budget;
  }

  /** Reserves one request's estimate before it is sent; null (nothing reserved) when it would pass the budget. */
  reserve(bytes: number): number | null {
    const estimate = requestEstimate(bytes, this.rates);
    if (this.wouldPass(estimate)) return null;
    this.reserved += estimate;
    return estimate;
  }

  release(estimate: number): void {
    this.reserved -= estimate;
  }

  /** With a budget: a warning when answers since the last call reported no usage (counted at their estimate); else null. */
  unreportedWarning(name: string): string | null {
    const n = this.unreported - this.warned;
    this.warned = this.unreported;
    if (this.budget === undefined || n === 0) return null;
    return `${name}: ${n} answer${n === 1 ? '' : 's'} reported no token usage; --max-tokens-budget counted ${n === 1 ? 'its' : 'their'} ` +
      'estimate instead';
  }
}

/** What the plan line adds for `texts` under `prompts` (an E_LLM_BUDGET error when the estimate passes the budget). */
export function planTokens(meter: TokenMeter, prompt: PromptFile, prompts: number[], texts: string[], line: string): string {
  const rates = meter.snapshot();
  const tokens = textsEstimate(prompt, prompts, texts, rates);
  const said = `${line}; about ${tokens.toLocaleString('en-US')} tokens (${estimatorNote(rates)})`;
  if (meter.wouldPass(tokens)) {
    throw usageError('E_LLM_BUDGET', `${said}, which would pass --max-tokens-budget ${meter.budget} (${meter.spent} spent so far); ` +
      'nothing was sent for them');
  }
  return meter.budget === undefined ? said : `${said}; budget --max-tokens-budget ${meter.budget}, ${meter.spent} spent so far`;
}

/** Before a batch: an E_LLM_BUDGET error when its estimate would pass the budget (nothing of it is sent). */
export function checkBatch(meter: TokenMeter, name: string, prompt: PromptFile, prompts: number[], texts: string[]): void {
  if (meter.budget === undefined) return;
  const tokens = textsEstimate(prompt, prompts, texts, meter.snapshot());
  if (!meter.wouldPass(tokens)) return;
  const n = texts.length;
  throw usageError('E_LLM_BUDGET', `${name}: the next batch of ${n} text${n === 1 ? '' : 's'} would take about ${tokens} tokens, which ` +
    `would pass --max-tokens-budget ${meter.budget} (${meter.spent} spent so far); stopped before sending it. ${RESUME}`);
}

/** Before one request: its reserved estimate, or an E_LLM_BUDGET error when it would pass the budget. */
export function reserveRequest(meter: TokenMeter, name: string, bytes: number): number {
  const reserved = meter.reserve(bytes);
  if (reserved !== null) return reserved;
  throw usageError('E_LLM_BUDGET', `${name}: the next request would pass --max-tokens-budget ${meter.budget} (${meter.spent} spent, ` +
    `${meter.reserved} reserved by requests in flight; the batch's estimate was short); stopped within the batch, whose answers ` +
    `are not kept. ${RESUME}`);
}

const RESUME = 'The texts scored before it are in the score cache (unless --no-cache): rerun with a larger budget to go on from there';

/** The warning when a budget is set and the server reports no usage. */
export function noUsageWarning(name: string): string {
  return `${name}: the server reports no token usage, so --max-tokens-budget counts an upper bound for each request (a token per ` +
    `UTF-8 byte of its messages plus ${TEMPLATE_TOKENS} for the chat template, plus the completion tokens asked for)`;
}
