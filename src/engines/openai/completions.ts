/**
 * The Completions path: P(label) from the log-probability of each whole verbalizer, however many tokens it is.
 * For a text, a prompt and a verbalizer v the engine POSTs `/v1/completions` with the rendered prompt followed by v,
 * `echo: true, logprobs: 1, max_tokens: 1, temperature: 0`; the server returns every token of that text with its
 * `text_offset` and `token_logprobs`, and log P(v | prompt) is the sum over the tokens from the prompt's end to the
 * end of v (the one generated token after v is left out). P(label) = the sum over its verbalizers of exp(log P(v)),
 * normalised over the labels; the off-label mass is 1 - the labels' total, exact (not limited to a top k).
 *
 * Joining: v (trimmed) follows the prompt after one space, or directly when the prompt ends in whitespace. A chat
 * prompt (system, user) is rendered as plain text (PLAIN_TEMPLATE). A token that straddles the prompt's end (it
 * starts in the prompt and ends in v, as " negative" does after a prompt ending in a space) counts toward v: its
 * log-probability is conditioned on the text before its start, so P(v) is then P(the prompt's last characters and
 * v | the rest of the prompt). When every verbalizer straddles the same way that common factor cancels in the
 * normalised scores, but the off-label mass is overstated; the run warns how often it happened.
 *
 * Offsets are in Unicode code points (Python's str, which vLLM and the OpenAI API count in). When the echoed tokens
 * spell the text exactly, the offsets are taken from the tokens themselves (so a server counting bytes or UTF-16
 * units cannot shift the prompt's end); otherwise (byte tokens, a "<s>" token) `text_offset` is used as given. The
 * log-probability is that of the server's own tokenization of v, not of every token sequence that spells it.
 */
import { AuditError, inputError, isAuditError } from '../../errors.js';
import { ResponseShapeError } from '../http/response.js';
import { postJson, type RequestSettings, type RequestStats } from '../http/request.js';
import { readUsage, reserveRequest, type TokenMeter, type Usage } from './budget.js';
import { completionVerbalizers, fillSlot, promptId, type Prompt, type PromptFile } from './prompt.js';

export { completionVerbalizers };

/**
 * How a chat prompt reads on the Completions endpoint, which applies no chat template: the system message and a
 * blank line (left out without one), the user message, a blank line, "Answer:" (then the verbalizer after a space).
 */
export const PLAIN_TEMPLATE = '{system}\n\n{user}\n\nAnswer:';

/** The decoding settings of every Completions request, plus how the text is built: part of the fingerprint. */
export interface CompletionDecoding {
  endpoint: 'completions';
  temperature: 0;
  /** 1, not 0: vLLM refuses max_tokens 0 (vllm-project/vllm#9336); the generated token is left out of the sum. */
  max_tokens: 1;
  logprobs: 1;
  echo: true;
  /** PLAIN_TEMPLATE and the joining rule, versioned: changing either changes every score. */
  template: 'plain-1';
}

export const COMPLETION_DECODING: CompletionDecoding = {
  endpoint: 'completions', temperature: 0, max_tokens: 1, logprobs: 1, echo: true, template: 'plain-1',
};

/** The echoed tokens of one Completions answer. */
export interface EchoedTokens {
  tokens: string[];
  offsets: number[];
  /** null for the first token of the text (it has no context). */
  logprobs: (number | null)[];
  model?: string;
  systemFingerprint?: string;
}

/** What the run should hear about the Completions answers (drained by takeWarnings). */
export interface CompletionNotes {
  answers: number;
  straddled: number;
}

/** The prompt text for a text: the completion with the text in its slot, or the chat messages in PLAIN_TEMPLATE. */
export function completionPrompt(prompt: Prompt, text: string): string {
  if (prompt.completion !== undefined) return fillSlot(prompt.completion, text);
  const user = fillSlot(prompt.user ?? '', text);
  return prompt.system === undefined ? `${user}\n\nAnswer:` : `${prompt.system}\n\n${user}\n\nAnswer:`;
}

