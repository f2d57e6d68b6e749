import { planBatches } from '../../src/model/batching.js';

describe('planBatches', () => {
  it('sorts by length and pads each batch only to its own longest member', () => {
    const batches = planBatches([9, 3, 7, 3, 12, 5], { batchSize: 2 });
    expect(batches).toEqual([
      { indices: [1, 3], width: 3 },
      { indices: [5, 2], width: 7 },
      { indices: [0, 4], width: 12 },
    ]);
  });

  it('covers every index exactly once', () => {
    const lengths = Array.from({ length: 101 }, (_, i) => (i * 37) % 50 + 2);
    const seen = planBatches(lengths, { batchSize: 8 }).flatMap((b) => b.indices).sort((a, b) => a - b);
    expect(seen).toEqual(lengths.map((_, i) => i));
  });

  it('caps rows x width x width so long sequences go a few at a time', () => {
    const batches = planBatches(new Array(20).fill(512), { batchSize: 32 });
    expect(batches.map((b) => b.indices.length)).toEqual([8, 8, 4]);
  });

  it('always takes at least one row, however long', () => {
    expect(planBatches([4096], { batchSize: 32, maxCells: 10 })).toEqual([{ indices: [0], width: 4096 }]);
  });

  it('returns no batch for no input', () => {
    expect(planBatches([], { batchSize: 4 })).toEqual([]);
  });
});
