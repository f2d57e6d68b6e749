import { analyzeProbe } from '../../src/stats/index.js';
import { alignByText, PAIRED_METRICS, pairedEstimates } from '../../src/review/paired.js';
import { percentileInterval } from '../../src/stats/descriptive.js';
import { makeRun } from './helpers/synthetic.js';

describe('pairedEstimates', () => {
  it('recomputes every paired metric exactly as the stats stage computes it', () => {
    // Two filler combinations per template and a label flip or two, so that every metric is non-trivial.
    const run = makeRun({ base: (t) => 0.4 + 0.03 * t, templates: 5 });
    const extra = run.records.map((r) => ({
      ...r, text: `${r.text} Again.`, slots: { ...r.slots, time: { value: 'again' } },
      score: Math.min(0.99, r.score + 0.04), label: r.score + 0.04 >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
    }));
    run.records = [...run.records.map((r) => ({ ...r, slots: { ...r.slots, time: { value: 'once' } } })), ...extra];
    const stats = analyzeProbe(run.records, { attribute: 'country', seed: 3, resamples: 200 });
    const paired = pairedEstimates(alignByText(run, run), { attribute: 'country', seed: 3, resamples: 200 });
    for (const m of PAIRED_METRICS) {
      expect([m, paired.metrics[m].a]).toEqual([m, expect.closeTo(stats.summary[m]!.value, 12)]);
      expect(paired.metrics[m].ci).toEqual([0, 0]);
    }
    expect(stats.summary.flip_rate!.value).toBeGreaterThan(0);
    // Group changes are changes of the group effect: the same contrast as the stats stage's.
    paired.groups.forEach((g, i) => expect(g.a).toBeCloseTo(stats.groups.find((s) => s.key === paired.groupKeys[i])!.centred, 12));
  });

  it('takes percentile intervals with linear interpolation, skipping NaN', () => {
    const draws = [...Array.from({ length: 41 }, (_, i) => i), NaN];
    expect(percentileInterval(draws)).toEqual([1, 39]);
    expect(percentileInterval([NaN])).toEqual([NaN, NaN]);
  });
});
