/**
 * Sampled answers, for servers that return no log-probabilities (`--sample-answers K`): each text is asked for K
 * answers at temperature 1 (one request with `n: K`; a server that ignores `n` is asked again until K answers came),
 * each answer is mapped to a label by its text (answerLabel), and P(label) is the label's frequency among the answers
 * that named a label. At temperature 1 the answers are draws from the model's own distribution, so the frequency
 * estimates the same P(label) the log-probability path reads, with binomial noise of SE sqrt(p(1-p)/m) <= 0.5/sqrt(m).
 */
import { ResponseShapeError } from '../http/response.js';
import type { Prediction } from '../../types.js';
import { fillSlot, normaliseAnswer, type PromptFile } from './prompt.js';

/** The decoding settings of sampled answers: part of the fingerprint (no seed is sent: see sampledBody). */
export interface SampledDecoding {
  /** Answers per text (K). */
  n: number;
  /** Always 1: the answers are draws from the model's own distribution, the estimand the log-probability path reads. */
  temperature: 1;
  max_tokens: number;
}

/** Largest --sample-answers: beyond it the binomial SE (<= 0.5/sqrt(K)) shrinks too slowly to pay for the tokens. */
export const MAX_SAMPLE_ANSWERS = 1000;

/**
 * Room for the longest verbalizer: a token spells about 2 characters or more in the tokenizers LLMs use, plus two for
 * a leading space or quote; capped, since the answer is read from its first words only.
 */
export function sampledDecoding(answers: number, prompt: Pick<PromptFile, 'labels'>): SampledDecoding {
  const longest = Math.max(...prompt.labels.flatMap((l) => l.verbalizers.map((v) => v.trim().length)));
  return { n: answers, temperature: 1, max_tokens: Math.min(32, 2 + Math.ceil(longest / 2)) };
}

/**
 * One Chat Completions request asking for `n` answers (prompt `index` of the file). No `seed`: with one the fallback
 * of repeated requests (a server that ignores `n`) would draw the same answer K times.
 */
export function sampledBody(model: string, prompt: PromptFile, text: string, decoding: SampledDecoding, n: number, index = 0): string {
  const p = prompt.prompts[index];
  const messages = [...(p.system ? [{ role: 'system', content: p.system }] : []), { role: 'user', content: fillSlot(p.user ?? '', text) }];
  return JSON.stringify({ model, messages, max_tokens: decoding.max_tokens, temperature: decoding.temperature, n });
}

/** The answers' texts of a Chat Completions response (each choice's message content), checked and clipped. */
export function readChatAnswers(json: unknown): { answers: string[]; model?: string; systemFingerprint?: string } {
  const body = json as { model?: unknown; system_fingerprint?: unknown; choices?: unknown } | null;
  if (body === null || typeof body !== 'object' || !Array.isArray(body.choices) || body.choices.length === 0) {
    throw new ResponseShapeError('expected a Chat Completions body with a non-empty "choices" list', []);
  }
  const model = typeof body.model === 'string' ? body.model.slice(0, 200) : undefined;
  const systemFingerprint = typeof body.system_fingerprint === 'string' ? body.system_fingerprint.slice(0, 200) : undefined;
  const answers = body.choices.map((c, i) => {
    const content = (c as { message?: { content?: unknown } } | null)?.message?.content;
    // A null content (e.g. a refusal or a tool call) is an answer that names no label.
    if (content === null || content === undefined) return '';
    if (typeof content !== 'string') throw new ResponseShapeError(`choices[${i}].message.content: expected a string`, []);
    return content.slice(0, 200);
  });
  return { answers, model, systemFingerprint };
}

/** Quotes, markdown marks and brackets a model may put before its answer word. */
const LEADING_MARKS = /^[\s"'`*_([{]+/u;

/**
 * The label an answer names (its index), or null for an off-label answer. Compared as the log-probability path compares
 * tokens (trimmed, any case), after leading quotes and marks: the answer is a label's verbalizer, or starts with one
 * followed by something that is not a letter or digit ("Positive." and "positive, because" name POSITIVE; "positively"
 * and "I think positive" do not). The longest matching verbalizer wins, so "not good" beats "not".
 */
export function answerLabel(answer: string, labels: { verbalizers: string[] }[]): number | null {
  const said = normaliseAnswer(answer).replace(LEADING_MARKS, '');
  let best: { label: number; length: number } | null = null;
  labels.forEach((l, i) => {
    for (const v of l.verbalizers) {
      const word = normaliseAnswer(v);
      if (!said.startsWith(word)) continue;
      const next = said.charAt(word.length);
      if (next !== '' && /[\p{L}\p{N}]/u.test(next)) continue;
      if (best === null || word.length > best.length) best = { label: i, length: word.length };
    }
  });
  return best === null ? null : (best as { label: number }).label;
}

/** What a text's K answers said: how many answers, and how many named each label (label order); the rest were off-label. */
export interface AnswerCounts {
  n: number;
  counts: number[];
}

export function countAnswers(answers: string[], labels: { verbalizers: string[] }[]): AnswerCounts {
  const counts = labels.map(() => 0);
  for (const a of answers) {
    const i = answerLabel(a, labels);
    if (i !== null) counts[i] += 1;
  }
  return { n: answers.length, counts };
}

/**
 * The prediction of a text from its answers: P(label) = the label's share of the answers that named a label, the
 * off-label share kept, the counts kept (`answers`); null when no answer named a label (no score can be given).
 */
export function sampledPrediction(a: AnswerCounts, labels: string[], targetIndex: number): Prediction | null {
  const on = a.counts.reduce((x, y) => x + y, 0);
  if (on === 0) return null;
  const probs = a.counts.map((c) => c / on);
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[best]) best = i;
  return {
    label: labels[best], score: probs[targetIndex], probs,
    // Log-frequencies (floored: the cache stores JSON, which has no -Infinity), as the prompt average writes them.
    logits: probs.map((p) => Math.log(Math.max(p, Number.MIN_VALUE))),
    inputIds: [], offLabel: (a.n - on) / a.n, answers: { n: a.n, counts: [...a.counts] },
  };
}

/**
 * Asks until `want` answers came: one request for all of them, then (a server that ignores `n` answers one) more
 * requests for the rest. `ask(k)` sends one request for k answers; more answers than asked for are cut.
 */
export async function collectAnswers(want: number, ask: (k: number) => Promise<string[]>): Promise<string[]> {
  const answers: string[] = [];
  while (answers.length < want) answers.push(...(await ask(want - answers.length)).slice(0, want - answers.length));
  return answers;
}
