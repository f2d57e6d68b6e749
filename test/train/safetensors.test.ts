import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { decodeSafetensors, encodeSafetensors, readSafetensorsHeader } from '../../src/train/safetensors.js';

const tensors = {
  'b.bias': { shape: [3], data: Float32Array.from([0.5, -1.25, 3]) },
  'a.weight': { shape: [2, 2], data: Float32Array.from([1 / 3, -2, 1e-3, 70000]) },
};

describe('safetensors', () => {
  it('writes a header the size of a multiple of 8 with sorted names and back-to-back offsets', () => {
    const buf = encodeSafetensors(tensors, 'F32');
    const n = Number(buf.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const header = JSON.parse(buf.subarray(8, 8 + n).toString());
    expect(Object.keys(header)).toEqual(['__metadata__', 'a.weight', 'b.bias']);
    expect(header['a.weight']).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    expect(header['b.bias']).toEqual({ dtype: 'F32', shape: [3], data_offsets: [16, 28] });
    expect(buf.length).toBe(8 + n + 28);
  });

  it('reads F32 back exactly', () => {
    const back = decodeSafetensors(encodeSafetensors(tensors, 'F32'), 'mem');
    expect(Array.from(back['a.weight'].data)).toEqual(Array.from(tensors['a.weight'].data));
    expect(back['b.bias'].shape).toEqual([3]);
  });

  it('reads F16 back to half precision (overflow becomes Infinity)', () => {
    const back = decodeSafetensors(encodeSafetensors(tensors, 'F16'), 'mem');
    expect(back['a.weight'].data[0]).toBeCloseTo(1 / 3, 3);
    expect(back['a.weight'].data[0]).not.toBe(Math.fround(1 / 3));
    expect(back['a.weight'].data[3]).toBe(Infinity);
    expect(Array.from(back['b.bias'].data)).toEqual([0.5, -1.25, 3]);
  });

  it('reads the Hugging Face tiny fixture written by torch', () => {
    const file = join(HF_FIXTURES, 'tiny', 'model.safetensors');
    const arrays = decodeSafetensors(readFileSync(file), file);
    expect(arrays['distilbert.embeddings.word_embeddings.weight'].shape).toEqual([30522, 32]);
    expect(arrays['classifier.weight'].data.length).toBe(64);
  });

  it('rejects a header length beyond the file with E_SAFETENSORS naming the file', () => {
    const buf = Buffer.alloc(16);
    buf.writeBigUInt64LE(1000n);
    expect(() => readSafetensorsHeader(buf, 'broken.safetensors')).toThrow(
      expect.objectContaining({ code: 'E_SAFETENSORS', message: expect.stringContaining('broken.safetensors') }),
    );
  });
});
