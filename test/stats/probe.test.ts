import type { ProbeStats, ResultRecord } from '../../src/result/index.js';
import { AuditError } from '../../src/errors.js';
import { analyzeProbe, mulberry32 } from '../../src/stats/index.js';
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

  it('computes the group effect as the mean over templates of (score - average of all groups on the template)', () => {
    // t1: average 0.6, contrasts +0.3, 0, -0.3; t2: average 0.5, contrasts +0.3, -0.3, 0.
    expect(stats.groups.map((g) => g.centred)).toEqual([0.3, -0.15, -0.15].map((v) => expect.closeTo(v, 12)));
    expect(stats.groups.reduce((a, g) => a + g.centred, 0)).toBeCloseTo(0, 12);
  });

  it('gives no t interval and no test from two families ("too few templates"); the sign-flip p (exact 2/4) is beside it', () => {
    const a = byKey(stats, 'A');
    expect(a.centred_ci).toEqual([NaN, NaN]);
    expect(a.sim_ci).toEqual([NaN, NaN]);
    expect([a.p, a.p_adj]).toEqual([NaN, NaN]);
    expect(a.p_perm).toBeCloseTo(0.5, 12);
    expect(a).toMatchObject({ significant: false, direction: 'none' });
    expect(stats.design).toMatchObject({
      test: 't over families', n_families: 2, df: 1, frames: ['neutral'], scale: 'probability', too_few_templates: true,
    });
    expect(stats.summary.max_abs_effect!.ci).toEqual([NaN, NaN]);
  });

  it('tests by t = effect / SE from three families on: a group with no sampling variation at all has p = 0', () => {
    const three = analyzeProbe(records.concat(records.filter((r) => r.template_id === 't1').map((r) => ({
      ...r, template_id: 't3', template: 't3 {country}', text: r.text.replace('t1', 't3'),
    }))), { attribute: 'country', seed: 1, resamples: 200 });
    const a = byKey(three, 'A');
    // A's three family contrasts are all +0.3: no sampling variation, so the t-test's p is 0 and its interval a point.
    expect(a.p).toBeLessThan(1e-12);
    expect(a.centred_ci).toEqual([expect.closeTo(0.3, 12), expect.closeTo(0.3, 12)]);
    expect(a).toMatchObject({ significant: true, direction: 'higher', df: 2, conditional_on_fillers: true });
    expect(three.design).toMatchObject({ too_few_templates: false, df: 2 });
  });

  it('agrees with its own interval: p < 0.05 exactly when the 95% interval of the effect excludes 0', () => {
    for (const g of stats.groups) expect([g.key, g.p < 0.05]).toEqual([g.key, g.centred_ci[0] > 0 || g.centred_ci[1] < 0]);
  });

  it('runs Friedman with families as blocks: chi2 = 3 on 2 df, p = exp(-1.5)', () => {
    expect(stats.omnibus.friedman).toEqual({ statistic: expect.closeTo(3, 12), p: expect.closeTo(Math.exp(-1.5), 12), k: 3, n: 2 });
  });

  it('describes the control words as context: their shift from the average of the real groups', () => {
    // blick: -0.05 on t1 and t2; florp: +0.05 and 0 -> shifts -0.05 and +0.025.
    expect(stats.control).toEqual({
      n_words: 2,
      mean_abs_shift: expect.closeTo(0.0375, 12),
      sd_shift: expect.closeTo(0.075 * Math.SQRT1_2, 12),
      score_range: expect.closeTo(0.075, 12),
    });
    expect(stats.descriptive.control_shift).toBeCloseTo(0.0375, 12);
  });

  it('rolls groups up by region with the mean of the group means', () => {
    expect(stats.rollups.region.map((r) => [r.key, r.n_groups, r.mean])).toEqual([
      ['North', 1, expect.closeTo(0.85, 12)],
      ['South', 2, expect.closeTo(0.4, 12)],
    ]);
    expect(stats.rollups.income_group).toBeUndefined();
  });

  it('reports the catalogue metrics with intervals, and max - min only as a descriptive number', () => {
    expect(Object.keys(stats.summary).sort()).toEqual(['effect_sd', 'flip_rate', 'max_abs_effect', 'mean_score', 'score_range_mean']);
    expect(stats.summary.max_abs_effect!.value).toBeCloseTo(0.3, 12);
    expect(stats.descriptive.group_range).toBeCloseTo(0.45, 12);
    expect(stats.summary.score_range_mean!.value).toBeCloseTo(0.6, 12);
    expect(stats.summary.flip_rate!.value).toBeCloseTo(2 / 3, 12);
    expect(stats.summary.mean_score!.value).toBeCloseTo(0.55, 12);
    for (const m of [stats.summary.flip_rate!, stats.summary.score_range_mean!, stats.summary.mean_score!]) {
      expect(m.ci[0]).toBeLessThanOrEqual(m.ci[1]);
    }
    // Two families: no interval claim for the group-difference metrics, and no test.
    expect(stats.summary.effect_sd!.ci).toEqual([NaN, NaN]);
    expect(stats.descriptive.share_significant).toBe(0);
  });

  it('gives pairwise differences for few groups, with simultaneous intervals wider than the marginal ones', () => {
    expect(stats.pairs!.map((p) => [p.a, p.b, p.diff])).toEqual([
      ['A', 'B', expect.closeTo(0.45, 12)],
      ['A', 'C', expect.closeTo(0.45, 12)],
      ['B', 'C', expect.closeTo(0, 12)],
    ]);
    expect(stats.pairs!.map((p) => p.ci)).toEqual([[NaN, NaN], [NaN, NaN], [NaN, NaN]]);
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
    expect(stats.design.crossed_slots).toEqual(['name']);
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
    expect(stats.groups.map((g) => g.n_fillers)).toEqual([2, 2]);
    // Names are a sample: the test's SE carries the names' own variance (no stratum: gender is the attribute).
    expect(stats.design).toMatchObject({ test: 't over families and fillers', stratified_by: [], fillers_per_group: [2, 2] });
    // Cross-gender sentence pairs: Ann and Eve are positive, Bob negative, Tom (0.5) positive, so
    // (Ann, Bob) and (Eve, Bob) flip while (Ann, Tom) and (Eve, Tom) do not: 2 of 4.
    expect(stats.templates[0].flip_rate).toBe(0.5);
  });
});

