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

  it('caps padded tokens and attention cells so long sequences go a few at a time: 1 row of 512, 8 of 128', () => {
    expect(planBatches(new Array(3).fill(512), { batchSize: 32 }).map((b) => b.indices.length)).toEqual([1, 1, 1]);
    expect(planBatches(new Array(5).fill(300), { batchSize: 32 }).map((b) => b.indices.length)).toEqual([2, 2, 1]);
    expect(planBatches(new Array(20).fill(128), { batchSize: 32 }).map((b) => b.indices.length)).toEqual([8, 8, 4]);
  });

  it('leaves short probe sentences at the batch size', () => {
    expect(planBatches(new Array(70).fill(24), { batchSize: 32 }).map((b) => b.indices.length)).toEqual([32, 32, 6]);
  });

  it('caps attention cells (rows x width x width) when asked for fewer than the token cap allows', () => {
    const batches = planBatches(new Array(10).fill(100), { batchSize: 32, maxTokens: 10_000, maxCells: 30_000 });
    expect(batches.map((b) => b.indices.length)).toEqual([3, 3, 3, 1]);
  });

  it('counts the width a longer newcomer would impose on the whole batch', () => {
    // Three rows of 10 fit in 40 tokens; a fourth of length 20 would pad all four to 80 tokens.
    expect(planBatches([10, 10, 10, 20], { batchSize: 8, maxTokens: 40 })).toEqual([
      { indices: [0, 1, 2], width: 10 },
      { indices: [3], width: 20 },
    ]);
  });

  it('always takes at least one row, however long', () => {
    expect(planBatches([4096], { batchSize: 32, maxCells: 10 })).toEqual([{ indices: [0], width: 4096 }]);
    expect(planBatches([4096, 4096], { batchSize: 32, maxTokens: 10 }).map((b) => b.indices)).toEqual([[0], [1]]);
  });

  it('returns no batch for no input', () => {
    expect(planBatches([], { batchSize: 4 })).toEqual([]);
  });
});
