import { holmAdjust, summarizeSwaps, type SwapRow } from '../../../src/stats/fairness/index.js';
import { normalPpf } from '../../../src/stats/distributions.js';
import { mulberry32 } from '../../../src/stats/random.js';
import { wilson } from '../../../src/stats/fairness/intervals.js';

describe('counterfactual swap statistics', () => {
  const rows: SwapRow[] = [
    { source: 0, original: 0.9, counterfactual: 0.4 }, // flips
    { source: 0, original: 0.9, counterfactual: 0.8 },
    { source: 1, original: 0.2, counterfactual: 0.3 },
    { source: 2, original: 0.6, counterfactual: 0.6 },
  ];

  it('give the mean change, the mean |change| (CTF gap) and the flip rate at the threshold', () => {
    const s = summarizeSwaps(rows, { threshold: 0.5, resamples: 200, seed: 1 });
    expect(s.counterfactuals).toBe(4);
    expect(s.sources).toBe(3);
    expect(s.mean_change.value).toBeCloseTo((-0.5 - 0.1 + 0.1 + 0) / 4, 12);
    expect(s.ctf_gap.value).toBeCloseTo((0.5 + 0.1 + 0.1) / 4, 12);
    expect(s.flip_rate.value).toBe(0.25);
    // Wilson with the 3 source texts as the sample size (clustered flips count as one text's share).
    expect(s.flip_rate.ci).toEqual(wilson(0.75, 3));
  });

  it('give no interval from fewer than 3 source texts, and never a zero-width one', () => {
    const opts = { threshold: 0.5, resamples: 50, seed: 1 };
    const one = summarizeSwaps([
      { source: 0, original: 0.9, counterfactual: 0.7 }, { source: 0, original: 0.9, counterfactual: 0.6 },
    ], opts);
    expect(one.mean_change).toEqual({ value: expect.closeTo(-0.25, 12), ci: [null, null] });
    expect(one.ctf_gap.ci).toEqual([null, null]);
    expect(one.flip_rate.value).toBe(0);
    expect(one.flip_rate.ci[1]!).toBeGreaterThan(0.5);
    const rows50 = Array.from({ length: 50 }, (_, i) => ({ source: i, original: 0.8, counterfactual: 0.8 - (i % 5) / 100 }));
    const none = summarizeSwaps(rows50, opts);
    expect(none.flip_rate.value).toBe(0);
    expect(none.flip_rate.ci[1]!).toBeGreaterThan(0.05);
    expect(none.ctf_gap.ci[0]!).toBeLessThan(none.ctf_gap.value!);
    expect(none.ctf_gap.ci[1]!).toBeGreaterThan(none.ctf_gap.value!);
  });

  it('have no test when nothing changes', () => {
    const s = summarizeSwaps([{ source: 0, original: 0.3, counterfactual: 0.3 }], { threshold: 0.5, resamples: 10, seed: 1 });
    expect(s.p).toBeNull();
    expect(s.ctf_gap.value).toBe(0);
  });

  it('leave untested pairs out of the Holm family', () => {
    expect(holmAdjust([0.01, null, 0.04])).toEqual([0.02, null, 0.04]);
  });

  // Sources carry a shared random effect, so per-row intervals would be too narrow; clustered ones must not be.
  it('cover the true mean change about 95% of the time when a source\'s counterfactuals are correlated', () => {
    const rng = mulberry32(99);
    const gauss = () => normalPpf((rng.nextUint32() + 0.5) / 4294967296);
    const truth = 0.05;
    let hits = 0;
    let rejections = 0;
    const runs = 200;
    for (let run = 0; run < runs; run++) {
      const data: SwapRow[] = [];
      const nullRows: SwapRow[] = [];
      for (let s = 0; s < 60; s++) {
        const effect = truth + 0.1 * gauss();
        const nullEffect = 0.1 * gauss();
        for (let k = 0; k < 4; k++) {
          const original = rng.next();
          data.push({ source: s, original, counterfactual: original + effect + 0.02 * gauss() });
          nullRows.push({ source: s, original, counterfactual: original + nullEffect + 0.02 * gauss() });
        }
      }
      const m = summarizeSwaps(data, { threshold: 0.5, resamples: 300, seed: run }).mean_change;
      if (m.ci[0]! <= truth && truth <= m.ci[1]!) hits++;
      if (summarizeSwaps(nullRows, { threshold: 0.5, resamples: 0, seed: run }).p! < 0.05) rejections++;
    }
    expect(hits / runs).toBeGreaterThan(0.9);
    expect(hits / runs).toBeLessThan(0.99);
    // Under no effect, the paired test rejects near its nominal 5%.
    expect(rejections / runs).toBeLessThan(0.09);
  });
});
