import { analyzeProbe } from '../../src/stats/index.js';
import { alignByText, PAIRED_METRICS, pairedEstimates } from '../../src/review/paired.js';
import { percentileInterval } from '../../src/stats/descriptive.js';
import { tPpf } from '../../src/stats/distributions.js';
import { simultaneousCritical } from '../../src/stats/probe/intervals.js';
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

  it('gives each group the change of its effect with a t interval inside a wider simultaneous one', () => {
    const a = makeRun({ templates: 8 });
    const b = makeRun({ templates: 8, model: { fingerprint: 'sha256:b' } });
    // B moves France's sentences by a template-dependent amount and every sentence by +0.02.
    b.records = b.records.map((r, i) => ({ ...r, score: r.score + 0.02 + (r.group === 'France' ? 0.01 * ((i * 7) % 5) : 0) }));
    const statsA = analyzeProbe(a.records, { attribute: 'country', seed: 1, resamples: 200 });
    const statsB = analyzeProbe(b.records, { attribute: 'country', seed: 1, resamples: 200 });
    const paired = pairedEstimates(alignByText(a, b), { attribute: 'country', seed: 1, resamples: 200 });
    paired.groups.forEach((g, i) => {
      const key = paired.groupKeys[i];
      const effect = (s: typeof statsA) => s.groups.find((x) => x.key === key)!.centred;
      // The effect is linear in the scores: the change is B's effect minus A's, exactly.
      expect(g.change).toBeCloseTo(effect(statsB) - effect(statsA), 12);
      const half = tPpf(0.975, g.df) * g.se;
      expect(g.ci).toEqual([expect.closeTo(g.change - half, 12), expect.closeTo(g.change + half, 12)]);
      expect(g.sim_ci[0]).toBeLessThan(g.ci[0]);
      expect(g.sim_ci[1]).toBeGreaterThan(g.ci[1]);
    });
    // Only France's sentences vary from template to template: the other groups' changes vary through the average.
    const france = paired.groups[paired.groupKeys.indexOf('France')];
    expect(france.se).toBeGreaterThan(0.001);
    // The metric changes hold their estimates, and the largest effect's change is bounded by the largest change.
    for (const m of PAIRED_METRICS) {
      const { ci, change } = paired.metrics[m];
      expect([m, ci[0] <= change, change <= ci[1]]).toEqual([m, true, true]);
    }
    // Each change's simultaneous interval over the 3G intervals (θ_A, θ_B and the changes) bounds it.
    const G = paired.groups.length;
    const largest = Math.max(...paired.groups.map((g) => Math.abs(g.change) + simultaneousCritical(3 * G, g.df) * g.se));
    expect(paired.metrics.max_abs_effect.ci[1]).toBeLessThanOrEqual(largest + 1e-12);
    expect(paired.metrics.max_abs_effect.ci[0]).toBeGreaterThanOrEqual(-largest - 1e-12);
  });

  it('finds no change at all when run B moves every sentence alike: the effects are contrasts', () => {
    const a = makeRun({ templates: 6 });
    const b = makeRun({ templates: 6, model: { fingerprint: 'sha256:b' } });
    b.records = b.records.map((r) => ({ ...r, score: r.score + 0.03 }));
    const paired = pairedEstimates(alignByText(a, b), { attribute: 'country', seed: 2, resamples: 100 });
    for (const g of paired.groups) expect(g.sim_ci).toEqual([expect.closeTo(0, 12), expect.closeTo(0, 12)]);
    expect(paired.metrics.max_abs_effect.ci).toEqual([expect.closeTo(0, 12), expect.closeTo(0, 12)]);
    expect(paired.metrics.mean_score.change).toBeCloseTo(0.03, 12);
  });

  it('takes percentile intervals with linear interpolation, skipping NaN', () => {
    const draws = [...Array.from({ length: 41 }, (_, i) => i), NaN];
    expect(percentileInterval(draws)).toEqual([1, 39]);
    expect(percentileInterval([NaN])).toEqual([NaN, NaN]);
  });
});