/** The rendered prompt followed by the verbalizer (trimmed): after one space, or directly after trailing whitespace. */
export function joinVerbalizer(rendered: string, verbalizer: string): string {
  return /\s$/u.test(rendered) ? `${rendered}${verbalizer.trim()}` : `${rendered} ${verbalizer.trim()}`;
}


/** Requests one text takes under one prompt on this path: one per verbalizer. */
export function requestsPerPrompt(labels: PromptFile['labels']): number {
  return completionVerbalizers(labels).reduce((a, vs) => a + vs.length, 0);
}

export function completionBody(model: string, text: string, d: CompletionDecoding = COMPLETION_DECODING): string {
  return JSON.stringify({ model, prompt: text, max_tokens: d.max_tokens, temperature: d.temperature, logprobs: d.logprobs, echo: d.echo });
}

/** The tokens, offsets and log-probabilities of a Completions answer, checked; null when it has none. */
export function readCompletionLogprobs(json: unknown): EchoedTokens | null {
  const body = json as { model?: unknown; system_fingerprint?: unknown; choices?: unknown } | null;
  if (body === null || typeof body !== 'object' || !Array.isArray(body.choices) || body.choices.length === 0) {
    throw new ResponseShapeError('expected a Completions body with a non-empty "choices" list', []);
  }
  const model = typeof body.model === 'string' ? body.model.slice(0, 200) : undefined;
  const systemFingerprint = typeof body.system_fingerprint === 'string' ? body.system_fingerprint.slice(0, 200) : undefined;
  const lp = (body.choices[0] as { logprobs?: unknown }).logprobs as { tokens?: unknown; text_offset?: unknown; token_logprobs?: unknown }
    | null | undefined;
  if (lp === null || typeof lp !== 'object') return null;
  const { tokens, text_offset: offsets, token_logprobs: logprobs } = lp;
  if (!Array.isArray(tokens) || !Array.isArray(offsets) || !Array.isArray(logprobs) || tokens.length === 0) return null;
  if (offsets.length !== tokens.length || logprobs.length !== tokens.length) {
    throw new ResponseShapeError(`logprobs: tokens, text_offset and token_logprobs differ in length (${tokens.length}, ` +
      `${offsets.length}, ${logprobs.length})`, []);
  }
  tokens.forEach((t, i) => {
    if (typeof t !== 'string') throw new ResponseShapeError(`logprobs.tokens[${i}]: expected a string`, []);
    const o = offsets[i] as unknown;
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || (i > 0 && o < (offsets[i - 1] as number))) {
      throw new ResponseShapeError(`logprobs.text_offset[${i}]: expected a whole number, not below the one before`, []);
    }
    const l = logprobs[i] as unknown;
    if (l !== null && (typeof l !== 'number' || !Number.isFinite(l) || l > 1e-9)) {
      throw new ResponseShapeError(`logprobs.token_logprobs[${i}]: expected a number <= 0 or null`, []);
    }
  });
  return { tokens: tokens as string[], offsets: offsets as number[], logprobs: (logprobs as (number | null)[]).map((l) => (l === null ?
    null : Math.min(0, l))), model, systemFingerprint };
}

/** Code-point offsets from the tokens when they spell `text` (and then perhaps the generated token); else null. */
export function spelledOffsets(tokens: string[], text: string): number[] | null {
  if (!tokens.join('').startsWith(text)) return null;
  const offsets: number[] = [];
  let at = 0;
  for (const t of tokens) {
    offsets.push(at);
    at += [...t].length;
  }
  return offsets;
}

