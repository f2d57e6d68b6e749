import { epochBatches, padBatch, parseSst2 } from '../../src/train/data.js';

describe('parseSst2', () => {
  it('trims the trailing space of each sentence and reads the label', () => {
    expect(parseSst2('sentence\tlabel\nit \'s a charming journey \t1\nflat \t0\n', 'x.tsv')).toEqual([
      { text: "it 's a charming journey", label: 1 },
      { text: 'flat', label: 0 },
    ]);
  });

  it('reports every malformed row with file and line', () => {
    let error: unknown;
    try {
      parseSst2('sentence\tlabel\ngood \t1\nno tab here\nbad \t7\n', 'x.tsv');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'E_DATASET', problems: ['x.tsv:3: expected "sentence<TAB>0|1"', 'x.tsv:4: expected "sentence<TAB>0|1"'] });
  });

  it('rejects a file without the GLUE header', () => {
    expect(() => parseSst2('good\t1\n', 'x.tsv')).toThrow(expect.objectContaining({ code: 'E_DATASET' }));
  });
});

describe('epochBatches', () => {
  const lengths = Array.from({ length: 1000 }, (_, i) => 3 + ((i * 37) % 40));

  it('covers every example exactly once per epoch', () => {
    const batches = epochBatches(lengths, 32, 42, 0);
    expect(batches).toHaveLength(Math.ceil(1000 / 32));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(lengths.map((_, i) => i));
  });

  it('is a pure function of (seed, epoch) and changes between epochs', () => {
    expect(epochBatches(lengths, 32, 42, 1)).toEqual(epochBatches(lengths, 32, 42, 1));
    expect(epochBatches(lengths, 32, 42, 1)).not.toEqual(epochBatches(lengths, 32, 42, 2));
    expect(epochBatches(lengths, 32, 43, 1)).not.toEqual(epochBatches(lengths, 32, 42, 1));
  });

  it('groups similar lengths so that padding stays small', () => {
    const batches = epochBatches(lengths, 32, 42, 0);
    const padded = batches.reduce((n, b) => n + b.length * Math.max(...b.map((i) => lengths[i])), 0);
    const real = lengths.reduce((a, b) => a + b, 0);
    expect(padded / real).toBeLessThan(1.1);
  });
});

describe('padBatch', () => {
  it('right-pads with [PAD] = 0 and masks the padding', () => {
    const { ids, mask, length } = padBatch([[101, 7, 102], [101, 102]]);
    expect(length).toBe(3);
    expect(Array.from(ids)).toEqual([101, 7, 102, 101, 102, 0]);
    expect(Array.from(mask)).toEqual([1, 1, 1, 1, 1, 0]);
  });
});

describe('countryCoverage', () => {
  it('counts whole-word occurrences, never and rare separately', async () => {
    const { countryCoverage } = await import('../../src/train/coverage.js');
    const texts = ['i love france', 'france , france and frances', 'the french', 'chad chad chad chad chad'];
    expect(countryCoverage(texts, ['france', 'kenya', 'chad'])).toEqual({ names: 3, never: 1, rare: 1 });
  });
});
