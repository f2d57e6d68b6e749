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
    top_logprobs?: number; logprobs?: boolean; temperature?: number; max_tokens?: number; n?: number;
  };
  headers: IncomingHttpHeaders;
}

export interface LlmServerOptions {
  /** Status codes answered to the first requests, in order (429 comes with Retry-After: 0). */
  failFirst?: number[];
  /** Answer without logprobs (a server that does not support them). */
  noLogprobs?: boolean;
  /** Return at most this many top_logprobs, whatever was asked (labels fall outside the top k). */
  capTopK?: number;
  /** Added to the " positive" logit (set it between runs: a server whose answers drift). */
  drift?: number;
  /** The model and system fingerprint the server reports. */
  model?: string;
  systemFingerprint?: string;
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

/** The text answer of each first token when sampling. */
export const ANSWERS: Record<string, string> = {
  ' positive': 'positive', 'Positive': '"Positive." It reads as praise.', ' negative': ' Negative', ' maybe': 'maybe',
  'I': 'I think it is positive',
};

/** The share of sampled answers that name no label, in closed form (" maybe" and "I"). */
export function analyticOffLabel(message: string): number {
  const probs = logSoftmax(tokenLogits(message)).map((t) => ({ token: t.token, p: Math.exp(t.logprob) }));
  return probs.filter((t) => t.token === ' maybe' || t.token === 'I').reduce((a, t) => a + t.p, 0);
}

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
      const call: LlmCall = { index: state.calls.length, body, headers: req.headers };
      state.calls.push(call);
      const answer = () => {
        inFlight -= 1;
        if (req.url !== '/v1/chat/completions') return send(404, { error: `no route ${req.url}` });
        const status = state.options.failFirst?.[call.index];
        if (status !== undefined) return send(status, { error: 'scripted failure' }, status === 429 ? { 'retry-after': '0' } : {});
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
        const first = { token: ranked[0].token, logprob: ranked[0].logprob, top_logprobs: ranked.slice(0, k) };
        const choice = { index: 0, message: { role: 'assistant', content: ranked[0].token }, finish_reason: 'length',
          logprobs: state.options.noLogprobs ? null : { content: [first] } };
        send(200, { id: `chatcmpl-${call.index}`, object: 'chat.completion', model: state.options.model ?? body.model,
          ...(state.options.systemFingerprint ? { system_fingerprint: state.options.systemFingerprint } : {}), choices: [choice] });
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
