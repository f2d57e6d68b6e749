/**
 * `npm run test:tokenizer-scan` (not part of the normal suite: about 2.2 million texts): every code point from
 * U+0000 to U+10FFFF except the surrogates, alone and between two letters, through our tokenizer and through
 * Hugging Face tokenizers (DistilBertTokenizerFast's setup, bert-base-uncased vocab), untruncated and at 16.
 */
import { jest } from '@jest/globals';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { loadTokenizer } from '../../src/tokenizer/index.js';
import { allCodePoints, codePointTexts, differences } from './differential.js';
import { hfFromVocabDir } from './hf-tokenizers.js';

jest.setTimeout(30 * 60 * 1000);

it.each([[undefined], [16]])('gives the same ids as Hugging Face for every code point, alone and between two letters (max length %s)', async (maxLength) => {
  const dir = join(HF_FIXTURES, 'tiny');
  const [ours, hf] = await Promise.all([loadTokenizer(dir), hfFromVocabDir(dir)]);
  const texts = codePointTexts(allCodePoints());
  expect(texts).toHaveLength(2 * (0x110000 - 0x800));
  const started = Date.now();
  const found = await differences(ours, hf, texts, maxLength, 20);
  console.log(`${texts.length} texts, ${found.count} differ, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  expect(`${found.count} differ\n${found.shown.join('\n')}`).toBe('0 differ\n');
});
