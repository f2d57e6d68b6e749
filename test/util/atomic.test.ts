import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/util/atomic.js';

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
