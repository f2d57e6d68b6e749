/**
 * Our tokenizer against Hugging Face tokenizers itself (the Rust library through @anush008/tokenizers), configured as
 * DistilBertTokenizerFast from the real bert-base-uncased vocab.txt: every code point of the mark, format,
 * punctuation, symbol and separator categories (Unicode 8.0, which HF's character classes use, and Node's current
 * Unicode), alone and between two letters, and 20,000 seeded random mixed texts, with and without truncation.
 * The scan of every code point is `npm run test:tokenizer-scan`.
 */
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { type Tokenizer, loadTokenizer } from '../../src/tokenizer/index.js';
import { codePointTexts, currentCodePoints, differences, randomTexts, unicode8CodePoints } from './differential.js';
import { type HfTokenizer, hfFromVocabDir } from './hf-tokenizers.js';

const MODEL_DIR = join(HF_FIXTURES, 'tiny'); // the real bert-base-uncased vocab.txt and tokenizer_config.json

const UNICODE8_CATEGORIES = [
  'Mark', 'Format', 'Punctuation', 'Symbol', 'Separator',
];

let ours: Tokenizer;
let hf: HfTokenizer;
let categoryTexts: string[];
let mixed: string[];

beforeAll(async () => {
  [ours, hf] = await Promise.all([loadTokenizer(MODEL_DIR), hfFromVocabDir(MODEL_DIR)]);
  const points = new Set([
    ...unicode8CodePoints(UNICODE8_CATEGORIES),
    ...currentCodePoints(/[\p{M}\p{Cf}\p{P}\p{S}\p{Z}]/u),
  ]);
  categoryTexts = codePointTexts([...points].sort((a, b) => a - b));
  mixed = randomTexts(20_000, 16, [...points]);
});

describe('the tokenizer against Hugging Face tokenizers (the Rust library)', () => {
  it('covers more than 12,000 code points of the M*, Cf, P*, S* and Z* categories', () => {
    expect(categoryTexts.length / 2).toBeGreaterThan(12_000);
  });

  it.each([[undefined], [16], [5]])('gives the same ids for every such code point alone and between two letters (max length %s)', async (maxLength) => {
    const found = await differences(ours, hf, categoryTexts, maxLength);
    expect(`${found.count} differ\n${found.shown.join('\n')}`).toBe('0 differ\n');
  });

  it.each([[undefined], [16], [8]])('gives the same ids for 20,000 seeded random mixed texts (max length %s)', async (maxLength) => {
    const found = await differences(ours, hf, mixed, maxLength);
    expect(`${found.count} differ\n${found.shown.join('\n')}`).toBe('0 differ\n');
  });
});
