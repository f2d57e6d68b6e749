/**
 * tokenizer.json (BERT family) read by our loader and by Hugging Face tokenizers itself from the same file: the
 * file the library saves for DistilBertTokenizerFast's setup, then variants of it (cased, accents kept, no
 * cleaning, no CJK padding, BertProcessing, added tokens raw and normalized), each compared on every code point of
 * the mark, format, punctuation, symbol and separator categories and on 5,000 seeded random texts, with and
 * without truncation. Other tokenizer models are refused.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { AuditError } from '../../src/errors.js';
import { loadTokenizer } from '../../src/tokenizer/index.js';
import { codePointTexts, currentCodePoints, differences, randomTexts } from './differential.js';
import { hfFromTokenizerJson, hfFromVocabDir } from './hf-tokenizers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let dir: string;
let saved: Json;
let texts: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tokenizer-json-'));
  const hf = await hfFromVocabDir(join(HF_FIXTURES, 'tiny'));
  hf.save(join(dir, 'saved.json'));
  saved = JSON.parse(readFileSync(join(dir, 'saved.json'), 'utf8')) as Json;
  const points = currentCodePoints(/[\p{M}\p{Cf}\p{P}\p{S}\p{Z}]/u);
  texts = [...codePointTexts(points), ...randomTexts(5_000, 1601, points), 'Hello [X] tok and [x] TOK <ent>x<ent>', 'Café [MASK]'];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `json` as the only file of a fresh model directory (no vocab.txt) and returns the directory. */
function modelDir(name: string, json: Json): string {
  const d = join(dir, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d);
  writeFileSync(join(d, 'tokenizer.json'), JSON.stringify(json));
  return d;
}

function variant(change: (j: Json) => void): Json {
  const j = structuredClone(saved);
  change(j);
  return j;
}

const VARIANTS: [string, (j: Json) => void][] = [
  ['as HF saves it for DistilBertTokenizerFast', () => {}],
  ['cased (lowercase false, strip_accents null)', (j) => Object.assign(j.normalizer, { lowercase: false, strip_accents: null })],
  ['lowercased, accents kept (strip_accents false)', (j) => Object.assign(j.normalizer, { strip_accents: false })],
  ['accents stripped without lowercasing', (j) => Object.assign(j.normalizer, { lowercase: false, strip_accents: true })],
  ['without text cleaning or CJK padding', (j) => Object.assign(j.normalizer, { clean_text: false, handle_chinese_chars: false })],
  ['with BertProcessing', (j) => (j.post_processor = { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] })],
  ['with added tokens after the vocab, one normalized, one raw', (j) => {
    const base = { single_word: false, lstrip: false, rstrip: false };
    j.added_tokens.push({ id: 30522, content: '[X] tok', normalized: true, special: false, ...base });
    j.added_tokens.push({ id: 30523, content: '<ent>', normalized: false, special: true, ...base });
  }],
  ['with a shorter word limit and another continuation prefix', (j) => {
    j.model.max_input_chars_per_word = 7;
    const vocab: Record<string, number> = {};
    for (const [token, id] of Object.entries(j.model.vocab as Record<string, number>)) vocab[token.startsWith('##') ? `@@${token.slice(2)}` : token] = id;
    j.model.vocab = vocab;
    j.model.continuing_subword_prefix = '@@';
  }],
];

