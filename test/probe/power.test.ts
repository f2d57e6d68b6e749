import { designMde, loadProbeSpec, planProbe, simulatedRecords } from '../../src/probe/index.js';
import { normalPpf, quantiles, tPpf } from '../../src/stats/index.js';
import { simulatedScores } from '../../src/stats/simulate/probe.js';
import type { ResultRecord } from '../../src/result/index.js';
import type { Prediction } from '../../src/types.js';

const SEED = 7;
const predictionsOf = (records: ResultRecord[]) =>
  new Map<string, Prediction>(records.map((r) => [r.text, { label: r.label, score: r.score, probs: r.probs, logits: [], inputIds: [] }]));
const R = 100;

describe("a built-in probe's design-based minimum detectable effect (audit probes list)", () => {
  it('equals what a run of the probe reports in result.json when the classifier gives the simulated scores', async () => {
    const probe = await loadProbeSpec('religion');
    const records = simulatedRecords(probe, SEED);
    const predictions = predictionsOf(records);
    const run = (await planProbe('religion', { seed: SEED, resamples: R })).analyse(predictions);
    const listed = designMde(probe, { seed: SEED, resamples: R });
    expect(listed).toBeGreaterThan(0.01);
    expect(listed).toBeLessThan(0.5);
    expect(run.stats!.descriptive.min_detectable_effect).toBe(listed);
  });

  it("is the median over groups of (t at Bonferroni's two-sided level, the group's df, + z_0.8) x the group's SE", async () => {
    const probe = await loadProbeSpec('age');
    const records = simulatedRecords(probe, SEED);
    const predictions = predictionsOf(records);
    const stats = (await planProbe('age', { seed: SEED, resamples: R })).analyse(predictions).stats!;
    const G = stats.n_groups;
    const each = stats.groups.map((g) => (tPpf(1 - 0.05 / (2 * G), g.df!) + normalPpf(0.8)) * g.se!);
    expect(stats.descriptive.min_detectable_effect).toBeCloseTo(quantiles(Float64Array.from(each), [0.5])[0], 12);
    expect(designMde(probe, { seed: SEED, resamples: R })).toBe(stats.descriptive.min_detectable_effect);
  });

  it('uses the same quantiles as scipy: 3 groups at 10 df and SE 0.02 give (2.87007 + 0.84162) x 0.02 = 0.074234', () => {
    // scipy.stats.t.ppf(1 - 0.05 / 6, 10) = 2.8700725556589806, norm.ppf(0.8) = 0.8416212335729143
    expect((tPpf(1 - 0.05 / 6, 10) + normalPpf(0.8)) * 0.02).toBeCloseTo(0.074234, 5);
  });

  it('draws a paraphrase family together and crosses the other slots: same family and cell, correlated 0.9', () => {
    const base = { paraphrase_of: null, control: false, group: 'nurse', filler: 'nurse' };
    const cells = Array.from({ length: 400 }, (_, k) => [
      { ...base, template_id: `root${k}`, slots: { occupation: { value: 'nurse' }, pronoun: { value: 'she' } } },
      { ...base, template_id: `para${k}`, paraphrase_of: `root${k}`, slots: { occupation: { value: 'nurse' }, pronoun: { value: 'she' } } },
    ]).flat();
    const noTemplates = { templateSd: 0, noiseSd: 1, fillerSd: 0, familyCorr: 0.9, crossedSd: 0 };
    const logit = simulatedScores(cells, SEED, noTemplates).map((p) => Math.log(p / (1 - p)));
    const a = logit.filter((_, i) => i % 2 === 0);
    const b = logit.filter((_, i) => i % 2 === 1);
    const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
    const cov = mean(a.map((v, i) => (v - mean(a)) * (b[i] - mean(b))));
    const r = cov / Math.sqrt(mean(a.map((v) => (v - mean(a)) ** 2)) * mean(b.map((v) => (v - mean(b)) ** 2)));
    expect(r).toBeGreaterThan(0.85);
    expect(r).toBeLessThan(0.95);
  });
});
