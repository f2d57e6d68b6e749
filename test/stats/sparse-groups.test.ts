import type { ResultRecord } from '../../src/result/index.js';
import { analyzeProbe } from '../../src/stats/index.js';

function record(template_id: string, country: string, score: number): ResultRecord {
  return {
    text: `${template_id}: ${country}`, template: `${template_id} {country}`, template_id, frame: 'neutral', paraphrase_of: null,
    slots: { country: { value: country } }, control: false, group: country, filler: country, probs: [1 - score, score], score,
    label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
  };
}

/**
 * A sparse design (what `--limit` leaves of a big probe): six templates with countries A to D in each, and E, which is
 * far lower, in one template only. Before, E's bootstrap drew its one contrast every time (SE 5e-15): a zero-width
 * interval, p 0 and a "shown" finding from one sentence.
 */
describe('a group seen in fewer than three template families', () => {
  const scores: Record<string, number[]> = { A: [0.8, 0.7, 0.75, 0.82, 0.71, 0.77], B: [0.5, 0.55, 0.6, 0.52, 0.58, 0.5],
    C: [0.3, 0.35, 0.28, 0.33, 0.31, 0.36], D: [0.6, 0.62, 0.58, 0.61, 0.57, 0.63] };
  const records = Object.entries(scores).flatMap(([c, s]) => s.map((x, t) => record(`t${t}`, c, x)));
  records.push(record('t0', 'E', 0.05));
  const stats = analyzeProbe(records, { attribute: 'country', seed: 3, resamples: 300 });
  const e = stats.groups.find((g) => g.key === 'E')!;

  it('keeps its estimate but has no SE, interval or test, and is not marked', () => {
    expect(e.n).toBe(1);
    expect(e.centred).toBeLessThan(-0.3);
    expect([e.se, e.df, e.p, e.p_adj]).toEqual([NaN, NaN, NaN, NaN]);
    expect(e.sim_ci.every(Number.isNaN)).toBe(true);
    expect(e.centred_ci.every(Number.isNaN)).toBe(true);
    expect(e.significant).toBe(false);
  });

  it('leaves the groups seen in every family with finite intervals at their own df', () => {
    const a = stats.groups.find((g) => g.key === 'A')!;
    expect(a.df).toBe(5);
    expect(a.sim_ci[0]).toBeGreaterThan(0);
    expect(stats.design.df).toBe(5);
  });

  it('cannot pass max_abs_effect or effect_sd on the measured groups alone: their upper bounds are 1', () => {
    expect(stats.summary.max_abs_effect!.ci[1]).toBe(1);
    expect(stats.summary.effect_sd!.ci[1]).toBe(1);
    expect(stats.summary.max_abs_effect!.ci[0]).toBeGreaterThan(0.1);
  });
});
