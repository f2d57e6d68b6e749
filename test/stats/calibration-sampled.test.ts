/**
 * The CI-sized run of `npm run calibrate:sampled` (docs/statistics.md "Sampled scores"): LLM scores sampled from K
 * answers per text, against the true probabilities. Seeded, so the numbers are fixed; the bounds are the table's
 * claims with room for the small number of simulations.
 */
import { aucAttenuation, binomial, calibrateSampled, sampledRecords, SAMPLED_DESIGNS } from '../../src/stats/simulate/sampled.js';
import { stream } from '../../src/stats/probe/streams.js';

const [unequal, saturated] = SAMPLED_DESIGNS;

describe('sampled scores (K answers per text) in the probe statistics, against the known true probabilities', () => {
  it('draws each sampled score as a binomial share of K answers around its true probability', () => {
    const rng = stream(1, 'test:binomial');
    const draws = Array.from({ length: 4000 }, () => binomial(rng, 10, 0.3));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / (draws.length - 1);
    expect(Math.abs(mean - 3)).toBeLessThan(4 * Math.sqrt(2.1 / 4000));
    expect(variance).toBeGreaterThan(1.9);
    expect(variance).toBeLessThan(2.3);
    const { truth, sampled } = sampledRecords(unequal, 25, 4);
    expect(sampled).toHaveLength(truth.length);
    sampled.forEach((r, i) => {
      expect(r.text).toBe(truth[i].text);
      expect(r.answers!.n).toBe(25);
      expect(r.score).toBe(r.answers!.counts[1] / 25);
    });
    const z2 = sampled.reduce((a, r, i) => a + (r.score - truth[i].score) ** 2 / (truth[i].score * (1 - truth[i].score) / 25), 0);
    expect(z2 / sampled.length).toBeGreaterThan(0.75);
    expect(z2 / sampled.length).toBeLessThan(1.25);
  });

  it('keeps the group effects\' false-positive rate near 5% and their coverage of the true effect near 95% at K = 10', () => {
    for (const design of [unequal, saturated]) {
      const c = calibrateSampled(design, 10, 20, 50);
      // 20 simulations: the true-probability analysis of the same texts scatters as much (8 to 10% here; 4 to 5% at 200).
      expect(c.fpr).toBeLessThan(0.11);
      expect(c.coverage).toBeGreaterThan(0.89);
      expect(Math.abs(c.fpr - c.truthFpr)).toBeLessThan(0.04);
      // effect_sd is debiased by the SEs, which hold the binomial noise: no bias to speak of.
      expect(Math.abs(c.effectSdBias)).toBeLessThan(0.006);
      // max_abs_effect's estimate is pushed up by the noise.
      expect(c.maxAbsBias).toBeGreaterThan(0);
    }
  });

  it('shows flip_rate biased upward by sampling where scores sit near 1/2, less with more answers', () => {
    const k10 = calibrateSampled(unequal, 10, 15, 50);
    const k100 = calibrateSampled(unequal, 100, 15, 50);
    expect(k10.flipRateBias).toBeGreaterThan(0.08);
    expect(k100.flipRateBias).toBeGreaterThan(0);
    expect(k100.flipRateBias).toBeLessThan(k10.flipRateBias / 3);
  });

  it('shows own-data AUCs pulled toward 0.5 by sampling, by about 0.05 at K = 10 and under 0.01 at K = 100', () => {
    const k10 = aucAttenuation(10, 20);
    const k100 = aucAttenuation(100, 20);
    expect(k10.bias).toBeLessThan(-0.03);
    expect(k10.bias).toBeGreaterThan(-0.07);
    expect(Math.abs(k100.bias)).toBeLessThan(0.01);
  });
});
