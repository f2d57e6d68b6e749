import { type AuditError, inputError } from '../errors.js';

/** The special tokens of BERT's vocabulary (bert-base-uncased ids: [PAD] 0, [UNK] 100, [CLS] 101, [SEP] 102, [MASK] 103). */
export const SPECIAL_TOKENS = {
  pad: '[PAD]',
  unk: '[UNK]',
  cls: '[CLS]',
  sep: '[SEP]',
  mask: '[MASK]',
} as const;

/** Encoding cannot work without these; [MASK] is optional (only matched in text when present). */
const REQUIRED = [SPECIAL_TOKENS.pad, SPECIAL_TOKENS.unk, SPECIAL_TOKENS.cls, SPECIAL_TOKENS.sep];

/** Most problem lines attached to one error (a broken file could otherwise yield thousands). */
const MAX_LISTED = 20;

/**
 * Everything wrong with a vocab, one line per problem, lines numbered from 1 (id = line - 1). Empty when usable.
 * `required`: the special tokens it must hold (default [PAD], [UNK], [CLS], [SEP]).
 */
export function vocabProblems(vocab: readonly string[], required: readonly string[] = REQUIRED): string[] {
  if (vocab.length === 0) return ['the vocabulary is empty'];
  const problems: string[] = [];
  const firstLine = new Map<string, number>();
  vocab.forEach((token, id) => {
    const line = id + 1;
    const first = firstLine.get(token);
    if (token === '') problems.push(`line ${line}: empty token`);
    else if (first !== undefined) problems.push(`line ${line}: duplicate token ${JSON.stringify(token)} (first on line ${first})`);
    if (first === undefined) firstLine.set(token, line);
  });
  for (const token of required) {
    if (!firstLine.has(token)) problems.push(`missing special token ${token}`);
  }
  return problems;
}

/** E_TOKENIZER naming `source` (a file path, or "vocab"): the first problem on the message line, the rest listed. */
export function vocabError(source: string, problems: readonly string[]): AuditError {
  const others = problems.length - 1;
  const more = others === 0 ? '' : ` (and ${others} more problem${others === 1 ? '' : 's'})`;
  const listed = problems.slice(0, MAX_LISTED).map((p) => `${source}: ${p}`);
  if (problems.length > MAX_LISTED) listed.push(`${source}: ... ${problems.length - MAX_LISTED} more not listed`);
  return inputError('E_TOKENIZER', `${source}: ${problems[0]}${more}`, listed);
}
