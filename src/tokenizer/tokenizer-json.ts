/**
 * tokenizer.json, the file Hugging Face tokenizers saves (and many hub repositories ship, sometimes without
 * vocab.txt), read for the BERT family only: BertNormalizer, BertPreTokenizer, a WordPiece model, a BERT-shaped
 * post-processor ([CLS] $A [SEP]) and added tokens. Anything else (BPE, Unigram, other normalizers) is refused with
 * a message naming the field, since no engine here runs those architectures. Pure: text in, vocab and options out.
 */
import { inputError } from '../errors.js';
import type { AddedToken, TokenizerOptions } from './tokenizer.js';

export const TOKENIZER_JSON_FILE = 'tokenizer.json';

export interface TokenizerJson {
  /** Tokens by id. */
  vocab: string[];
  options: TokenizerOptions;
}

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Throws E_TOKENIZER (exit 2) naming `source` and each problem; E_TOKENIZER_MODEL for a model family we cannot run. */
export function parseTokenizerJson(text: string, source: string): TokenizerJson {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw inputError('E_TOKENIZER', `${source}: not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(root)) throw inputError('E_TOKENIZER', `${source}: expected a JSON object`);

  const model = root.model;
  if (!isObject(model)) throw inputError('E_TOKENIZER', `${source}: model: missing`);
  if (model.type !== 'WordPiece') {
    throw inputError(
      'E_TOKENIZER_MODEL',
      `${source}: model.type ${JSON.stringify(model.type ?? null)} is not supported: only WordPiece (the BERT family) can be audited; ` +
      `BPE and Unigram tokenizers belong to architectures no engine here runs`,
    );
  }

  const problems: string[] = [];
  const options: TokenizerOptions = {};
  readNormalizer(root.normalizer, options, problems);
  if (!isObject(root.pre_tokenizer) || root.pre_tokenizer.type !== 'BertPreTokenizer') {
    problems.push(`pre_tokenizer: expected {"type": "BertPreTokenizer"}, got ${describe(root.pre_tokenizer)}`);
  }
  const vocab = readWordPiece(model, options, problems);
  const added = readAddedTokens(root.added_tokens, vocab, problems);
  options.addedTokens = added;
  const specials = readPostProcessor(root.post_processor, vocab, problems);
  const pad = isObject(root.padding) && typeof root.padding.pad_token === 'string' ? root.padding.pad_token : '[PAD]';
  options.specialTokens = { ...specials, pad, unk: options.specialTokens?.unk };

  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw inputError('E_TOKENIZER', `${source}: ${problems[0]}${more}`, problems.slice(0, 20).map((p) => `${source}: ${p}`));
  }
  return { vocab, options };
}

function describe(x: unknown): string {
  if (isObject(x) && typeof x.type === 'string') return `type ${JSON.stringify(x.type)}`;
  return JSON.stringify(x ?? null).slice(0, 60);
}

function readNormalizer(n: unknown, options: TokenizerOptions, problems: string[]): void {
  if (!isObject(n) || n.type !== 'BertNormalizer') {
    problems.push(`normalizer: expected type "BertNormalizer", got ${describe(n)}`);
    return;
  }
  const flag = (name: string, fallback: boolean | null): boolean | null => {
    const v = n[name];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    problems.push(`normalizer.${name}: expected true, false or null, got ${JSON.stringify(v)}`);
    return fallback;
  };
  const lowercase = flag('lowercase', true) as boolean;
  options.doLowerCase = lowercase;
  options.cleanText = flag('clean_text', true) as boolean;
  options.handleChineseChars = flag('handle_chinese_chars', true) as boolean;
  // strip_accents null: follow lowercase, as BertNormalizer does.
  options.stripAccents = flag('strip_accents', null) ?? lowercase;
}

/** The vocab as an array by id: ids must run 0..n-1 without gaps or repeats. */
function readWordPiece(model: Json, options: TokenizerOptions, problems: string[]): string[] {
  if (typeof model.unk_token === 'string') options.specialTokens = { unk: model.unk_token };
  else problems.push(`model.unk_token: expected a string, got ${JSON.stringify(model.unk_token ?? null)}`);
  if (model.continuing_subword_prefix !== undefined) {
    if (typeof model.continuing_subword_prefix === 'string') options.continuingSubwordPrefix = model.continuing_subword_prefix;
    else problems.push(`model.continuing_subword_prefix: expected a string`);
  }
  if (model.max_input_chars_per_word !== undefined) {
    const m = model.max_input_chars_per_word;
    if (Number.isInteger(m) && (m as number) > 0) options.maxInputCharsPerWord = m as number;
    else problems.push(`model.max_input_chars_per_word: expected a positive integer, got ${JSON.stringify(m)}`);
  }
  if (!isObject(model.vocab)) {
    problems.push('model.vocab: expected an object of token -> id');
    return [];
  }
  const entries = Object.entries(model.vocab);
  const vocab = new Array<string>(entries.length);
  for (const [token, id] of entries) {
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= entries.length) {
      problems.push(`model.vocab[${JSON.stringify(token)}]: id ${JSON.stringify(id)} is not in 0..${entries.length - 1}`);
    } else if (vocab[id as number] !== undefined) {
      problems.push(`model.vocab: id ${id} is given to both ${JSON.stringify(vocab[id as number])} and ${JSON.stringify(token)}`);
    } else {
      vocab[id as number] = token;
    }
  }
  return vocab;
}

/**
 * Added tokens are cut from the text before WordPiece. Those inside the vocab must carry its id; those after it
 * extend it (ids n, n+1, ...). single_word, lstrip and rstrip (not used by BERT's) are refused, not ignored.
 */
function readAddedTokens(list: unknown, vocab: string[], problems: string[]): AddedToken[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    problems.push('added_tokens: expected a list');
    return [];
  }
  const out: AddedToken[] = [];
  const extra = new Map<number, string>();
  list.forEach((t: unknown, i) => {
    const at = `added_tokens[${i}]`;
    if (!isObject(t) || typeof t.content !== 'string' || !Number.isInteger(t.id)) {
      problems.push(`${at}: expected {id, content, ...}`);
      return;
    }
    for (const option of ['single_word', 'lstrip', 'rstrip'] as const) {
      if (t[option] === true) problems.push(`${at} (${JSON.stringify(t.content)}): ${option} true is not supported`);
    }
    const id = t.id as number;
    if (id < vocab.length) {
      if (vocab[id] !== t.content) problems.push(`${at}: id ${id} is ${JSON.stringify(vocab[id])} in model.vocab, ` +
        `not ${JSON.stringify(t.content)}`);
    } else {
      extra.set(id, t.content);
    }
    // HF's default for `normalized` is the opposite of `special`.
    out.push({ content: t.content, normalized: typeof t.normalized === 'boolean' ? t.normalized : t.special !== true });
  });
  const base = vocab.length;
  for (let id = base; id < base + extra.size; id += 1) {
    const token = extra.get(id);
    if (token === undefined) {
      problems.push(`added_tokens: ids after the vocabulary must follow on from ${base} without gaps (id ${id} is missing)`);
      break;
    }
    vocab.push(token);
  }
  return out;
}

/** [CLS] and [SEP] from BertProcessing or a TemplateProcessing whose single template is `X $A Y`. */
function readPostProcessor(p: unknown, vocab: readonly string[], problems: string[]): { cls?: string; sep?: string } {
  const check = (token: string, id: unknown, where: string): void => {
    if (vocab[id as number] !== token) problems.push(`${where}: ${JSON.stringify(token)} has id ${JSON.stringify(id)}, but model.vocab ` +
      `gives that id to ${JSON.stringify(vocab[id as number] ?? null)}`);
  };
  if (isObject(p) && p.type === 'BertProcessing') {
    const [sep, cls] = [p.sep, p.cls];
    if (!Array.isArray(sep) || !Array.isArray(cls) || typeof sep[0] !== 'string' || typeof cls[0] !== 'string') {
      problems.push('post_processor: BertProcessing needs cls and sep as [token, id]');
      return {};
    }
    check(cls[0], cls[1], 'post_processor.cls');
    check(sep[0], sep[1], 'post_processor.sep');
    return { cls: cls[0], sep: sep[0] };
  }
  if (isObject(p) && p.type === 'TemplateProcessing' && Array.isArray(p.single)) {
    const parts = p.single as unknown[];
    const special = (x: unknown): string | undefined =>
      isObject(x) && isObject(x.SpecialToken) && typeof x.SpecialToken.id === 'string' ? x.SpecialToken.id : undefined;
    const isA = (x: unknown): boolean => isObject(x) && isObject(x.Sequence) && x.Sequence.id === 'A';
    const [cls, sep] = [special(parts[0]), special(parts[2])];
    if (parts.length !== 3 || cls === undefined || sep === undefined || !isA(parts[1])) {
      problems.push('post_processor.single: expected the BERT template [CLS] $A [SEP] (special token, $A, special token)');
      return {};
    }
    const specials = isObject(p.special_tokens) ? p.special_tokens : {};
    for (const [token, where] of [[cls, 'cls'], [sep, 'sep']] as const) {
      const entry = specials[token];
      const ids = isObject(entry) && Array.isArray(entry.ids) ? entry.ids : [];
      if (ids.length !== 1) problems.push(`post_processor.special_tokens[${JSON.stringify(token)}]: expected exactly one id (${where})`);
      else check(token, ids[0], `post_processor.special_tokens[${JSON.stringify(token)}]`);
    }
    return { cls, sep };
  }
  problems.push(`post_processor: expected BertProcessing or TemplateProcessing, got ${describe(p)}`);
  return {};
}
