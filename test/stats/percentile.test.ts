import { percentileInterval } from '../../src/stats/index.js';

describe('percentileInterval (the one percentile helper for bootstrap intervals)', () => {
  it('gives numpy.percentile(range(1, 101), [2.5, 97.5]) = [3.475, 97.525] (linear interpolation)', () => {
    const draws = Float64Array.from({ length: 100 }, (_, i) => 100 - i); // order does not matter
    const [low, high] = percentileInterval(draws);
    expect(low).toBeCloseTo(3.475, 12);
    expect(high).toBeCloseTo(97.525, 12);
  });

  it('skips NaN draws, takes another level, and is [NaN, NaN] without a number', () => {
    expect(percentileInterval([NaN, 0, NaN, 10], 0.5)).toEqual([2.5, 7.5]);
    expect(percentileInterval([NaN, NaN])).toEqual([NaN, NaN]);
  });
});