/** log P(v | prompt) from the echoed tokens of prompt + v, or why it cannot be read. `promptEnd`, `end`: code points. */
export function verbalizerLogprob(
  echo: EchoedTokens, promptEnd: number, end: number,
): { logprob: number; tokens: string[]; straddled: boolean } | { problem: 'no-echo' | 'short' | 'null' } {
  const { tokens, offsets, logprobs } = echo;
  if (!offsets.some((o) => o < promptEnd)) return { problem: 'no-echo' };
  const until = (i: number) => (i + 1 < offsets.length ? offsets[i + 1] : offsets[i] + [...tokens[i]].length);
  const picked: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (offsets[i] < end && (offsets[i] >= promptEnd || until(i) > promptEnd)) picked.push(i);
  }
  if (picked.length === 0 || until(picked[picked.length - 1]) < end) return { problem: 'short' };
  let logprob = 0;
  for (const i of picked) {
    const l = logprobs[i];
    if (l === null) return { problem: 'null' };
    logprob += l;
  }
  return { logprob, tokens: picked.map((i) => tokens[i]), straddled: offsets[picked[0]] < promptEnd };
}

/**
 * P(label) from each verbalizer's log-probability (pure): exp-normalised with the largest subtracted, so verbalizers
 * far below e^-745 still compare; null when no verbalizer has any probability at all.
 */
export function completionScores(logprobs: number[][]): { probs: number[]; offLabel: number } | null {
  const top = Math.max(...logprobs.flat());
  if (!Number.isFinite(top)) return null;
  const rel = logprobs.map((vs) => vs.reduce((a, l) => a + Math.exp(l - top), 0));
  const sum = rel.reduce((a, b) => a + b, 0);
  const total = Math.exp(top) * sum;
  return { probs: rel.map((r) => r / sum), offLabel: Math.max(0, 1 - total) };
}

/** One verbalizer's token list that starts another's: their probabilities overlap, so the labels' masses double count. */
export function overlappingVerbalizers(tokenLists: { verbalizer: string; tokens: string[] }[]): [string, string] | null {
  for (const a of tokenLists) {
    for (const b of tokenLists) {
      if (a !== b && a.tokens.length < b.tokens.length && a.tokens.every((t, i) => t === b.tokens[i])) return [a.verbalizer, b.verbalizer];
    }
  }
  return null;
}

export interface CompletionContext {
  /** The base URL, for messages. */
  name: string;
  modelName: string;
  prompt: PromptFile;
  request: RequestSettings;
  stats: RequestStats;
  notes: CompletionNotes;
  /** The run's token meter (--max-tokens-budget): each request reserves its estimate and records the server's usage. */
  tokens?: TokenMeter;
}

/** One verbalizer after one rendered prompt: one request. */
async function askOne(ctx: CompletionContext, rendered: string, verbalizer: string, signal: AbortSignal, what: string) {
  const full = joinVerbalizer(rendered, verbalizer);
  const bytes = Buffer.byteLength(full, 'utf8');
  const reserved = ctx.tokens ? reserveRequest(ctx.tokens, ctx.name, bytes) : 0;
  let answer: { echo: EchoedTokens | null; usage: Usage | undefined };
  try {
    answer = await postJson(completionBody(ctx.modelName, full), readEcho, ctx.request, ctx.stats, signal, what);
  } finally {
    ctx.tokens?.release(reserved);
  }
  ctx.tokens?.record(bytes, answer.usage);
  const { echo, usage } = answer;
  if (echo === null) throw noEcho(ctx.name, ctx.modelName, 'it returned no log-probabilities');
  const read = verbalizerLogprob({ ...echo, offsets: spelledOffsets(echo.tokens, full) ?? echo.offsets }, [...rendered].length,
    [...full].length);
  if ('problem' in read) {
    const why = read.problem === 'no-echo' ? 'it did not echo the prompt (log-probabilities of the generated token only)'
      : read.problem === 'null' ? `it gave no log-probability for a token of the verbalizer ${JSON.stringify(verbalizer)}`
        : `its echoed tokens stop before the end of the verbalizer ${JSON.stringify(verbalizer)}`;
    throw noEcho(ctx.name, ctx.modelName, why);
  }
  return { ...read, model: echo.model, systemFingerprint: echo.systemFingerprint, usage };
}

