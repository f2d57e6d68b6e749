import type { ProbeStats, ResultRecord } from '../../src/result-types.js';
import { AuditError } from '../../src/errors.js';
import { analyzeProbe } from '../../src/stats/index.js';
import { generate, groupKey, templateBases } from './synthetic.js';

function record(template_id: string, country: string, score: number, extra: Partial<ResultRecord> = {}): ResultRecord {
  return {
    text: `${template_id}: ${country}`,
    template: `${template_id} {country}`,
    template_id,
    frame: 'neutral',
    paraphrase_of: null,
    slots: { country: { value: country, region: country === 'A' ? 'North' : 'South' } },
    control: false,
    group: country,
    filler: country,
    probs: [1 - score, score],
    score,
    label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
    ...extra,
  };
}

const byKey = (stats: ProbeStats, key: string) => stats.groups.find((g) => g.key === key)!;
const width = (ci: [number, number]) => ci[1] - ci[0];

describe('analyzeProbe on a hand-computed grid (2 templates x 3 groups)', () => {
  const records = [
    record('t1', 'A', 0.9), record('t1', 'B', 0.6), record('t1', 'C', 0.3),
    record('t2', 'A', 0.8), record('t2', 'B', 0.2), record('t2', 'C', 0.5),
    record('t1', 'blick', 0.55, { control: true }), record('t1', 'florp', 0.65, { control: true }),
    record('t2', 'blick', 0.45, { control: true }), record('t2', 'florp', 0.5, { control: true }),
  ];
  const stats = analyzeProbe(records, { attribute: 'country', seed: 7, resamples: 200 });

  it('counts records, groups and templates, leaving control words out of the groups', () => {
    expect([stats.n_records, stats.n_groups, stats.n_templates]).toEqual([10, 3, 2]);
    expect(stats.groups.map((g) => [g.key, g.n])).toEqual([['A', 2], ['B', 2], ['C', 2]]);
  });

  it('computes group means, centred means and ranks (ties share the better rank)', () => {
    expect(stats.groups.map((g) => g.mean)).toEqual([0.85, 0.4, 0.4].map((v) => expect.closeTo(v, 12)));
    expect(stats.groups.map((g) => g.centred)).toEqual([0.3, -0.15, -0.15].map((v) => expect.closeTo(v, 12)));
    expect(stats.groups.map((g) => g.rank)).toEqual([1, 2, 2]);
    expect(byKey(stats, 'A')).toMatchObject({ templates_above: 2, templates_below: 0 });
  });

  it('summarises each template: mean, median, ScoreRange, ScoreSD and the pairwise flip rate', () => {
    const [t1, t2] = stats.templates;
    expect([t1.n, t1.mean, t1.median, t1.score_range, t1.score_sd, t1.flip_rate]).toEqual(
      [3, 0.6, 0.6, 0.6, 0.3, 2 / 3].map((v) => expect.closeTo(v, 12)),
    );
    expect([t2.mean, t2.median, t2.score_range, t2.score_sd, t2.flip_rate]).toEqual(
      [0.5, 0.5, 0.6, 0.3, 2 / 3].map((v) => expect.closeTo(v, 12)),
    );
  });

  it('tests A against the rest on its paired differences (0.45, 0.45): both p-values are 0.5', () => {
    const a = byKey(stats, 'A');
    expect(a.p).toBeCloseTo(0.5, 12);
    expect(a.p_perm).toBeCloseTo(0.5, 12);
    expect(a.significant).toBe(false);
    expect(a.direction).toBe('none');
  });

  it('runs Friedman with templates as blocks: chi2 = 3 on 2 df, p = exp(-1.5)', () => {
    expect(stats.omnibus.friedman).toEqual({ statistic: expect.closeTo(3, 12), p: expect.closeTo(Math.exp(-1.5), 12), k: 3, n: 2 });
  });

  it('describes the control words as a null baseline', () => {
    expect(stats.control).toMatchObject({
      n_groups: 2, score_range: expect.closeTo(0.075, 12), sd: expect.closeTo(Math.SQRT1_2 * 0.075, 12),
    });
    expect(stats.control!.group_gap.value).toBeCloseTo(0.075, 12);
    expect(stats.summary.control_gap.value).toBeCloseTo(0.075, 12);
  });

  it('rolls groups up by region with the mean of the group means', () => {
    expect(stats.rollups.region.map((r) => [r.key, r.n_groups, r.mean])).toEqual([
      ['North', 1, expect.closeTo(0.85, 12)],
      ['South', 2, expect.closeTo(0.4, 12)],
    ]);
    expect(stats.rollups.income_group).toBeUndefined();
  });

  it('reports the summary metrics as point values with intervals around them', () => {
    expect(stats.summary.group_gap.value).toBeCloseTo(0.45, 12);
    expect(stats.summary.max_abs_deviation.value).toBeCloseTo(0.85 - 1.65 / 3, 12);
    expect(stats.summary.score_range_mean.value).toBeCloseTo(0.6, 12);
    expect(stats.summary.flip_rate.value).toBeCloseTo(2 / 3, 12);
    expect(stats.summary.mean_score.value).toBeCloseTo(0.55, 12);
    for (const m of Object.values(stats.summary)) expect(m.ci[0]).toBeLessThanOrEqual(m.ci[1]);
  });

  it('lists the widest same-sentence pair of each template, widest first', () => {
    expect(stats.extreme_pairs.map((p) => [p.template_id, p.low.key, p.high.key])).toEqual(
      expect.arrayContaining([['t1', 'C', 'A'], ['t2', 'B', 'A']]),
    );
    expect(stats.extreme_pairs[0].gap).toBeCloseTo(0.6, 12);
    expect(stats.extreme_pairs[0].low.text).toMatch(/^t\d: [BC]$/);
  });

  it('keeps the lexicon attributes of each group', () => {
    expect(byKey(stats, 'A').attrs).toEqual({ region: 'North' });
  });
});

