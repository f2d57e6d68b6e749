import { decodeBF16, decodeF16, headerLength, parseHeader, SafetensorsFile } from '../../src/model/safetensors.js';
import { AuditError } from '../../src/errors.js';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { f32, readRaw, tempDir, TINY, writeHeaderAndData } from './helpers.js';

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return `${(e as AuditError).code}: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('decodeF16', () => {
  it('decodes normal, subnormal, signed zero, infinite and NaN halves', () => {
    const bits = new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x3555, 0x0001, 0x03ff, 0x0400, 0x8000, 0x7c00, 0xfc00, 0x7e00]);
    const out = Array.from(decodeF16(bits));
    expect(out.slice(0, 7)).toEqual([1, -2, 65504, 0.333251953125, 2 ** -24, 1023 * 2 ** -24, 2 ** -14]);
    expect(Object.is(out[7], -0)).toBe(true);
    expect(out.slice(8, 10)).toEqual([Infinity, -Infinity]);
    expect(out[10]).toBeNaN();
  });
});

describe('decodeBF16', () => {
  it('decodes bfloat16 as the top half of a float32', () => {
    const bits = new Uint16Array([0x3f80, 0xc000, 0x4049, 0x7f80, 0xff80, 0x0001, 0x8000]);
    const out = Array.from(decodeBF16(bits));
    expect(out.slice(0, 5)).toEqual([1, -2, 3.140625, Infinity, -Infinity]);
    expect(out[5]).toBe(Math.fround(2 ** -133)); // the smallest bf16 subnormal
    expect(Object.is(out[6], -0)).toBe(true);
  });
});

describe('headerLength', () => {
  it('reads the little-endian u64 header length', () => {
    const b = new Uint8Array([16, 1, 0, 0, 0, 0, 0, 0]);
    expect(headerLength(b, 8 + 272, 'm.safetensors')).toBe(272);
  });
  it('refuses a file shorter than 8 bytes', () => {
    expect(codeOf(() => headerLength(new Uint8Array(3), 3, 'm.safetensors'))).toMatch(/^E_SAFETENSORS: m\.safetensors: .*shorter than the 8-byte header length/);
  });
  it('refuses a header length running past the end of the file', () => {
    expect(codeOf(() => headerLength(new Uint8Array([0, 1, 0, 0, 0, 0, 0, 0]), 100, 'm.safetensors'))).toMatch(/^E_SAFETENSORS: m\.safetensors: .*header length 256 runs past the end of the file \(100 bytes/);
  });
  it('refuses a header length over 100 MB before allocating it', () => {
    expect(codeOf(() => headerLength(new Uint8Array([0, 0, 0, 0, 1, 0, 0, 0]), 100, 'm.safetensors'))).toMatch(/^E_SAFETENSORS: .*over the 100000000-byte limit/);
  });
});

describe('parseHeader', () => {
  const size = (json: Uint8Array, data: number) => 8 + json.length + data;
  it('returns tensors, metadata and where the data starts', () => {
    const json = enc({ __metadata__: { format: 'pt' }, b: { dtype: 'F16', shape: [2], data_offsets: [8, 12] }, a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
    const h = parseHeader(json, size(json, 12), 'm.safetensors');
    expect(h.metadata).toEqual({ format: 'pt' });
    expect(h.tensors.b).toEqual({ dtype: 'F16', shape: [2], data_offsets: [8, 12] });
    expect(h.dataStart).toBe(8 + json.length);
  });
  it.each([
    ['invalid JSON', new TextEncoder().encode('{"a": '), 0, /header is not valid UTF-8 JSON/],
    ['a JSON array', enc([1, 2]), 0, /header is not a JSON object/],
    ['an unknown dtype', enc({ a: { dtype: 'F17', shape: [1], data_offsets: [0, 4] } }), 4, /tensor "a" has unknown dtype "F17"/],
    ['a negative dimension', enc({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }), 4, /shape \[-1\] is not a list of non-negative integers/],
    ['offsets past the data', enc({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }), 4, /data_offsets \[0, 8\] run past the 4-byte data section/],
    ['reversed offsets', enc({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }), 4, /is not \[begin, end\]/],
    ['a size that disagrees with the shape', enc({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }), 8, /has 8 bytes but F32 \[3\] needs 12/],
    ['overlapping tensors', enc({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }), 12, /"b" bytes \[4, 12\) overlap "a"/],
    ['a hole between tensors', enc({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] } }), 12, /4 unindexed bytes before tensor "b"/],
    ['trailing bytes', enc({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }), 8, /data section is 8 bytes but the tensors cover 4/],
  ])('refuses %s with E_SAFETENSORS naming the file', (_, json, data, message) => {
    const got = codeOf(() => parseHeader(json, size(json, data), 'dir/m.safetensors'));
    expect(got).toMatch(/^E_SAFETENSORS: dir\/m\.safetensors: not a valid safetensors file: /);
    expect(got).toMatch(message);
  });
});

describe('SafetensorsFile', () => {
  it('reads a tensor of the tiny fixture exactly as stored', async () => {
    const file = await SafetensorsFile.open(join(TINY, 'model.safetensors'));
    try {
      expect(file.header.tensors['pre_classifier.weight'].shape).toEqual([32, 32]);
      const got = await file.readFloat32('classifier.bias');
      expect(Array.from(got)).toEqual(Array.from(f32(readRaw(join(TINY, 'model.safetensors'))['classifier.bias'].bytes)));
    } finally {
      await file.close();
    }
  });

  it('converts F16 and BF16 tensors to float32 when reading', async () => {
    const dir = tempDir();
    try {
      const half = new Uint16Array([0x3c00, 0xb800, 0x4248]); // 1, -0.5, 3.140625
      const brain = new Uint16Array([0x3f80, 0xbf00, 0x4049]); // 1, -0.5, 3.140625
      const path = join(dir, 'm.safetensors');
      writeHeaderAndData(path, { h: { dtype: 'F16', shape: [3], data_offsets: [0, 6] }, b: { dtype: 'BF16', shape: [3], data_offsets: [6, 12] } }, [new Uint8Array(half.buffer), new Uint8Array(brain.buffer)]);
      const file = await SafetensorsFile.open(path);
      expect(Array.from(await file.readFloat32('h'))).toEqual([1, -0.5, 3.140625]);
      expect(Array.from(await file.readFloat32('b'))).toEqual([1, -0.5, 3.140625]);
      await file.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
