/**
 * The prompt file of an LLM classifier (`--prompt FILE`), text -> PromptFile (pure) and loadPromptFile (the I/O).
 * Validated like probe files: every problem at once, one line each, `<file>:<line>: <dot.path>: <problem>`.
 *
 *   prompts:
 *     - system: You label the sentiment of a sentence.
 *       user: "Sentence: {text}\nAnswer positive or negative."
 *   labels:
 *     POSITIVE: [positive]
 *     NEGATIVE: [negative]
 *
 * A prompt may instead be one completion-style text (`completion: "Review: {text}\nSentiment:"`), and
 * `endpoint: chat | completions` may pin the API; absent, `chooseEndpoint` decides (completions.ts scores that path).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { limit, LIMITS } from '../../config/limits.js';
import { inputError } from '../../errors.js';
import type { Problem } from '../../util/problems.js';
import { readTextFile, TextFileError } from '../../util/read-text.js';
import { parseYamlFile } from '../../util/yaml-file.js';

export const TEXT_SLOT = '{text}';

export interface Prompt {
  /** A short name for reports (`id:` in the file); absent: p1, p2, ... in file order (promptId). */
  id?: string;
  system?: string;
  /** The user message (a chat prompt); exactly one of `user` and `completion` is set. */
  user?: string;
  /** The whole prompt as one text (a completion-style prompt, Completions endpoint only). */
  completion?: string;
}

/** Which API scores the file: Chat Completions (first answer token) or Completions (echo, every verbalizer token). */
export type EndpointName = 'chat' | 'completions';

export interface PromptFile {
  prompts: Prompt[];
  /** Labels in file order, each with the answers (first tokens) that mean it. */
  labels: { name: string; verbalizers: string[] }[];
  /** sha256 (hex) of the file's bytes: part of the classifier's fingerprint. */
  sha256: string;
  /** The API that scores it and why (`endpoint:` in the file, else chooseEndpoint). */
  endpoint: EndpointName;
  endpointReason: string;
}

const nonEmpty = z.string().refine((s) => s.trim() !== '', 'must not be empty');
const withSlot = nonEmpty.refine((s) => s.split(TEXT_SLOT).length === 2, `must hold the slot ${TEXT_SLOT} exactly once`);
const schema = z.strictObject({
  endpoint: z.enum(['chat', 'completions']).optional(),
  prompts: z.array(z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'must be 1 to 40 letters, digits, "_", "." or "-"').optional(),
    system: nonEmpty.optional(),
    user: withSlot.optional(),
    completion: withSlot.optional(),
  })).min(1, 'needs at least one prompt'),
  labels: z.record(z.string(), z.array(nonEmpty).min(1, 'needs at least one verbalizer'))
    .refine((l) => Object.keys(l).length >= 2, 'needs at least two labels'),
});

export function parsePromptFile(text: string, file = '<prompt>'): PromptFile {
  const notMapping = 'expected a mapping with "prompts" and "labels"';
  const { data, fail } = parseYamlFile(text, file, schema, { code: 'E_PROMPT_INVALID', what: 'prompt file', empty: notMapping, notMapping,
    allowedAt: (path) => (path.length === 0 ? ['endpoint', 'prompts', 'labels'] : path[0] === 'prompts' ? ['id', 'system', 'user',
      'completion'] : []) });
  const { prompts, labels } = data;
  const chosen = chooseEndpoint(prompts, labels, data.endpoint);
  const problems = [...promptShapes(prompts), ...verbalizerClashes(labels), ...idClashes(prompts), ...chosen.problems,
    ...(chosen.endpoint === 'completions' ? verbalizerPrefixes(labels) : [])];
  if (problems.length > 0) fail(problems);
  return {
    prompts,
    labels: Object.entries(labels).map(([name, verbalizers]) => ({ name, verbalizers })),
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    endpoint: chosen.endpoint,
    endpointReason: chosen.reason,
  };
}

/**
 * The API a prompt file is scored through. `endpoint:` in the file decides when given; otherwise Completions when a
 * prompt is completion-style or a verbalizer has several words (Chat Completions scores the first answer token
 * only, and a word is at least one token), else Chat Completions. A verbalizer that is one word but several tokens
 * cannot be seen here (no tokenizer on this side): the chat path warns when the answer tokens show it (completions.ts).
 */