function readEcho(json: unknown): { echo: EchoedTokens | null; usage: Usage | undefined } {
  return { echo: readCompletionLogprobs(json), usage: readUsage(json) };
}

/** Sent once by connect(): the server must echo the prompt with log-probabilities; it also says which model it runs. */
export async function firstCompletion(
  ctx: CompletionContext, text: string,
): Promise<{ model?: string; systemFingerprint?: string; usage?: Usage }> {
  const verbalizer = completionVerbalizers(ctx.prompt.labels)[0][0];
  try {
    const { model, systemFingerprint, usage } = await askOne(ctx, completionPrompt(ctx.prompt.prompts[0], text), verbalizer,
      new AbortController().signal, 'the first request (1 text)');
    return { model, systemFingerprint, usage };
  } catch (e) {
    // A server without the Completions endpoint, or one that refuses echo or logprobs there, answers 400/404/422/501.
    if (isAuditError(e) && e.code === 'E_HTTP_STATUS' && /HTTP (400|404|405|422|501)\b/.test(e.message)) {
      throw noEcho(ctx.name, ctx.modelName, `it refused the request (${e.message})`);
    }
    throw e;
  }
}

/** P(label) for one text under prompt `index`: one request per verbalizer, one after another. */
export async function scoreByCompletions(
  ctx: CompletionContext, text: string, index: number, signal: AbortSignal,
): Promise<{ probs: number[]; offLabel: number }> {
  const rendered = completionPrompt(ctx.prompt.prompts[index], text);
  const lists: { verbalizer: string; tokens: string[] }[] = [];
  const logprobs: number[][] = [];
  let straddled = false;
  for (const vs of completionVerbalizers(ctx.prompt.labels)) {
    const row: number[] = [];
    for (const v of vs) {
      const read = await askOne(ctx, rendered, v, signal, 'a text');
      row.push(read.logprob);
      lists.push({ verbalizer: v, tokens: read.tokens });
      straddled ||= read.straddled;
    }
    logprobs.push(row);
  }
  ctx.notes.answers += 1;
  if (straddled) ctx.notes.straddled += 1;
  const overlap = overlappingVerbalizers(lists);
  if (overlap) throw inputError('E_LLM_VERBALIZER_OVERLAP', `${ctx.name}: the verbalizer ${JSON.stringify(overlap[0])} is, in the ` +
    `server's tokens, the start of ${JSON.stringify(overlap[1])}, so its probability already includes the longer one's; drop one of them`);
  const scores = completionScores(logprobs);
  if (scores === null) throw inputError('E_LLM_OFF_LABEL', `${ctx.name}: for the text ${JSON.stringify(text.slice(0, 80))} every ` +
    `verbalizer has probability 0 under prompt ${promptId(ctx.prompt, index)}; reword the prompt or the verbalizers`);
  return scores;
}

/** Straddling tokens, once per run (drained). */
export function completionWarnings(name: string, notes: CompletionNotes): string[] {
  const out: string[] = [];
  if (notes.straddled > 0) out.push(`${name}: for ${notes.straddled} of ${notes.answers} answers a token spanned the prompt's end and ` +
    `the verbalizer (the prompt ends in whitespace the tokenizer joins to the next word); it counts toward the verbalizer, so the ` +
    `off-label mass there is overstated; end the prompt without trailing whitespace`);
  notes.answers = 0;
  notes.straddled = 0;
  return out;
}

export function noEcho(base: string, model: string, why: string): AuditError {
  return inputError('E_LLM_NO_ECHO', `${base}: the Completions endpoint cannot score the verbalizers of ${JSON.stringify(model)}: ` +
    `${why}. ` +
    'Multi-word verbalizers need /v1/completions with echo and logprobs (vLLM has them); use one-word verbalizers (Chat ' +
    'Completions) on this server');
}
