/**
 * A local OpenAI-compatible server (127.0.0.1, a free port) over a small hand-written model, so the LLM engine is
 * tested offline against probabilities known in closed form. The model reads the user message and puts logits on
 * five first answer tokens:
 *
 *   " positive": s      "Positive": s - 2      " negative": -s      " maybe": -1      "I": -3
 *
 * with s = (count of "a" - count of "e" in the message) / 4. A message holding "OFFLABEL" answers " maybe" almost
 * surely (its logit is 30). So P(POSITIVE) over the labels is (e^s + e^(s-2)) / (e^s + e^(s-2) + e^-s) when all are in
 * the top k (`analyticPositive`).
 *
 * Every chat answer reports `usage`: prompt_tokens from a word tokenizer (`promptTokens`: runs of letters or digits and
 * single other characters, plus 4 a message and 2 for the reply's header), completion_tokens 1.
 *
 * `/v1/completions` (echo with `text_offset` and `token_logprobs`) runs a second hand-written model over a tokenizer
 * that splits before each run of whitespace (" very", " negative"). A token right after one ending in ":" is a first
 * answer token, with logits
 *
 *   " very": 0.5    " positive": s    " negative": -s    " not": -1    " maybe": -1 (30 with "OFFLABEL")    " I": -3
 *
 * and the token after such a " very" has logits " positive": s, " negative": -s, " good": -2 (after " not": " toxic": s,
 * " sure": 0); s is `strength` of the text before the first answer token. Any other answer token has log-probability
 * -30, every prompt token -2. `analyticCompletion` gives the labels' probabilities in closed form.
 *
 * Asked with temperature > 0 it samples: `n` answers (1 with `ignoreN`), each token drawn from softmax(logits / T) by
 * an RNG seeded from the server's seed, the message and how often that message was asked, so answers do not depend on
 * the order concurrent requests arrive in. Each token comes back as a text answer (ANSWERS): two name POSITIVE, one
 * NEGATIVE, two none ("I think it is positive" names no label: only the first word counts). At T = 1 the share of
 * POSITIVE among the on-label answers converges to `analyticPositive`, the off-label share to `analyticOffLabel`.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stream } from '../../../src/stats/probe/streams.js';
import type { Rng } from '../../../src/stats/random.js';

export interface LlmCall {
  index: number;
  body: {
    model: string; messages: { role: string; content: string }[];
    top_logprobs?: number; logprobs?: boolean | number; temperature?: number; max_tokens?: number; n?: number;
    /** Completions requests. */
    prompt?: string; echo?: boolean;
  };
  url?: string;
  headers: IncomingHttpHeaders;
}

export interface LlmServerOptions {
  /** Status codes answered to the first requests, in order (0 or undefined: answer; 429 comes with Retry-After: 0, or `retryAfter`). */
  failFirst?: (number | undefined)[];
  /** The Retry-After header of a scripted 429 (default "0"). */
  retryAfter?: string;
  /** Answer without logprobs (a server that does not support them). */
  noLogprobs?: boolean;
  /** Return at most this many top_logprobs, whatever was asked (labels fall outside the top k). */
  capTopK?: number;
  /** Added to the " positive" logit (set it between runs: a server whose answers drift). */
  drift?: number;
  /** Answer without `usage` (a server that does not report token counts). */
  noUsage?: boolean;
  /** Tokens added to prompt_tokens from this call index on (a server whose counts outgrow the client's estimate). */
  extraTokensFrom?: { index: number; tokens: number };
  /** logprobs.content without top_logprobs (a server that ignores top_logprobs). */
  noTopLogprobs?: boolean;
  /** Pads each answer with this many bytes (a server whose answer is too large to read). */
  padBytes?: number;
  /** The model and system fingerprint the server reports. */
  model?: string;
  systemFingerprint?: string;
  /** /v1/completions ignores echo: log-probabilities of the generated token only (llama.cpp's server, ggml-org/llama.cpp#27174). */
  noEcho?: boolean;
  /** No /v1/completions at all (404). */
  noCompletions?: boolean;
  /** Sampling: answer one choice whatever `n` asks (a server that ignores n). */
  ignoreN?: boolean;
  /** Sampling: the seed of the answers (default 1). */
  seed?: number;
}

export interface LlmServer {
  url: string;
  calls: LlmCall[];
  maxInFlight: number;
  options: LlmServerOptions;
  close(): Promise<void>;
}

export function strength(message: string): number {
  const count = (ch: string) => message.split(ch).length - 1;
  return (count('a') - count('e')) / 4;
}

export function tokenLogits(message: string, drift = 0): [string, number][] {
  const s = strength(message);
  const off = message.includes('OFFLABEL') ? 30 : -1;
  return [[' positive', s + drift], ['Positive', s - 2], [' negative', -s], [' maybe', off], ['I', -3]];
}