describe('analyzeProbe with two slots (names x countries)', () => {
  it("averages a country's score over the names on each template", () => {
    const records: ResultRecord[] = [];
    const scores: Record<string, number> = { 'Ann|X': 0.2, 'Bob|X': 0.4, 'Ann|Y': 0.7, 'Bob|Y': 0.9 };
    for (const t of ['t1', 't2']) {
      for (const [key, s] of Object.entries(scores)) {
        const [name, country] = key.split('|');
        const r = record(t, country, t === 't1' ? s : s - 0.1);
        r.slots = { name: { value: name }, country: { value: country } };
        records.push(r);
      }
    }
    const stats = analyzeProbe(records, { attribute: 'country', seed: 1, resamples: 100 });
    expect(stats.groups.map((g) => [g.key, g.n])).toEqual([['X', 4], ['Y', 4]]);
    expect(byKey(stats, 'X').mean).toBeCloseTo(0.25, 12);
    expect(byKey(stats, 'Y').mean).toBeCloseTo(0.75, 12);
    expect(stats.templates[0].n).toBe(4);
    // One pair per (template, name): four sentence frames.
    expect(stats.extreme_pairs).toHaveLength(4);
  });
});

describe('analyzeProbe with an attribute of the filler (name.gender)', () => {
  it('groups sentences by record.group and averages over the names of each gender', () => {
    const names: [string, string, number][] = [['Ann', 'female', 0.6], ['Eve', 'female', 0.8], ['Bob', 'male', 0.3], ['Tom', 'male', 0.5]];
    const records: ResultRecord[] = [];
    for (const t of ['t1', 't2', 't3']) {
      for (const [name, gender, s] of names) {
        const r = record(t, name, s);
        r.slots = { name: { value: name, gender } };
        r.group = gender;
        r.filler = name;
        records.push(r);
      }
    }
    const stats = analyzeProbe(records, { attribute: 'name.gender', seed: 1, resamples: 100 });
    expect(stats.groups.map((g) => [g.key, g.n, g.mean])).toEqual([
      ['female', 6, expect.closeTo(0.7, 12)],
      ['male', 6, expect.closeTo(0.4, 12)],
    ]);
    // The group is a gender, not one name: no single lexicon entry describes it.
    expect(stats.groups[0].attrs).toEqual({});
    // Cross-gender sentence pairs: Ann and Eve are positive, Bob negative, Tom (0.5) positive, so
    // (Ann, Bob) and (Eve, Bob) flip while (Ann, Tom) and (Eve, Tom) do not: 2 of 4.
    expect(stats.templates[0].flip_rate).toBe(0.5);
  });
});

