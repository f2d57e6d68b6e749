import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeLinesAtomic } from '../../src/util/atomic.js';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-atomic-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes text as UTF-8, bytes, and byte chunks in order, replacing what was there and leaving no temp file', () => {
    const file = join(dir, 'out.txt');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'Zoë → ok');
    expect(readFileSync(file, 'utf8')).toBe('Zoë → ok');
    writeFileAtomic(file, new Uint8Array([104, 105]));
    expect(readFileSync(file, 'utf8')).toBe('hi');
    writeFileAtomic(file, [new Uint8Array([97]), new Uint8Array([]), new Uint8Array([98, 99])]);
    expect(readFileSync(file, 'utf8')).toBe('abc');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('keeps the old file and removes its temp file when the rename fails', () => {
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true }); // a non-empty directory cannot be renamed over
    expect(() => writeFileAtomic(target, 'new')).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(target)).toEqual(['inside']);
  });
});

describe('writeLinesAtomic', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-atomic-lines-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every line of an async generator in order, across batches of about 1 MiB, leaving no temp file', async () => {
    const file = join(dir, 'records.jsonl');
    async function* lines() {
      for (let i = 0; i < 30000; i++) yield `{"row":${i},"text":"Zoë ${'x'.repeat(60)}"}\n`;
    }
    await writeLinesAtomic(file, lines());
    const written = readFileSync(file, 'utf8').split('\n');
    expect(written).toHaveLength(30001);
    expect(written[29999]).toBe(`{"row":29999,"text":"Zoë ${'x'.repeat(60)}"}`);
    expect(readdirSync(dir)).toEqual(['records.jsonl']);
  });

  it('keeps the old file and removes its temp file when the generator fails, passing the error through', async () => {
    const file = join(dir, 'pairs.csv');
    writeFileSync(file, 'old');
    function* lines() {
      yield 'a\n';
      throw new Error('row 3 comes before its original');
    }
    await expect(writeLinesAtomic(file, lines())).rejects.toThrow('row 3 comes before its original');
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['pairs.csv']);
  });
});