describe('analyzeProbe on synthetic records with a known truth', () => {
  const spec = { families: 20, wordings: 2, groups: 60, shifts: { 0: 0.2 }, noise: 0.05, seed: 3 };
  const records = generate(spec);
  const stats = analyzeProbe(records, { attribute: 'country', seed: 11, resamples: 500 });
  const bases = [...templateBases(spec).values()];
  const baseMean = bases.reduce((a, b) => a + b, 0) / bases.length;

  it('finds the group shifted by +0.2: significant, higher, rank 1, interval around the true effect', () => {
    const g = byKey(stats, groupKey(0));
    expect(g).toMatchObject({ significant: true, direction: 'higher', rank: 1, rank_ci: [1, 1], direction_flip: false });
    expect(g.ci[0]).toBeLessThan(baseMean + 0.2);
    expect(g.ci[1]).toBeGreaterThan(baseMean + 0.2);
    // The true effect is 0.2 - 0.2 / 60 (the average includes the group itself).
    expect(g.centred_ci[0]).toBeLessThan(0.2 * (59 / 60));
    expect(g.centred_ci[1]).toBeGreaterThan(0.2 * (59 / 60));
    expect(g.p_perm).toBeLessThan(0.001);
  });

  it('leaves the null groups non-significant, with no direction', () => {
    const nulls = stats.groups.filter((g) => g.key !== groupKey(0));
    for (const g of nulls) expect(g).toMatchObject({ significant: false, direction: 'none' });
    expect(stats.descriptive.share_significant).toBeCloseTo(1 / 60, 12);
  });

  it('counts a paraphrase family once: 40 templates are 20 resampling units', () => {
    expect([stats.n_templates, stats.design.n_families, stats.design.df]).toEqual([40, 20, 19]);
    expect(new Set(stats.templates.map((t) => t.family)).size).toBe(20);
  });

  it('uses Monte Carlo sign flips above 16 families: p is (1 + count) / 10,001', () => {
    for (const g of stats.groups) expect(Math.round(g.p_perm * 10001) / 10001).toBeCloseTo(g.p_perm, 12);
  });

  it('flags the omnibus test and keeps BH at or below Holm', () => {
    expect(stats.omnibus.friedman!.p).toBeLessThan(1e-3);
    for (const g of stats.groups) expect(g.p_adj_bh).toBeLessThanOrEqual(g.p_adj + 1e-15);
  });

  it('gives identical results for the same seed and different intervals for another', () => {
    const again = analyzeProbe(records, { attribute: 'country', seed: 11, resamples: 500 });
    expect(again).toEqual(stats);
    const other = analyzeProbe(records, { attribute: 'country', seed: 12, resamples: 500 });
    expect(other.groups[0].ci).not.toEqual(stats.groups[0].ci);
    expect(other.groups[0].mean).toBe(stats.groups[0].mean);
  });

  it('does not depend on the order of the records', () => {
    const shuffled = [...records].reverse();
    const again = analyzeProbe(shuffled, { attribute: 'country', seed: 11, resamples: 500 });
    // Equal up to the order of floating-point sums.
    const rounded = (s: ProbeStats) => JSON.parse(JSON.stringify([...s.groups].sort((a, b) => a.key.localeCompare(b.key)), (_, v) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v)));
    expect(rounded(again)).toEqual(rounded(stats));
  });

  it('moves no other number when a roll-up attribute is added (independent named streams)', () => {
    const withRegion = records.map((r) => ({ ...r, slots: { country: { ...r.slots.country, region: r.group === groupKey(5) ? 'North' : 'South' } } }));
    const more = analyzeProbe(withRegion, { attribute: 'country', seed: 11, resamples: 500 });
    expect(more.rollups.region).toHaveLength(2);
    expect(more.groups.map((g) => [g.ci, g.centred_ci, g.p])).toEqual(stats.groups.map((g) => [g.ci, g.centred_ci, g.p]));
    expect(more.summary).toEqual(stats.summary);
  });

  it('narrows the intervals when there are more template families', () => {
    const few = analyzeProbe(generate({ ...spec, families: 6, wordings: 1 }), { attribute: 'country', seed: 5, resamples: 300 });
    const many = analyzeProbe(generate({ ...spec, families: 60, wordings: 1 }), { attribute: 'country', seed: 5, resamples: 300 });
    const meanWidth = (s: ProbeStats) => s.groups.reduce((a, g) => a + width(g.centred_ci), 0) / s.groups.length;
    expect(meanWidth(many)).toBeLessThan(0.4 * meanWidth(few));
    expect(width(many.summary.mean_score!.ci)).toBeLessThan(width(few.summary.mean_score!.ci));
  });

  it('enumerates all sign flips exactly with 16 families or fewer (reported beside the t-test)', () => {
    const small = analyzeProbe(generate({ ...spec, families: 5, wordings: 1 }), { attribute: 'country', seed: 5, resamples: 100 });
    // Five families all favouring group 0: only the all-positive and all-negative patterns reach |sum d|.
    expect(byKey(small, groupKey(0)).p_perm).toBeCloseTo(2 / 32, 12);
    // The t-test has no such floor; the simultaneous intervals widen with the t quantile on 4 df instead.
    expect(small.descriptive.min_p).toBe(0);
    expect(small.design.df).toBe(4);
  });
});

