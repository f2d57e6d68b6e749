import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { AuditError } from '../../src/errors.js';
import { loadTokenizer } from '../../src/tokenizer/index.js';

const SPECIALS = '[PAD]\n[UNK]\n[CLS]\n[SEP]\n';

/** The AuditError a failed load rejects with (fails the test when it resolves). */
async function loadError(dir: string): Promise<AuditError> {
  const error: unknown = await loadTokenizer(dir).then(
    () => new Error('loadTokenizer resolved'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuditError);
  return error as AuditError;
}

describe('loadTokenizer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tokenizer-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the bert-base-uncased vocab and config of the tiny model', async () => {
    const t = await loadTokenizer(join(HF_FIXTURES, 'tiny'));
    expect(t.vocabSize).toBe(30522);
    expect(t.modelMaxLength).toBe(512);
    expect(t.encode('Hello, my dog is cute').inputIds).toEqual([101, 7592, 1010, 2026, 3899, 2003, 10140, 102]);
  });

  it('works without tokenizer_config.json, lowercasing with 512 positions', async () => {
    writeFileSync(join(dir, 'vocab.txt'), `${SPECIALS}hello\n`);
    const t = await loadTokenizer(dir);
    expect(t.modelMaxLength).toBe(512);
    expect(t.encode('HELLO there').tokens).toEqual(['[CLS]', 'hello', '[UNK]', '[SEP]']);
  });

  it('reads CRLF vocab files with ids by line', async () => {
    writeFileSync(join(dir, 'vocab.txt'), ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'hello', 'there', ''].join('\r\n'));
    const t = await loadTokenizer(dir);
    expect(t.encode('hello there').inputIds).toEqual([2, 4, 5, 3]);
  });

  it('follows do_lower_case and model_max_length', async () => {
    writeFileSync(join(dir, 'vocab.txt'), `${SPECIALS}Hello\nhello\n`);
    writeFileSync(join(dir, 'tokenizer_config.json'), '{"do_lower_case": false, "model_max_length": 3, "other": 1}');
    const t = await loadTokenizer(dir);
    expect(t.modelMaxLength).toBe(3);
    expect(t.encode('Hello hello')).toMatchObject({ tokens: ['[CLS]', 'Hello', '[SEP]'], truncated: true });
  });

  it('names vocab.txt when it is missing', async () => {
    const e = await loadError(dir);
    expect(e.code).toBe('E_TOKENIZER');
    expect(e.message).toBe(`${join(dir, 'vocab.txt')}: file not found (nor tokenizer.json)`);
  });

  it('names vocab.txt when it is empty', async () => {
    writeFileSync(join(dir, 'vocab.txt'), '');
    expect((await loadError(dir)).message).toBe(`${join(dir, 'vocab.txt')}: the vocabulary is empty`);
  });

  it('lists every duplicate token with its line', async () => {
    writeFileSync(join(dir, 'vocab.txt'), `${SPECIALS}a\nb\na\n[UNK]\n`);
    const e = await loadError(dir);
    const path = join(dir, 'vocab.txt');
    expect(e.message).toBe(`${path}: line 7: duplicate token "a" (first on line 5) (and 1 more problem)`);
    expect(e.problems).toEqual([
      `${path}: line 7: duplicate token "a" (first on line 5)`,
      `${path}: line 8: duplicate token "[UNK]" (first on line 2)`,
    ]);
  });

  it('names tokenizer_config.json when it is not JSON', async () => {
    writeFileSync(join(dir, 'vocab.txt'), SPECIALS);
    writeFileSync(join(dir, 'tokenizer_config.json'), '{"do_lower_case": tru');
    const e = await loadError(dir);
    expect(e.code).toBe('E_TOKENIZER');
    expect(e.message).toMatch(new RegExp(`^${escape(join(dir, 'tokenizer_config.json'))}: not valid JSON`));
  });

  it('names tokenizer_config.json and the field when a value has the wrong type', async () => {
    writeFileSync(join(dir, 'vocab.txt'), SPECIALS);
    writeFileSync(join(dir, 'tokenizer_config.json'), '{"do_lower_case": "yes", "model_max_length": 1}');
    const e = await loadError(dir);
    const path = join(dir, 'tokenizer_config.json');
    expect(e.problems).toEqual([
      `${path}: do_lower_case must be true or false, got "yes"`,
      `${path}: model_max_length must be an integer of at least 2, got 1`,
    ]);
  });
});

function escape(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
