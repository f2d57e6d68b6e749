/**
 * The character classes of the normalizer and pre-tokenizer are Unicode 8.0's, as in Hugging Face's BertNormalizer
 * and BertPreTokenizer (Rust unicode_categories crate), not Node's current Unicode: the examples of issue 16, whose
 * expected ids Hugging Face tokenizers gives (checked here against the binding too), and the generated tables
 * against the unicode-8.0.0 package they come from.
 */
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { type Tokenizer, loadTokenizer } from '../../src/tokenizer/index.js';
import * as tables from '../../src/tokenizer/unicode8-tables.js';
import { unicode8CodePoints } from './differential.js';
import { type HfTokenizer, hfEncode, hfFromVocabDir } from './hf-tokenizers.js';

let ours: Tokenizer;
let hf: HfTokenizer;
beforeAll(async () => {
  const dir = join(HF_FIXTURES, 'tiny');
  [ours, hf] = await Promise.all([loadTokenizer(dir), hfFromVocabDir(dir)]);
});

// [why, text, Hugging Face ids]
const EXAMPLES: [string, string, number[]][] = [
  ['U+1ABF is a combining mark only since Unicode 9: kept, so [UNK]', '\u1abf', [101, 100, 102]],
  ['a word with U+1ABF is one [UNK], not "cafe"', 'cafe\u1abf', [101, 100, 102]],
  ['U+0890 is a format character only since Unicode 14: kept, so [UNK]', '\u0890', [101, 100, 102]],
  ['U+2E43 is punctuation only since Unicode 9: not split off', 'a\u2e43', [101, 100, 102]],
  ['U+166D was punctuation in Unicode 8: split off', 'a\u166d', [101, 1037, 100, 102]],
  ['U+1734 was a nonspacing mark in Unicode 8: stripped', '\u1734', [101, 102]],
  ['U+111C9 was punctuation in Unicode 8: split off', 'a\u{111c9}b', [101, 1037, 100, 1038, 102]],
  ['U+1171E was a nonspacing mark in Unicode 8: stripped', 'a\u{1171e}b', [101, 11113, 102]],
  ['U+0301 (Mn in every version) is stripped after NFD', 'Cafe\u0301', [101, 7668, 102]],
  ['U+200B (Cf in every version) is removed', 'a\u200bb', [101, 11113, 102]],
  ['ASCII symbols outside P* are punctuation for BERT', 'a$b', [101, 1037, 1002, 1038, 102]],
];

describe('Unicode 8.0 character classes, as Hugging Face tokenizers', () => {
  it.each(EXAMPLES)('%s', async (_why, text, expected) => {
    expect(ours.encode(text).inputIds).toEqual(expected);
    expect((await hfEncode(hf, [text]))[0]).toEqual(expected);
  });

  it.each([
    ['NONSPACING_MARK', ['Nonspacing_Mark']],
    ['CONTROL', ['Control']],
    ['FORMAT', ['Format']],
    ['PRIVATE_USE', ['Private_Use']],
    ['PUNCTUATION', ['Punctuation']],
  ])('the generated table %s holds exactly the unicode-8.0.0 code points of %s', (name, categories) => {
    const ranges = (tables as Record<string, readonly number[]>)[name];
    const fromTable: number[] = [];
    for (let i = 0; i < ranges.length; i += 2) for (let cp = ranges[i]; cp <= ranges[i + 1]; cp += 1) fromTable.push(cp);
    expect(fromTable).toEqual([...unicode8CodePoints(categories)].sort((a, b) => a - b));
  });
});