describe('analyzeProbe on synthetic records with a known truth', () => {
  // 60 groups: "vs the rest" compares with the mean of the others, which the shifted group lifts by 0.2/59,
  // small beside the noise; with a handful of groups that lift alone makes the null groups "lower".
  const spec = { families: 10, wordings: 3, groups: 60, shifts: { 0: 0.2 }, noise: 0.05, seed: 3 };
  const records = generate(spec);
  const stats = analyzeProbe(records, { attribute: 'country', seed: 11 });
  const bases = [...templateBases(spec).values()];
  const baseMean = bases.reduce((a, b) => a + b, 0) / bases.length;

  it('finds the group shifted by +0.2: significant, higher, rank 1, interval around the true mean', () => {
    const g = byKey(stats, groupKey(0));
    expect(g).toMatchObject({ significant: true, direction: 'higher', rank: 1, rank_ci: [1, 1], stable: true });
    expect(g.ci[0]).toBeLessThan(baseMean + 0.2);
    expect(g.ci[1]).toBeGreaterThan(baseMean + 0.2);
    expect(g.centred_ci[0]).toBeGreaterThan(0.1);
    expect(g.p_perm).toBeLessThan(0.001);
  });

  it('leaves the null groups non-significant, with no direction', () => {
    const nulls = stats.groups.filter((g) => g.key !== groupKey(0));
    for (const g of nulls) expect(g).toMatchObject({ significant: false, direction: 'none' });
    expect(stats.summary.share_significant.value).toBeCloseTo(1 / 60, 12);
  });

  it('uses Monte Carlo sign flips above 16 templates: p is (1 + count) / 10,001', () => {
    for (const g of stats.groups) expect(Math.round(g.p_perm * 10001) / 10001).toBeCloseTo(g.p_perm, 12);
  });

  it('flags the omnibus test and keeps BH at or below Holm', () => {
    expect(stats.omnibus.friedman!.p).toBeLessThan(1e-6);
    for (const g of stats.groups) expect(g.p_adj_bh).toBeLessThanOrEqual(g.p_adj + 1e-15);
  });

  it('gives identical results for the same seed and different intervals for another', () => {
    const again = analyzeProbe(records, { attribute: 'country', seed: 11 });
    expect(again).toEqual(stats);
    const other = analyzeProbe(records, { attribute: 'country', seed: 12 });
    expect(other.groups[0].ci).not.toEqual(stats.groups[0].ci);
    expect(other.groups[0].mean).toBe(stats.groups[0].mean);
  });

  it('narrows the bootstrap intervals when there are more templates', () => {
    const few = analyzeProbe(generate({ ...spec, families: 6, wordings: 1 }), { attribute: 'country', seed: 5 });
    const many = analyzeProbe(generate({ ...spec, families: 60, wordings: 1 }), { attribute: 'country', seed: 5 });
    const meanWidth = (s: ProbeStats) => s.groups.reduce((a, g) => a + width(g.ci), 0) / s.groups.length;
    expect(meanWidth(many)).toBeLessThan(0.6 * meanWidth(few));
    expect(width(many.summary.mean_score.ci)).toBeLessThan(width(few.summary.mean_score.ci));
  });

  it('enumerates all sign flips exactly with 16 templates or fewer', () => {
    const small = analyzeProbe(generate({ ...spec, families: 5, wordings: 1 }), { attribute: 'country', seed: 5 });
    // Five templates all favouring group 0: only the all-positive and all-negative patterns reach |Σd|.
    expect(byKey(small, groupKey(0)).p_perm).toBeCloseTo(2 / 32, 12);
  });
});

