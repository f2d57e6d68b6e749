/**
 * Hugging Face's own tokenizers library (Rust, through the npm binding @anush008/tokenizers), set up the way
 * transformers' DistilBertTokenizerFast builds itself from vocab.txt and tokenizer_config.json, or loaded from a
 * tokenizer.json. This is the reference our TypeScript tokenizer is compared with.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Hf from '@anush008/tokenizers';

const require = createRequire(import.meta.url);
const hf = require('@anush008/tokenizers') as typeof Hf;

export type HfTokenizer = Hf.Tokenizer;

/** The BERT special tokens DistilBertTokenizerFast registers (special, not normalized). */
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/**
 * DistilBertTokenizerFast from a model directory: BertNormalizer(clean_text, handle_chinese_chars, strip_accents
 * None -> follows lowercase, lowercase = do_lower_case), BertPreTokenizer, WordPiece([UNK], 100 chars, "##"),
 * TemplateProcessing "[CLS] $A [SEP]".
 */
export async function hfFromVocabDir(dir: string): Promise<HfTokenizer> {
  const config = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8')) as { do_lower_case?: boolean };
  const lowercase = config.do_lower_case ?? true;
  const model = await hf.WordPiece.fromFile(join(dir, 'vocab.txt'), {
    unkToken: '[UNK]',
    continuingSubwordPrefix: '##',
    maxInputCharsPerWord: 100,
  });
  const tokenizer = new hf.Tokenizer(model);
  tokenizer.setNormalizer(
    hf.bertNormalizer({ cleanText: true, handleChineseChars: true, stripAccents: lowercase, lowercase }),
  );
  tokenizer.setPreTokenizer(hf.bertPreTokenizer());
  tokenizer.addSpecialTokens(SPECIALS);
  const id = (token: string): number => tokenizer.tokenToId(token) as number;
  tokenizer.setPostProcessor(
    hf.templateProcessing('[CLS] $A [SEP]', '[CLS] $A [SEP] $B:1 [SEP]:1', [
      ['[CLS]', id('[CLS]')],
      ['[SEP]', id('[SEP]')],
    ]),
  );
  return tokenizer;
}

/** A tokenizer.json as the library itself reads it. */
export function hfFromTokenizerJson(path: string): HfTokenizer {
  return hf.Tokenizer.fromFile(path);
}

/** Ids of each text with special tokens; `maxLength` truncates (from the end, special tokens included). */
export async function hfEncode(tokenizer: HfTokenizer, texts: string[], maxLength?: number): Promise<number[][]> {
  if (maxLength === undefined) tokenizer.disableTruncation();
  else tokenizer.setTruncation(maxLength);
  const encodings = await tokenizer.encodeBatch(texts);
  return encodings.map((e) => e.getIds());
}