describe('tokenizer.json, against Hugging Face tokenizers loading the same file', () => {
  it.each(VARIANTS)('gives the same ids %s', async (name, change) => {
    const d = modelDir(name.replace(/\W+/g, '-'), variant(change));
    const ours = await loadTokenizer(d);
    const hf = hfFromTokenizerJson(join(d, 'tokenizer.json'));
    for (const maxLength of [undefined, 12]) {
      const found = await differences(ours, hf, texts, maxLength);
      expect(`${found.count} of ${texts.length} differ (max length ${maxLength})\n${found.shown.join('\n')}`).toBe(
        `0 of ${texts.length} differ (max length ${maxLength})\n`,
      );
    }
  });

  it('is preferred to vocab.txt and takes model_max_length from tokenizer_config.json', async () => {
    const d = modelDir('with-vocab', variant((j) => Object.assign(j.normalizer, { lowercase: false, strip_accents: null })));
    writeFileSync(join(d, 'vocab.txt'), readFileSync(join(HF_FIXTURES, 'tiny', 'vocab.txt')));
    writeFileSync(join(d, 'tokenizer_config.json'), '{"model_max_length": 64, "do_lower_case": true}');
    const t = await loadTokenizer(d);
    expect(t.modelMaxLength).toBe(64);
    expect(t.tokenize('Hello')).toEqual(['[UNK]']); // cased normalizer of tokenizer.json: "Hello" is not in the uncased vocab
  });
});

/** The AuditError a load rejects with. */
async function loadError(d: string): Promise<AuditError> {
  const e: unknown = await loadTokenizer(d).then(() => new Error('loaded'), (x: unknown) => x);
  expect(e).toBeInstanceOf(AuditError);
  return e as AuditError;
}

describe('tokenizer.json details', () => {
  it('cuts added tokens out of the text: normalized ones in any case, raw ones literally', async () => {
    const d = modelDir('added', variant(VARIANTS[6][1]));
    const t = await loadTokenizer(d);
    expect(t.vocabSize).toBe(30524);
    expect(t.encode('[x] TOK <ent>x<ENT>').inputIds).toEqual([101, 30522, 30523, 1060, 1026, 4372, 2102, 1028, 102]);
  });
});

describe('tokenizer.json that cannot be audited', () => {
  it.each([
    ['BPE', { type: 'BPE', vocab: {}, merges: [] }],
    ['Unigram', { type: 'Unigram', vocab: [], unk_id: 0 }],
  ])('refuses a %s model, naming the file and the type (an input error: exit 2)', async (type, model) => {
    const d = modelDir(`model-${type}`, variant((j) => (j.model = model)));
    const e = await loadError(d);
    expect(e.kind).toBe('input');
    expect(e.code).toBe('E_TOKENIZER_MODEL');
    expect(e.message).toBe(
      `${join(d, 'tokenizer.json')}: model.type "${type}" is not supported: only WordPiece (the BERT family) can be audited; BPE and Unigram tokenizers belong to architectures no engine here runs`,
    );
  });

  it('lists every unsupported part, one line each, naming the file', async () => {
    const d = modelDir('bad-parts', variant((j) => {
      j.normalizer = { type: 'NFKC' };
      j.pre_tokenizer = { type: 'Metaspace' };
      j.added_tokens[0].lstrip = true;
      j.post_processor = { type: 'RobertaProcessing' };
    }));
    const e = await loadError(d);
    const file = join(d, 'tokenizer.json');
    expect(e.code).toBe('E_TOKENIZER');
    expect(e.message).toBe(`${file}: normalizer: expected type "BertNormalizer", got type "NFKC" (and 3 more)`);
    expect(e.problems).toEqual([
      `${file}: normalizer: expected type "BertNormalizer", got type "NFKC"`,
      `${file}: pre_tokenizer: expected {"type": "BertPreTokenizer"}, got type "Metaspace"`,
      `${file}: added_tokens[0] ("[PAD]"): lstrip true is not supported`,
      `${file}: post_processor: expected BertProcessing or TemplateProcessing, got type "RobertaProcessing"`,
    ]);
  });

  it('names a special token of the post-processor whose id disagrees with the vocab', async () => {
    const d = modelDir('bad-id', variant((j) => (j.post_processor = { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 7] })));
    const e = await loadError(d);
    expect(e.message).toMatch(/tokenizer\.json: post_processor\.cls: "\[CLS\]" has id 7, but model\.vocab gives that id to "\[unused6\]"$/);
  });
});