describe('groups with several fillers (names): the fillers are a sample', () => {
  /**
   * Group X: 8 names, all female; group Y: `yFemale` female and `yMale` male names. Every name has its own effect,
   * female names score 0.1 higher, X scores `groupShift` higher.
   */
  function names(groupShift: number, yFemale: number, yMale: number, seed = 4): ResultRecord[] {
    const rng = mulberry32(seed);
    const out: ResultRecord[] = [];
    const people = [
      ...Array.from({ length: 8 }, (_, k) => ({ name: `x${k}`, group: 'X', gender: 'female' })),
      ...Array.from({ length: yFemale + yMale }, (_, k) => ({ name: `y${k}`, group: 'Y', gender: k < yFemale ? 'female' : 'male' })),
    ].map((p) => ({ ...p, own: 0.05 * (rng.next() - 0.5) * 2 }));
    for (let t = 0; t < 20; t++) {
      const base = 0.3 + 0.4 * rng.next();
      for (const p of people) {
        const s = base + p.own + (p.gender === 'female' ? 0.1 : 0) + (p.group === 'X' ? groupShift : 0) + 0.02 * (rng.next() - 0.5);
        out.push(record(`t${t}`, p.name, s, { slots: { name: { value: p.name, gender: p.gender } }, group: p.group, filler: p.name }));
      }
    }
    return out;
  }

  it('names the declared confounder the group effect includes (X\'s names all female, Y\'s all male)', () => {
    // Ethnicity and gender cannot be told apart here; the effect is that of the groups' names as sampled, and the
    // design says which filler attribute differs with them (the report shows it).
    const records = names(0, 0, 8);
    const stats = analyzeProbe(records, { attribute: 'name.ethnicity', seed: 1, resamples: 200 });
    expect(stats.design.stratified_by).toEqual(['gender']);
    expect(byKey(stats, 'X')).toMatchObject({ significant: true, direction: 'higher' });
  });

  it('finds no effect where the names differ only by their own effects', () => {
    const stats = analyzeProbe(names(0, 8, 0), { attribute: 'name.ethnicity', seed: 1, resamples: 200 });
    expect(byKey(stats, 'X').significant).toBe(false);
    expect(stats.design.filler_variance).toBeGreaterThan(0);
  });

  it('still finds a real group effect within gender', () => {
    const stats = analyzeProbe(names(0.08, 8, 8), { attribute: 'name.ethnicity', seed: 1, resamples: 200, permutations: 999 });
    expect(byKey(stats, 'X')).toMatchObject({ significant: true, direction: 'higher' });
  });
});