export function chooseEndpoint(
  prompts: Prompt[], labels: Record<string, string[]>, pinned?: EndpointName,
): { endpoint: EndpointName; reason: string; problems: Problem[] } {
  const completionAt = prompts.findIndex((p) => p.completion !== undefined);
  const multiWord = Object.entries(labels).flatMap(([name, vs]) => vs.map((v, i) => ({ name, v, i }))).find(({ v }) => isMultiWord(v));
  if (pinned === 'chat') {
    const problems: Problem[] = [];
    if (completionAt >= 0) problems.push({ path: ['prompts', completionAt, 'completion'], message: 'a completion-style prompt needs ' +
      'endpoint: completions (Chat Completions takes messages)' });
    if (multiWord) problems.push({ path: ['labels', multiWord.name, multiWord.i], message: `${JSON.stringify(multiWord.v)} has several ` +
      'words, but endpoint: chat scores the first answer token only; use endpoint: completions (or leave endpoint out)' });
    return { endpoint: 'chat', reason: 'the prompt file asks for it (endpoint: chat)', problems };
  }
  if (pinned === 'completions') {
    return { endpoint: 'completions', reason: 'the prompt file asks for it (endpoint: completions)', problems: [] };
  }
  if (completionAt >= 0) return { endpoint: 'completions', reason: `prompt ${promptId({ prompts }, completionAt)} is completion-style`,
    problems: [] };
  if (multiWord) return { endpoint: 'completions', reason: `the verbalizer ${JSON.stringify(multiWord.v)} (${multiWord.name}) has ` +
    'several words', problems: [] };
  return { endpoint: 'chat', reason: 'every verbalizer is one word', problems: [] };
}

function isMultiWord(verbalizer: string): boolean {
  return /\s/.test(verbalizer.trim());
}

/** A prompt is either chat messages (`user`, optional `system`) or one completion text (`completion`). */
function promptShapes(prompts: Prompt[]): Problem[] {
  return prompts.flatMap((p, i): Problem[] => {
    if (p.completion !== undefined && p.user !== undefined) return [{ path: ['prompts', i, 'completion'], message: 'give either user ' +
      '(with an optional system) or completion, not both' }];
    if (p.completion !== undefined && p.system !== undefined) return [{ path: ['prompts', i, 'system'], message: 'a completion-style ' +
      'prompt has no system message; put it in the completion text' }];
    if (p.completion === undefined && p.user === undefined) return [{ path: ['prompts', i], message: 'needs user (a chat prompt) or ' +
      'completion (one prompt text)' }];
    return [];
  });
}

/**
 * On the Completions path a verbalizer's probability covers every continuation that starts with it, so one that
 * starts another ("toxic" and "toxic content") would count the longer one twice; the scorer also checks the tokens.
 */
function verbalizerPrefixes(labels: Record<string, string[]>): Problem[] {
  const all = Object.entries(labels).flatMap(([name, vs]) => vs.map((v, i) => ({ name, v: v.trim(), i })));
  const problems: Problem[] = [];
  for (const a of all) {
    const b = all.find((x) => x !== a && x.v !== a.v && x.v.startsWith(`${a.v} `));
    if (b) problems.push({ path: ['labels', b.name, b.i], message: `${JSON.stringify(b.v)} starts with the verbalizer ` +
      `${JSON.stringify(a.v)} (${a.name}): on the Completions path the shorter one's probability already includes the longer one's` });
  }
  return problems;
}

/** The name of prompt `i` in records and reports: its `id:`, else p1, p2, ... in file order. */
export function promptId(file: Pick<PromptFile, 'prompts'>, i: number): string {
  return file.prompts[i].id ?? `p${i + 1}`;
}

/** Prompt names key the per-prompt scores: two prompts must not share one. */
function idClashes(prompts: Prompt[]): Problem[] {
  const seen = new Set<string>();
  return prompts.flatMap((_, i): Problem[] => {
    const id = promptId({ prompts }, i);
    if (seen.has(id)) return [{ path: ['prompts', i], message: `the prompt name ${JSON.stringify(id)} is used twice` }];
    seen.add(id);
    return [];
  });
}

/** Answers are matched without case or surrounding spaces, so one answer must not mean two labels. */
function verbalizerClashes(labels: Record<string, string[]>): Problem[] {
  const owner = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [name, verbalizers] of Object.entries(labels)) {
    verbalizers.forEach((v, i) => {
      const key = normaliseAnswer(v);
      const other = owner.get(key);
      if (other !== undefined && other !== name) problems.push({ path: ['labels', name, i], message: `${JSON.stringify(v)} also ` +
        `means ${other}` });
      owner.set(key, name);
    });
  }
  return problems;
}

/** How an answer token and a verbalizer are compared: trimmed, lower case. */
export function normaliseAnswer(token: string): string {
  return token.trim().toLowerCase();
}

export function loadPromptFile(path: string): PromptFile {
  if (!existsSync(path)) throw inputError('E_PROMPT_MISSING', `${path}: no such prompt file`);
  let text: string;
  try {
    text = readTextFile(path, path, { maxBytes: limit('policyBytes'), limitHint: `set ${LIMITS.policyBytes.env} to change it` });
  } catch (e) {
    if (e instanceof TextFileError) throw inputError('E_PROMPT_INVALID', e.message);
    throw e;
  }
  return parsePromptFile(text, path);
}

/** The user message with the text in its slot (a function replacer, so "$&" in a text stays as written). */
export function fillSlot(user: string, text: string): string {
  return user.replace(TEXT_SLOT, () => text);
}

/** Each label's verbalizers as the Completions path sends them (trimmed, each once): there "Positive" and "positive" are two
 * answers. */
export function completionVerbalizers(labels: PromptFile['labels']): string[][] {
  return labels.map((l) => [...new Set(l.verbalizers.map((v) => v.trim()))]);
}