export function logSoftmax(entries: [string, number][]): { token: string; logprob: number }[] {
  const max = Math.max(...entries.map(([, z]) => z));
  const lse = max + Math.log(entries.reduce((a, [, z]) => a + Math.exp(z - max), 0));
  return entries.map(([token, z]) => ({ token, logprob: z - lse })).sort((a, b) => b.logprob - a.logprob);
}

/** The prompt_tokens the server reports for these messages (see the file's comment). */
export function promptTokens(messages: { content: string }[]): number {
  return messages.reduce((n, m) => n + (m.content.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}\s]/gu)?.length ?? 0) + 4, 2);
}

/** The text answer of each first token when sampling. */
export const ANSWERS: Record<string, string> = {
  ' positive': 'positive', 'Positive': '"Positive." It reads as praise.', ' negative': ' Negative', ' maybe': 'maybe',
  'I': 'I think it is positive',
};

/** `n` sampled answers at temperature T: tokens drawn from softmax(logits / T), returned as their text answers. */
export function sampleAnswers(message: string, n: number, T: number, rng: Rng, drift = 0): string[] {
  const entries = tokenLogits(message, drift).map(([token, z]): [string, number] => [token, z / T]);
  const ranked = logSoftmax(entries).map((t) => ({ token: t.token, p: Math.exp(t.logprob) }));
  return Array.from({ length: n }, () => {
    let u = rng.next();
    for (const t of ranked) {
      u -= t.p;
      if (u < 0) return ANSWERS[t.token];
    }
    return ANSWERS[ranked[ranked.length - 1].token];
  });
}

/** P(POSITIVE) normalised over the labels, in closed form, for the user message built from `text`. */
export function analyticPositive(message: string): number {
  const s = strength(message);
  return (Math.exp(s) + Math.exp(s - 2)) / (Math.exp(s) + Math.exp(s - 2) + Math.exp(-s));
}

/**
 * The share of the answer on none of the labels (all five tokens are in the top 20), in closed form: also the share of
 * sampled answers at temperature 1 that name no label (" maybe" and "I").
 */
export function analyticOffLabel(message: string): number {
  const labels = new Set([' positive', 'Positive', ' negative']);
  return 1 - logSoftmax(tokenLogits(message)).filter((t) => labels.has(t.token)).reduce((a, t) => a + Math.exp(t.logprob), 0);
}

/** Splits before each run of whitespace: "Sentiment: very negative" -> "Sentiment:", " very", " negative". */
export function tokenize(text: string): { token: string; offset: number }[] {
  const out: { token: string; offset: number }[] = [];
  let offset = 0;
  for (const token of text.match(/\s*\S+/gu) ?? []) {
    out.push({ token, offset });
    offset += [...token].length;
  }
  return out;
}

const FIRST = (s: number, off: number): [string, number][] => [[' very', 0.5], [' positive', s], [' negative', -s], [' not', -1],
  [' maybe', off], [' I', -3]];
const AFTER: Record<string, (s: number) => [string, number][]> = {
  ' very': (s) => [[' positive', s], [' negative', -s], [' good', -2]],
  ' not': (s) => [[' toxic', s], [' sure', 0]],
};

/** The completion model's token_logprobs for `text` (null for the first token), per the header. */
export function completionLogprobs(text: string): { token: string; offset: number; logprob: number | null }[] {
  const tokens = tokenize(text);
  let answerStart = -1;
  return tokens.map(({ token, offset }, i) => {
    if (i === 0) return { token, offset, logprob: null };
    const prev = tokens[i - 1].token;
    let dist: [string, number][] | undefined;
    if (prev.endsWith(':')) {
      answerStart = offset;
      const before = [...text].slice(0, offset).join('');
      dist = FIRST(strength(before), before.includes('OFFLABEL') ? 30 : -1);
    } else if (i >= 2 && tokens[i - 2].token.endsWith(':') && AFTER[prev]) {
      dist = AFTER[prev](strength([...text].slice(0, answerStart).join('')));
    }
    if (!dist) return { token, offset, logprob: -2 };
    return { token, offset, logprob: logSoftmax(dist).find((t) => t.token === token)?.logprob ?? -30 };
  });
}

/**
 * P(label) in closed form for the labels NEGATIVE: [negative, very negative], POSITIVE: [positive, very positive]
 * after `prompt` (which must end in ":"), normalised over the labels, and the off-label mass.
 */