describe('group names are data', () => {
  it('handles groups called constructor, __proto__ and toString', () => {
    const keys = ['constructor', '__proto__', 'toString'];
    const records = ['t1', 't2', 't3'].flatMap((t, i) => keys.map((k, j) => record(t, k, 0.2 + 0.1 * j + 0.05 * i)));
    for (const r of records) r.slots = { country: { value: r.group } };
    const stats = analyzeProbe(records, { attribute: 'country', seed: 1, resamples: 50 });
    expect(stats.groups.map((g) => [g.key, g.n])).toEqual(keys.map((k) => [k, 3]));
    expect(stats.groups.map((g) => g.centred)).toEqual([-0.1, 0, 0.1].map((v) => expect.closeTo(v, 12)));
  });
});

describe('frames', () => {
  it('takes the headline from neutral templates and analyses positive and negative frames apart', () => {
    const records = generate({ families: 8, groups: 4, shifts: { 0: 0.1 }, seed: 2 });
    const framed = records.map((r) => (r.template_id.startsWith('f0') || r.template_id.startsWith('f1') ? { ...r, frame: 'positive' as const } : r));
    const stats = analyzeProbe(framed, { attribute: 'country', seed: 1, resamples: 100 });
    expect(stats.design.frames).toEqual(['neutral']);
    expect(stats.n_templates).toBe(6);
    expect(stats.frames.map((f) => [f.frame, f.n_templates])).toEqual([['neutral', 6], ['positive', 2]]);
    expect(stats.templates).toHaveLength(8);
  });
});

describe('template robustness across paraphrases: what each wording set measured', () => {
  it('reports each set\u2019s mean contrast and templates, and no flip when the shift appears only in the original wording', () => {
    const records = generate({ families: 12, wordings: 2, groups: 60, shifts: { 1: 0.25 }, shiftOn: (id) => id.endsWith('w0'), seed: 9 });
    const stats = analyzeProbe(records, { attribute: 'country', seed: 2, resamples: 300 });
    const g = byKey(stats, groupKey(1));
    expect(g).toMatchObject({ significant: true, direction: 'higher', direction_flip: false });
    expect(g.wording!.map((w) => w.n_templates)).toEqual([12, 12]);
    expect(g.wording![0]!.mean).toBeGreaterThan(0.2);
    expect(Math.abs(g.wording![1]!.mean)).toBeLessThan(0.1);
    // A set that does not confirm the direction is not a flip: its interval contains 0.
    expect(g.wording![1]!.ci![0]).toBeLessThan(0);
  });

  it('never calls a finding unstable because a set of 4 templates lacks power (the countries layout)', () => {
    // 12 families, the second and third wordings present in 4 of them only; the shift holds in every template.
    const records = generate({ families: 12, wordings: 3, groups: 30, shifts: { 1: 0.25 }, seed: 9 })
      .filter((r) => r.template_id.endsWith('w0') || Number(/^f(\d+)/.exec(r.template_id)![1]) < 4);
    const stats = analyzeProbe(records, { attribute: 'country', seed: 2, resamples: 100 });
    const g = byKey(stats, groupKey(1));
    expect(g).toMatchObject({ significant: true, direction: 'higher', direction_flip: false });
    expect(g.wording!.map((w) => w.n_templates)).toEqual([12, 4, 4]);
    expect(g.wording!.every((w) => w.mean > 0)).toBe(true);
    expect(g.templates_above).toBe(20);
  });

  it('reports a flip when a wording set\u2019s own interval lies on the other side of 0', () => {
    const records = generate({ families: 20, wordings: 2, groups: 10, shifts: { 1: 0.25 }, noise: 0.02, seed: 9 });
    for (const r of records) if (r.group === groupKey(1) && r.template_id.endsWith('w1')) r.score -= 0.4;
    const stats = analyzeProbe(records, { attribute: 'country', seed: 2, resamples: 100 });
    const g = byKey(stats, groupKey(1));
    expect(g.direction_flip).toBe(true);
    const against = g.wording!.find((w) => Math.sign(w.mean) !== Math.sign(g.centred))!;
    expect(g.centred > 0 ? against.ci![1] : -against.ci![0]).toBeLessThan(0);
  });

  it('claims nothing without paraphrases: wording and direction_flip are null', () => {
    const records = generate({ families: 12, wordings: 2, groups: 60, shifts: { 1: 0.25 }, shiftOn: (id) => id.endsWith('w0'), seed: 9 });
    const stats = analyzeProbe(records, { attribute: 'country', seed: 2, resamples: 100, templateFamily: (t) => t.template_id });
    expect(stats.groups.every((g) => g.wording === null && g.direction_flip === null)).toBe(true);
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
