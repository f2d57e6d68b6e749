import { fromFloat16Bits, toFloat16Bits } from '../../src/train/float16.js';

describe('float16', () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [65504, 0x7bff],
    [65520, 0x7c00], // rounds up past the largest half: Infinity
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -14, 0x0400], // smallest normal
    [1 + 2 ** -11, 0x3c00], // a tie rounds to even (down)
    [1 + 3 * 2 ** -11, 0x3c02], // a tie rounds to even (up)
    [-0, 0x8000],
    [Infinity, 0x7c00],
  ])('encodes %p as 0x%s', (value, bits) => {
    expect(toFloat16Bits(value)).toBe(bits);
  });

  it('decodes every finite half back to the value that encodes to it', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // Inf / NaN
      expect(toFloat16Bits(fromFloat16Bits(h))).toBe(h);
    }
  });

  it('encodes NaN as a NaN half', () => {
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
  });
});
