import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { AuditError } from '../../src/errors.js';
import { Tokenizer } from '../../src/tokenizer/index.js';
import { parseVocab } from '../../src/tokenizer/load.js';

const vocab = parseVocab(readFileSync(join(HF_FIXTURES, 'tiny', 'vocab.txt'), 'utf8'));
const tokenizer = new Tokenizer(vocab);

const HELLO = 'Hello, my dog is cute';
const HELLO_IDS = [101, 7592, 1010, 2026, 3899, 2003, 10140, 102];
const LONG = "I don't think it's the film's fault; it wasn't THAT bad!!!";

describe('Tokenizer.encode', () => {
  it('scores an empty text as [CLS] [SEP]', () => {
    expect(tokenizer.encode('')).toEqual({
      inputIds: [101, 102],
      tokens: ['[CLS]', '[SEP]'],
      attentionMask: [1, 1],
      truncated: false,
    });
    expect(tokenizer.encode(' \t\n\u200b ').inputIds).toEqual([101, 102]);
  });

  it('wraps the word pieces in [CLS] and [SEP] with a full attention mask', () => {
    const e = tokenizer.encode(HELLO);
    expect(e.inputIds).toEqual(HELLO_IDS);
    expect(e.tokens).toEqual(['[CLS]', 'hello', ',', 'my', 'dog', 'is', 'cute', '[SEP]']);
    expect(e.attentionMask).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(e.truncated).toBe(false);
  });

  it('truncates to maxLength keeping [CLS] and [SEP], and says so', () => {
    const e = tokenizer.encode(LONG, { maxLength: 16 });
    expect(e.inputIds).toEqual([101, 1045, 2123, 1005, 1056, 2228, 2009, 1005, 1055, 1996, 2143, 1005, 1055, 6346, 1025, 102]);
    expect(e.tokens.at(-1)).toBe('[SEP]');
    expect(e.attentionMask).toHaveLength(16);
    expect(e.truncated).toBe(true);
  });

  it('does not report truncation when the pieces fit exactly', () => {
    const e = tokenizer.encode(HELLO, { maxLength: 8 });
    expect(e.inputIds).toEqual(HELLO_IDS);
    expect(e.truncated).toBe(false);
    expect(tokenizer.encode(HELLO, { maxLength: 7 }).truncated).toBe(true);
  });

  it('truncates to modelMaxLength by default', () => {
    const small = new Tokenizer(vocab, { modelMaxLength: 5 });
    expect(small.modelMaxLength).toBe(5);
    expect(small.encode(HELLO)).toMatchObject({ inputIds: [101, 7592, 1010, 2026, 102], truncated: true });
  });

  it('rejects a maxLength that cannot hold [CLS] and [SEP]', () => {
    expect(() => tokenizer.encode('x', { maxLength: 1 })).toThrow(/maxLength must be an integer of at least 2/);
    expect(() => tokenizer.encode('x', { maxLength: 2.5 })).toThrow(AuditError);
    expect(tokenizer.encode('x', { maxLength: 2 })).toMatchObject({ inputIds: [101, 102], truncated: true });
  });
});

describe('Tokenizer.encodeBatch', () => {
  it('pads to the longest sequence with [PAD] and masks the padding', () => {
    const batch = tokenizer.encodeBatch([HELLO, '', 'x']);
    expect(batch.inputIds).toEqual([HELLO_IDS, [101, 102, 0, 0, 0, 0, 0, 0], [101, 1060, 102, 0, 0, 0, 0, 0]]);
    expect(batch.attentionMask).toEqual([
      [1, 1, 1, 1, 1, 1, 1, 1],
      [1, 1, 0, 0, 0, 0, 0, 0],
      [1, 1, 1, 0, 0, 0, 0, 0],
    ]);
    expect(batch.truncated).toEqual([false, false, false]);
  });

  it('truncates each text to maxLength before padding', () => {
    const batch = tokenizer.encodeBatch([LONG, 'x'], { maxLength: 6 });
    expect(batch.inputIds).toEqual([
      [101, 1045, 2123, 1005, 1056, 102],
      [101, 1060, 102, 0, 0, 0],
    ]);
    expect(batch.truncated).toEqual([true, false]);
  });

  it('returns empty arrays for an empty batch', () => {
    expect(tokenizer.encodeBatch([])).toEqual({ inputIds: [], attentionMask: [], truncated: [] });
  });
});