describe('template robustness across paraphrases', () => {
  it('marks a group unstable when its shift appears only in the original wording', () => {
    const records = generate({ families: 12, wordings: 2, groups: 60, shifts: { 1: 0.25 }, shiftOn: (id) => id.endsWith('w0'), seed: 9 });
    const stats = analyzeProbe(records, { attribute: 'country', seed: 2, resamples: 300 });
    const g = byKey(stats, groupKey(1));
    expect(g).toMatchObject({ significant: true, direction: 'higher', stable: false });
    expect(byKey(stats, groupKey(2)).stable).toBe(true);
  });

  it('marks it stable when the shift holds in every wording', () => {
    const records = generate({ families: 12, wordings: 2, groups: 60, shifts: { 1: 0.25 }, seed: 9 });
    const stats = analyzeProbe(records, { attribute: 'country', seed: 2, resamples: 300 });
    expect(byKey(stats, groupKey(1))).toMatchObject({ significant: true, stable: true });
  });

  it('holds wording sets too small for p < 0.05 (4 templates) to the direction only', () => {
    const records = generate({ families: 4, wordings: 3, groups: 60, shifts: { 1: 0.25 }, seed: 9 });
    const stats = analyzeProbe(records, { attribute: 'country', seed: 2, resamples: 100 });
    expect(byKey(stats, groupKey(1))).toMatchObject({ significant: true, direction: 'higher', stable: true });
  });

  it('marks a group unstable when a small wording set reverses its direction', () => {
    // Five families: the third wording of three of them pulls group 1 down by 0.2 instead of up by 0.25, enough
    // to turn that wording set's mean while the 15 templates together stay significant.
    const records = generate({ families: 5, wordings: 3, groups: 10, shifts: { 1: 0.25 }, noise: 0.02, seed: 9 });
    const reversed = new Set(['f0w2', 'f1w2', 'f2w2']);
    for (const r of records) if (r.group === groupKey(1) && reversed.has(r.template_id)) r.score -= 0.45;
    const stats = analyzeProbe(records, { attribute: 'country', seed: 2, resamples: 100 });
    expect(byKey(stats, groupKey(1))).toMatchObject({ significant: true, stable: false });
  });

  it('accepts explicit families, here one family per template, so nothing can contradict', () => {
    const records = generate({ families: 12, wordings: 2, groups: 60, shifts: { 1: 0.25 }, shiftOn: (id) => id.endsWith('w0'), seed: 9 });
    const stats = analyzeProbe(records, { attribute: 'country', seed: 2, resamples: 100, templateFamily: (t) => t.template_id });
    expect(byKey(stats, groupKey(1)).stable).toBe(true);
  });
});

describe('analyzeProbe input errors', () => {
  it('rejects a record with neither a group nor the attribute slot, naming the record', () => {
    const bad = record('t1', 'A', 0.5);
    bad.slots = { city: { value: 'Paris' } };
    delete (bad as Partial<ResultRecord>).group;
    let caught: unknown;
    try {
      analyzeProbe([record('t1', 'B', 0.4), bad], { attribute: 'country' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AuditError);
    expect((caught as AuditError).code).toBe('E_STATS_ATTRIBUTE');
    expect((caught as AuditError).message).toBe('records[1] ("t1: A") has no group and no slot "country"');
  });

  it('rejects a probe with only control records', () => {
    expect(() => analyzeProbe([record('t1', 'x', 0.5, { control: true })], { attribute: 'country' })).toThrow(/no non-control records/);
  });
});