export function analyticCompletion(prompt: string): { positive: number; negative: number; offLabel: number } {
  const s = strength(prompt);
  const z1 = Math.exp(0.5) + Math.exp(s) + Math.exp(-s) + Math.exp(-1) + Math.exp(prompt.includes('OFFLABEL') ? 30 : -1) + Math.exp(-3);
  const z2 = Math.exp(s) + Math.exp(-s) + Math.exp(-2);
  const pos = Math.exp(s) / z1 + (Math.exp(0.5) / z1) * (Math.exp(s) / z2);
  const neg = Math.exp(-s) / z1 + (Math.exp(0.5) / z1) * (Math.exp(-s) / z2);
  return { positive: pos / (pos + neg), negative: neg / (pos + neg), offLabel: 1 - pos - neg };
}

export async function startLlmServer(options: LlmServerOptions = {}): Promise<LlmServer> {
  let inFlight = 0;
  const asked = new Map<string, number>();
  const state: LlmServer = { url: '', calls: [], maxInFlight: 0, options, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LlmCall['body'];
      const call: LlmCall = { index: state.calls.length, body, headers: req.headers, url: req.url };
      state.calls.push(call);
      const answer = () => {
        inFlight -= 1;
        const completions = req.url === '/v1/completions' && !state.options.noCompletions;
        if (req.url !== '/v1/chat/completions' && !completions) return send(404, { error: `no route ${req.url}` });
        const status = state.options.failFirst?.[call.index];
        const wait = { 'retry-after': state.options.retryAfter ?? '0' };
        if (status !== undefined && status !== 0) return send(status, { error: 'scripted failure' }, status === 429 ? wait : {});
        if (completions) return send(200, completionAnswer(call, state.options));
        const message = body.messages.find((m) => m.role === 'user')?.content ?? '';
        if ((body.temperature ?? 0) > 0) {
          const nth = asked.get(message) ?? 0;
          asked.set(message, nth + 1);
          const rng = stream(state.options.seed ?? 1, `${nth}|${message}`);
          const n = state.options.ignoreN ? 1 : body.n ?? 1;
          const choices = sampleAnswers(message, n, body.temperature!, rng, state.options.drift).map((content, index) => ({
            index, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }));
          return send(200, { id: `chatcmpl-${call.index}`, object: 'chat.completion', model: state.options.model ?? body.model, choices });
        }
        const ranked = logSoftmax(tokenLogits(message, state.options.drift));
        const k = Math.min(body.top_logprobs ?? 0, state.options.capTopK ?? Infinity);
        const o = state.options;
        const top = o.noTopLogprobs ? {} : { top_logprobs: ranked.slice(0, k) };
        const first = { token: ranked[0].token, logprob: ranked[0].logprob, ...top };
        const choice = { index: 0, message: { role: 'assistant', content: ranked[0].token }, finish_reason: 'length',
          logprobs: o.noLogprobs ? null : { content: [first] } };
        const extra = o.extraTokensFrom && call.index >= o.extraTokensFrom.index ? o.extraTokensFrom.tokens : 0;
        const prompt_tokens = promptTokens(body.messages) + extra;
        send(200, { id: `chatcmpl-${call.index}`, object: 'chat.completion', model: o.model ?? body.model,
          ...(o.systemFingerprint ? { system_fingerprint: o.systemFingerprint } : {}), choices: [choice],
          ...(o.noUsage ? {} : { usage: { prompt_tokens, completion_tokens: 1, total_tokens: prompt_tokens + 1 } }),
          ...(o.padBytes ? { padding: 'x'.repeat(o.padBytes) } : {}) });
      };
      // A short wait, so that concurrent requests overlap.
      setTimeout(answer, 5);
    });
    function send(status: number, json: unknown, headers: Record<string, string> = {}): void {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}

/** A Completions answer: the text echoed with its tokens' log-probabilities, then one generated token "." (p = e^-0.5). */
function completionAnswer(call: LlmCall, options: LlmServerOptions): unknown {
  const text = call.body.prompt ?? '';
  const generated = (call.body.max_tokens ?? 16) > 0 ? [{ token: '.', offset: [...text].length, logprob: -0.5 }] : [];
  const echoed = call.body.echo && !options.noEcho ? completionLogprobs(text) : [];
  const all = [...echoed, ...generated];
  const logprobs = call.body.logprobs ? { tokens: all.map((t) => t.token), text_offset: all.map((t) => t.offset),
    token_logprobs: all.map((t) => t.logprob), top_logprobs: null } : null;
  return { id: `cmpl-${call.index}`, object: 'text_completion', model: options.model ?? call.body.model,
    ...(options.systemFingerprint ? { system_fingerprint: options.systemFingerprint } : {}),
    choices: [{ index: 0, text: `${call.body.echo ? text : ''}${generated.map((t) => t.token).join('')}`, logprobs, finish_reason: 'length' }] };
}