describe('Tokenizer.tokenize', () => {
  it('splits unknown-to-the-vocab words into ## pieces', () => {
    expect(tokenizer.tokenize('unaffable')).toEqual(['una', '##ffa', '##ble']);
  });

  it('matches literal special tokens in the raw text, even inside a word, but not lowercased ones', () => {
    expect(tokenizer.tokenize('foo[MASK]bar [mask]')).toEqual(['foo', '[MASK]', 'bar', '[', 'mask', ']']);
  });

  it('does not treat a special token broken by a removed control character as special', () => {
    expect(tokenizer.tokenize('[MA\u200bSK]')).toEqual(['[', 'mask', ']']);
  });

  it('keeps case and accents when doLowerCase is false', () => {
    const cased = new Tokenizer(vocab, { doLowerCase: false });
    // The uncased vocab has no "Hello"; "é" is not in it either, so "café" cannot be covered.
    expect(cased.tokenize('Hello café')).toEqual(['[UNK]', '[UNK]']);
    expect(cased.tokenize('hello cafe')).toEqual(['hello', 'cafe']);
  });

  it('gives the same pieces for a word whether or not it was cached', () => {
    const fresh = new Tokenizer(vocab);
    const first = fresh.tokenize('antidisestablishmentarianism antidisestablishmentarianism');
    expect(first.slice(0, first.length / 2)).toEqual(first.slice(first.length / 2));
    expect(fresh.tokenize('antidisestablishmentarianism')).toEqual(first.slice(0, first.length / 2));
  });
});

describe('the 100-character word limit', () => {
  const emoji = new Tokenizer(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '😀', '##😀']);

  it('counts code points, not UTF-16 units', () => {
    expect(emoji.tokenize('😀'.repeat(100))).toEqual(['😀', ...new Array<string>(99).fill('##😀')]);
  });

  it('makes a 101-character word one [UNK]', () => {
    expect(emoji.tokenize(`${'😀'.repeat(101)} 😀`)).toEqual(['[UNK]', '😀']);
  });
});

describe('hostile input', () => {
  it('turns a 10,000-character word into one [UNK]', () => {
    expect(tokenizer.encode('a'.repeat(10_000)).inputIds).toEqual([101, 100, 102]);
  });

  it('drops NUL bytes and lone surrogates without throwing', () => {
    expect(tokenizer.tokenize('he\u0000llo \ud800wor\udfffld \ud83d')).toEqual(['hello', 'world']);
  });

  it('survives a long mix of everything', () => {
    const nasty = `${'x'.repeat(10_000)}\u0000\ud800[SEP\u0000]${'\u0301'.repeat(500)}${'😀'.repeat(60)} ok`;
    const e = tokenizer.encode(nasty);
    expect(e.inputIds).toEqual([101, 100, 1031, 19802, 1033, 100, 7929, 102]);
  });
});

describe('the Tokenizer constructor', () => {
  const base = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'a'];

  it('rejects an empty vocab', () => {
    expect(() => new Tokenizer([])).toThrow('vocab: the vocabulary is empty');
  });

  it('rejects duplicate tokens, naming their lines', () => {
    expect(() => new Tokenizer([...base, 'b', 'a'])).toThrow('vocab: line 7: duplicate token "a" (first on line 5)');
  });

  it('rejects a vocab without [CLS]', () => {
    expect(() => new Tokenizer(base.filter((t) => t !== '[CLS]'))).toThrow('vocab: missing special token [CLS]');
  });

  it('takes special token ids from wherever they are in the vocab', () => {
    const t = new Tokenizer(['a', '##b', '[SEP]', '[CLS]', '[UNK]', '[PAD]']);
    expect([t.padId, t.unkId, t.clsId, t.sepId, t.vocabSize]).toEqual([5, 4, 3, 2, 6]);
    expect(t.encode('ab c').tokens).toEqual(['[CLS]', 'a', '##b', '[UNK]', '[SEP]']);
    expect(t.encode('[MASK]').tokens).toEqual(['[CLS]', '[UNK]', '[UNK]', '[UNK]', '[SEP]']);
  });
});
