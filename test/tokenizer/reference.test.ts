import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { type Tokenizer, loadTokenizer } from '../../src/tokenizer/index.js';

/** One line of the Hugging Face reference files (DistilBertTokenizer, fast, tokenizers 0.23.2). */
interface Reference {
  text: string;
  input_ids: number[];
  tokens: string[];
  input_ids_max16: number[];
}

function readReferences(file: string): Reference[] {
  return readFileSync(join(HF_FIXTURES, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Reference);
}

/** One entry per text that disagrees with the reference, naming each field that differs (empty when all agree). */
function mismatches(tokenizer: Tokenizer, references: Reference[]): string[] {
  const show = (x: unknown): string => JSON.stringify(x);
  const found: string[] = [];
  references.forEach((ref, i) => {
    const full = tokenizer.encode(ref.text);
    const short = tokenizer.encode(ref.text, { maxLength: 16 });
    const lines: string[] = [];
    if (show(full.inputIds) !== show(ref.input_ids) || show(full.tokens) !== show(ref.tokens)) {
      lines.push(`  tokens got  ${show(full.tokens)}`, `  tokens want ${show(ref.tokens)}`);
    }
    if (show(short.inputIds) !== show(ref.input_ids_max16)) {
      lines.push(`  max16 got  ${show(short.inputIds)}`, `  max16 want ${show(ref.input_ids_max16)}`);
    }
    if (lines.length > 0) found.push([`#${i} ${show(ref.text)}`, ...lines].join('\n'));
  });
  return found;
}

describe('the tokenizer against Hugging Face references', () => {
  let tokenizer: Tokenizer;
  beforeAll(async () => {
    tokenizer = await loadTokenizer(join(HF_FIXTURES, 'tiny'));
  });

  it.each([
    ['tokenizer_ref_edge.jsonl', 25],
    ['tokenizer_ref.jsonl', 1216],
  ])('matches every line of %s (%i texts), untruncated and at max_length 16', (file, count) => {
    const references = readReferences(file);
    expect(references).toHaveLength(count);
    const found = mismatches(tokenizer, references);
    // The first few mismatches, in full, are the useful failure message.
    expect(`${found.length} of ${count} texts differ\n${found.slice(0, 8).join('\n')}`).toBe(`0 of ${count} texts differ\n`);
  });

  it('reads do_lower_case and model_max_length from tokenizer_config.json', () => {
    expect(tokenizer.modelMaxLength).toBe(512);
    expect(tokenizer.tokenize('Hello WORLD')).toEqual(['hello', 'world']);
  });

  it('knows the bert-base-uncased special token ids', () => {
    expect([tokenizer.vocabSize, tokenizer.padId, tokenizer.unkId, tokenizer.clsId, tokenizer.sepId]).toEqual([
      30522, 0, 100, 101, 102,
    ]);
  });
});
