/** The tokenizer's only I/O: a model directory's vocab.txt and optional tokenizer_config.json. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { Tokenizer, type TokenizerOptions } from './tokenizer.js';
import { vocabError, vocabProblems } from './vocab.js';

export const VOCAB_FILE = 'vocab.txt';
export const TOKENIZER_CONFIG_FILE = 'tokenizer_config.json';

/**
 * Reads <dir>/vocab.txt and (optional) <dir>/tokenizer_config.json. Missing/empty/duplicate-laden vocab ->
 * inputError('E_TOKENIZER', '<path>: <problem>').
 */
export async function loadTokenizer(dir: string): Promise<Tokenizer> {
  const vocabPath = join(dir, VOCAB_FILE);
  const vocabText = await readText(vocabPath);
  if (vocabText === undefined) throw inputError('E_TOKENIZER', `${vocabPath}: file not found`);
  const vocab = parseVocab(vocabText);
  const problems = vocabProblems(vocab);
  if (problems.length > 0) throw vocabError(vocabPath, problems);

  const configPath = join(dir, TOKENIZER_CONFIG_FILE);
  const configText = await readText(configPath);
  const options = configText === undefined ? {} : parseTokenizerConfig(configText, configPath);
  return new Tokenizer(vocab, options);
}

/** One token per line, id = line index. Trailing whitespace is dropped, as HF's WordPiece::read_file does. */
export function parseVocab(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trimEnd());
  if (lines.at(-1) === '') lines.pop(); // the final newline ends a line, it does not start one
  return lines;
}

/** The two fields the tokenizer uses; everything else in the file is ignored. `source` names the file in errors. */
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
  const { do_lower_case: doLowerCase, model_max_length: modelMaxLength } = config as Record<string, unknown>;
  const problems: string[] = [];
  if (doLowerCase !== undefined && typeof doLowerCase !== 'boolean') {
    problems.push(`do_lower_case must be true or false, got ${JSON.stringify(doLowerCase)}`);
  }
  if (modelMaxLength !== undefined && !(Number.isInteger(modelMaxLength) && (modelMaxLength as number) >= 2)) {
    problems.push(`model_max_length must be an integer of at least 2, got ${JSON.stringify(modelMaxLength)}`);
  }
  if (problems.length > 0) {
    throw inputError('E_TOKENIZER', `${source}: ${problems.join('; ')}`, problems.map((p) => `${source}: ${p}`));
  }
  return {
    ...(doLowerCase === undefined ? {} : { doLowerCase: doLowerCase as boolean }),
    ...(modelMaxLength === undefined ? {} : { modelMaxLength: modelMaxLength as number }),
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
