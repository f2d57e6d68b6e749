/**
 * The tokenizer's only I/O: a model directory's tokenizer.json, or its vocab.txt, and optional
 * tokenizer_config.json.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { TOKENIZER_JSON_FILE, parseTokenizerJson } from './tokenizer-json.js';
import { Tokenizer, type TokenizerOptions } from './tokenizer.js';
import { SPECIAL_TOKENS, vocabError, vocabProblems } from './vocab.js';

export const VOCAB_FILE = 'vocab.txt';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';
export { TOKENIZER_JSON_FILE };

/** The file the tokenizer of `dir` is read from (tokenizer.json first, as transformers' fast tokenizers), or null. */
export function tokenizerFile(dir: string): string | null {
  for (const name of [TOKENIZER_JSON_FILE, VOCAB_FILE]) if (existsSync(join(dir, name))) return join(dir, name);
  return null;
}

/**
 * Reads <dir>/tokenizer.json when present (the fast tokenizer's own file, which transformers prefers too), else
 * <dir>/vocab.txt; model_max_length (and, for vocab.txt, do_lower_case) from the optional tokenizer_config.json.
 * Missing/empty/duplicate-laden vocab or an unsupported tokenizer.json -> inputError('E_TOKENIZER...', '<path>: ...').
 */
export async function loadTokenizer(dir: string): Promise<Tokenizer> {
  const configPath = join(dir, TOKENIZER_CONFIG_FILE);
  const configText = await readText(configPath);
  const config = configText === undefined ? {} : parseTokenizerConfig(configText, configPath);

  const jsonPath = join(dir, TOKENIZER_JSON_FILE);
  const jsonText = await readText(jsonPath);
  if (jsonText !== undefined) {
    const { vocab, options } = parseTokenizerJson(jsonText, jsonPath);
    const names = {
      pad: SPECIAL_TOKENS.pad, unk: SPECIAL_TOKENS.unk, cls: SPECIAL_TOKENS.cls, sep: SPECIAL_TOKENS.sep, ...options.specialTokens,
    };
    const problems = vocabProblems(vocab, Object.values(names)).map((p) => p.replace(/^line (\d+)/, (_, n: string) => `model.vocab ` +
      `id ${Number(n) - 1}`));
    if (problems.length > 0) throw vocabError(jsonPath, problems);
    // The normalizer is tokenizer.json's; only the length comes from tokenizer_config.json.
    return new Tokenizer(vocab, { ...options, ...(config.modelMaxLength === undefined ? {} : { modelMaxLength: config.modelMaxLength }) });
  }

  const vocabPath = join(dir, VOCAB_FILE);
  const vocabText = await readText(vocabPath);
  if (vocabText === undefined) throw inputError('E_TOKENIZER', `${vocabPath}: file not found (nor ${TOKENIZER_JSON_FILE})`);
  const vocab = parseVocab(vocabText);
  const problems = vocabProblems(vocab);
  if (problems.length > 0) throw vocabError(vocabPath, problems);
  return new Tokenizer(vocab, config);
}

/** One token per line, id = line index. Trailing whitespace is dropped, as HF's WordPiece::read_file does. */
export function parseVocab(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trimEnd());
  if (lines.at(-1) === '') lines.pop(); // the final newline ends a line, it does not start one
  return lines;
}

/** The fields the tokenizer uses; everything else in the file is ignored. `source` names the file in errors. */
export function parseTokenizerConfig(text: string, source: string): TokenizerOptions {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw inputError('E_TOKENIZER', `${source}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw inputError('E_TOKENIZER', `${source}: expected a JSON object`);
  }
  const {
    do_lower_case: doLowerCase,
    model_max_length: modelMaxLength,
    strip_accents: stripAccents,
    tokenize_chinese_chars: chineseChars,
  } = config as Record<string, unknown>;
  const problems: string[] = [];
  const isFlag = (v: unknown, nullable: boolean): boolean => v === undefined || typeof v === 'boolean' || (nullable && v === null);
  if (!isFlag(doLowerCase, false)) problems.push(`do_lower_case must be true or false, got ${JSON.stringify(doLowerCase)}`);
  if (!isFlag(stripAccents, true)) problems.push(`strip_accents must be true, false or null, got ${JSON.stringify(stripAccents)}`);
  if (!isFlag(chineseChars, false)) problems.push(`tokenize_chinese_chars must be true or false, got ${JSON.stringify(chineseChars)}`);
  if (modelMaxLength !== undefined && !(Number.isInteger(modelMaxLength) && (modelMaxLength as number) >= 2)) {
    problems.push(`model_max_length must be an integer of at least 2, got ${JSON.stringify(modelMaxLength)}`);
  }
  if (problems.length > 0) {
    throw inputError('E_TOKENIZER', `${source}: ${problems.join('; ')}`, problems.map((p) => `${source}: ${p}`));
  }
  // DistilBertTokenizerFast: strip_accents null (or absent) follows do_lower_case.
  return {
    ...(doLowerCase === undefined ? {} : { doLowerCase: doLowerCase as boolean }),
    ...(modelMaxLength === undefined ? {} : { modelMaxLength: modelMaxLength as number }),
    ...(typeof stripAccents === 'boolean' ? { stripAccents } : {}),
    ...(chineseChars === undefined ? {} : { handleChineseChars: chineseChars as boolean }),
  };
}

/** The file's text, or undefined when it does not exist; other read failures name the file. */
async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw inputError('E_TOKENIZER', `${path}: cannot be read (${code ?? (e as Error).message})`);
  }
}
