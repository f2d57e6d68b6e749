/**
 * P(label) from the first answer token's log-probabilities (pure). Each label's mass is the sum of the probabilities
 * of the top-k tokens that spell one of its verbalizers (trimmed, any case: " Positive" and "positive" are both the
 * answer "positive"); the labels' masses are normalised to sum to 1, and what the top k put elsewhere is the
 * off-label mass (the share of the model's answer that is none of the labels).
 */
import { ResponseShapeError } from '../http/response.js';
import { normaliseAnswer } from './prompt.js';

export interface TokenLogprob {
  token: string;
  logprob: number;
}

export interface LabelScores {
  /** Normalised over the labels, in label order. */
  probs: number[];
  /** 1 - the labels' total mass: what the model put on other answers. */
  offLabel: number;
  /** Labels none of whose verbalizers were among the top k (their mass is taken as 0; it is below the k-th token's). */
  missing: string[];
}

export function labelScores(top: TokenLogprob[], labels: { name: string; verbalizers: string[] }[]): LabelScores | null {
  const owner = new Map<string, number>();
  labels.forEach((l, i) => l.verbalizers.forEach((v) => owner.set(normaliseAnswer(v), i)));
  const mass = labels.map(() => 0);
  const seen = labels.map(() => false);
  for (const { token, logprob } of top) {
    const i = owner.get(normaliseAnswer(token));
    if (i === undefined) continue;
    mass[i] += Math.exp(logprob);
    seen[i] = true;
  }
  const total = mass.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const missing = labels.filter((_, i) => !seen[i]).map((l) => l.name);
  return { probs: mass.map((m) => m / total), offLabel: Math.max(0, 1 - total), missing };
}

/** The first answer token's top log-probabilities from a Chat Completions response, checked; null when there are none. */
export function readChatLogprobs(json: unknown): { top: TokenLogprob[] | null; model?: string; systemFingerprint?: string } {
  const body = json as { model?: unknown; system_fingerprint?: unknown; choices?: unknown } | null;
  if (body === null || typeof body !== 'object' || !Array.isArray(body.choices) || body.choices.length === 0) {
    throw new ResponseShapeError('expected a Chat Completions body with a non-empty "choices" list', []);
  }
  const model = typeof body.model === 'string' ? body.model.slice(0, 200) : undefined;
  const systemFingerprint = typeof body.system_fingerprint === 'string' ? body.system_fingerprint.slice(0, 200) : undefined;
  const first = (body.choices[0] as { logprobs?: { content?: unknown } | null }).logprobs?.content;
  if (!Array.isArray(first) || first.length === 0) return { top: null, model, systemFingerprint };
  const tops = (first[0] as { top_logprobs?: unknown }).top_logprobs;
  if (!Array.isArray(tops) || tops.length === 0) return { top: null, model, systemFingerprint };
  const top = tops.map((t, i) => {
    const { token, logprob } = (t ?? {}) as { token?: unknown; logprob?: unknown };
    if (typeof token !== 'string' || typeof logprob !== 'number' || !Number.isFinite(logprob) || logprob > 1e-9) {
      throw new ResponseShapeError(`top_logprobs[${i}]: expected {token: string, logprob: number <= 0}`, []);
    }
    return { token, logprob: Math.min(0, logprob) };
  });
  return { top, model, systemFingerprint };
}

/** Below this probability a first token that starts a verbalizer is noise, not a sign that the verbalizer is split. */
const SPLIT_HINT_P = 0.01;

/**
 * Verbalizers that some top answer token starts without being one (" tox" before "toxic"): the server splits them
 * into several tokens, which the first-token path cannot see whole. Pure; one entry per verbalizer, the likeliest token.
 */
export function partialVerbalizers(top: TokenLogprob[], labels: { name: string; verbalizers: string[] }[]): { verbalizer: string;
  token: string; p: number }[] {
  const whole = new Set(labels.flatMap((l) => l.verbalizers.map(normaliseAnswer)));
  const out = new Map<string, { verbalizer: string; token: string; p: number }>();
  for (const { token, logprob } of top) {
    const t = normaliseAnswer(token);
    const p = Math.exp(logprob);
    if (t === '' || whole.has(t) || p < SPLIT_HINT_P) continue;
    for (const v of whole) if (v.startsWith(t) && (out.get(v)?.p ?? 0) < p) out.set(v, { verbalizer: v, token, p });
  }
  return [...out.values()];
}
