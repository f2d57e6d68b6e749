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
  system?: string;
  user: string;
}

export interface PromptFile {
  prompts: Prompt[];
  /** Labels in file order, each with the answers (first tokens) that mean it. */
  labels: { name: string; verbalizers: string[] }[];
  /** sha256 (hex) of the file's bytes: part of the classifier's fingerprint. */
  sha256: string;
}

const nonEmpty = z.string().refine((s) => s.trim() !== '', 'must not be empty');
const schema = z.strictObject({
  prompts: z.array(z.strictObject({
    system: nonEmpty.optional(),
    user: nonEmpty.refine((s) => s.split(TEXT_SLOT).length === 2, `must hold the slot ${TEXT_SLOT} exactly once`),
  })).min(1, 'needs at least one prompt'),
  labels: z.record(z.string(), z.array(nonEmpty).min(1, 'needs at least one verbalizer'))
    .refine((l) => Object.keys(l).length >= 2, 'needs at least two labels'),
});

export function parsePromptFile(text: string, file = '<prompt>'): PromptFile {
  const notMapping = 'expected a mapping with "prompts" and "labels"';
  const { data, fail } = parseYamlFile(text, file, schema, { code: 'E_PROMPT_INVALID', what: 'prompt file', empty: notMapping, notMapping,
    allowedAt: (path) => (path.length === 0 ? ['prompts', 'labels'] : path[0] === 'prompts' ? ['system', 'user'] : []) });
  const { prompts, labels } = data;
  const problems = verbalizerClashes(labels);
  if (problems.length > 0) fail(problems);
  return {
    prompts,
    labels: Object.entries(labels).map(([name, verbalizers]) => ({ name, verbalizers })),
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
  };
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
