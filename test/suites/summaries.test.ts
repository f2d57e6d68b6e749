import { datasetsDir } from '../../src/config/paths.js';
import { loadWinoBias, loadWinoGender, type CrowsPair, type StereoSetItem, type WinoBias, type WinoGender } from '../../src/datasets/index.js';
import type { ResultRecord } from '../../src/result/index.js';
import { binomtest, holm, wilson_ci } from '../../src/stats/index.js';
import {
  summarizeCrowsPairs,
  summarizeStereoSet,
  summarizeWinoBias,
  summarizeWinoGender,
  toSuiteRecord,
  winoBiasSentences,
  winoGenderSentences,
  type SuiteSentence,
} from '../../src/suites/index.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

const OPTIONS = { seed: 7, resamples: 200 };

/** Scores suite sentences with a scorer of our choosing and returns the records. */
async function scored(sentences: SuiteSentence[], scoreOf: (s: SuiteSentence) => number): Promise<ResultRecord[]> {
  const byText = new Map(sentences.map((s) => [s.text, s]));
  const model = new FakeClassifier((text) => scoreOf(byText.get(text)!));
  const predictions = await model.predict(sentences.map((s) => s.text));
  return sentences.map((s, i) => toSuiteRecord(s, predictions[i]));
}

/** A record for hand-made items: only suite, item, role and score matter to the summaries. */
function record(suite: SuiteSentence['suite'], item: string, role: string, score: number): ResultRecord {
  return toSuiteRecord({ suite, item, role, text: `${item} ${role}` }, { label: '', score, probs: [1 - score, score], logits: [], inputIds: [] });
}

describe('summarizeWinoBias', () => {
  let wb: WinoBias;
  let wg: WinoGender;
  beforeAll(async () => {
    [wb, wg] = await Promise.all([loadWinoBias(datasetsDir()), loadWinoGender(datasetsDir())]);
  });
  const MALE = new Set(['he', 'him', 'his', 'himself']);
  /** Scores a line 0.7 when its (first bracketed) pronoun is male, else 0.3: a pure pronoun effect of +0.4. */
  const byPronoun = (pairOf: Map<string, WinoBias['pairs'][number]>) => (s: SuiteSentence) => {
    const pair = pairOf.get(s.item)!;
    return MALE.has(s.role === 'pro' ? pair.pronounPro : pair.pronounAnti) ? 0.7 : 0.3;
  };

  it('finds a planted pronoun effect: "he" lines +0.4 gives he-minus-she +0.4 with the smallest permutation p', async () => {
    const pairOf = new Map(wb.pairs.map((p) => [p.id, p]));
    const records = await scored(winoBiasSentences(wb.pairs), byPronoun(pairOf));
    const s = summarizeWinoBias(records, { pairs: wb.pairs, occupationStats: wg.occupations }, OPTIONS);
    expect(s.he_minus_she.mean).toBeCloseTo(0.4, 12);
    expect(s.he_minus_she.ci[0]).toBeCloseTo(0.4, 12);
    expect(s.he_minus_she.ci[1]).toBeCloseTo(0.4, 12);
    expect(s.he_minus_she.p_perm).toBeCloseTo(1 / 10001, 12);
    // Wilcoxon runs on the occupations' mean differences (items cluster by occupation), not on the 1,584 items.
    expect(s.he_minus_she.p_wilcoxon).toBeLessThan(1e-6);
    // Pro lines say "he" for male-list occupations and "she" for female-list ones, so d = ±0.4; the two pairs
    // whose lines both say "him" (misaligned in the source) have d = 0.
    const sign = wb.pairs.map((p) => (MALE.has(p.pronounPro) ? 1 : 0) - (MALE.has(p.pronounAnti) ? 1 : 0));
    expect(sign.filter((x) => x === 0)).toHaveLength(2);
    expect(s.gap.mean).toBeCloseTo((0.4 * sign.reduce((a, b) => a + b, 0)) / 1584, 12);
    for (const o of s.occupations) expect(o.he_minus_she).toBeCloseTo(0.4, 12);
  });

  it('reports no gap and p = 1 for a scorer that ignores the pronoun', async () => {
    const records = await scored(winoBiasSentences(wb.pairs), (s) => 0.5 + 0.001 * s.item.length);
    const s = summarizeWinoBias(records, { pairs: wb.pairs, occupationStats: null }, OPTIONS);
    expect(s.gap).toMatchObject({ n: 1584, mean: 0, ci: [0, 0], p_perm: 1 });
    expect(s.bls_pearson).toBeNull();
    expect(s.notes.join(' ')).toMatch(/WinoGender was not available/);
    expect(s.headline).toBe('Making the pronoun match the occupation stereotype changes P(positive) by 0.000 (95% CI 0.000 to 0.000; 1,584 pairs; permutation p = 1.000).');
  });

  it('correlates the per-occupation he-minus-she gap with the share of women', async () => {
    // Plant a gap that falls with the share of women: he − she = 0.3 − 0.004 × %female (50% where unknown).
    const bls = new Map(wg.occupations.map((o) => [o.occupation, o.blsPctFemale]));
    const pairOf = new Map(wb.pairs.map((p) => [p.id, p]));
    const isHe = byPronoun(pairOf);
    const records = await scored(winoBiasSentences(wb.pairs), (s) => {
      const gap = 0.3 - 0.004 * (bls.get(pairOf.get(s.item)!.occupation.toLowerCase()) ?? 50);
      return isHe(s) === 0.7 ? 0.5 + gap / 2 : 0.5 - gap / 2;
    });
    const s = summarizeWinoBias(records, { pairs: wb.pairs, occupationStats: wg.occupations }, OPTIONS);
    expect(s.bls_pearson!.r).toBeCloseTo(-1, 10);
    expect(s.bls_spearman!.r).toBeCloseTo(-1, 10);
    expect(s.occupations.find((o) => o.occupation === 'nurse')!.he_minus_she).toBeCloseTo(0.3 - 0.004 * 89.58, 12);
  });

  it('refuses records that do not match the pairs', async () => {
    const records = (await scored(winoBiasSentences(wb.pairs), () => 0.5)).filter((r) => !(r.item === 'type2.test.7' && r.role === 'anti'));
    expect(() => summarizeWinoBias(records, { pairs: wb.pairs, occupationStats: null }, OPTIONS)).toThrow(
      'winobias: no record for item type2.test.7, role anti (records and dataset do not match)',
    );
  });
});

describe('summarizeStereoSet', () => {
  const item = (i: number, biasType: StereoSetItem['biasType'], target: string): StereoSetItem => ({
    id: `intrasentence.${i}`, type: 'intrasentence', target, biasType, context: 'BLANK',
    options: { stereotype: 's', 'anti-stereotype': 'a', unrelated: 'u' }, texts: { stereotype: 's', 'anti-stereotype': 'a', unrelated: 'u' },
  });
  // 12 items: race 1-8 (6 stereotype lower, 1 higher, 1 tie), gender 9-12 (all 4 higher).
  const items = Array.from({ length: 12 }, (_, k) => item(k + 1, k < 8 ? 'race' : 'gender', k % 2 ? 'Ethiopia' : 'mother'));
  const stereo = [0.2, 0.3, 0.1, 0.4, 0.2, 0.3, 0.9, 0.5, 0.8, 0.7, 0.9, 0.6];
  const anti = [0.6, 0.5, 0.5, 0.7, 0.4, 0.6, 0.2, 0.5, 0.3, 0.2, 0.5, 0.4];
  const records = items.flatMap((it, k) => [
    record('stereoset', it.id, 'stereotype', stereo[k]),
    record('stereoset', it.id, 'anti-stereotype', anti[k]),
    record('stereoset', it.id, 'unrelated', 0.5),
  ]);
  const s = summarizeStereoSet(records, items, OPTIONS);

  it('counts items whose stereotype is scored more negative, leaving ties out', () => {
    expect(s.more_negative).toMatchObject({ k: 6, n: 11, ties: 1 });
    expect(s.more_negative.value).toBeCloseTo(6 / 11, 12);
    expect(s.more_negative.ci).toEqual(wilson_ci(6, 11));
    expect(s.more_negative.p).toBe(binomtest(6, 11)[1]);
  });

  it('splits by bias type with Holm-adjusted binomial p-values', () => {
    const race = s.by_bias_type.find((r) => r.key === 'race')!;
    const gender = s.by_bias_type.find((r) => r.key === 'gender')!;
    expect([race.more_negative.k, race.more_negative.n, gender.more_negative.k, gender.more_negative.n]).toEqual([6, 7, 0, 4]);
    expect(race.more_negative.p).toBeCloseTo(0.125, 12); // scipy.stats.binomtest(6, 7).pvalue
    expect(gender.more_negative.p).toBeCloseTo(0.125, 12); // binomtest(0, 4)
    expect([race.p_adj, gender.p_adj]).toEqual(holm([race.more_negative.p, gender.more_negative.p]));
    expect(s.metrics.stereoset_stereo_more_negative_race.value).toBeCloseTo(6 / 7, 12);
  });

  it('reports the mean stereotype-minus-anti gap and the unrelated option only as a mean score', () => {
    const gaps = stereo.map((x, k) => x - anti[k]);
    expect(s.gap.mean).toBeCloseTo(gaps.reduce((a, b) => a + b) / 12, 12);
    expect(s.mean_score.unrelated.value).toBeCloseTo(0.5, 12);
    expect(Object.keys(s.metrics).some((m) => /lms|icat/i.test(m))).toBe(false);
    expect(s.by_target.map((r) => [r.key, r.n])).toEqual([['Ethiopia', 6], ['mother', 6]]);
  });
});

describe('summarizeCrowsPairs', () => {
  const pair = (id: number, direction: CrowsPair['direction'], biasType: CrowsPair['biasType']): CrowsPair => ({
    id, sentMore: `more ${id}`, sentLess: `less ${id}`, direction, biasType, annotations: [], writer: 'a0', annotators: [],
  });
  // Every sent_more scored 0.1 below its sent_less: 3 stereo and 2 antistereo gender pairs, 2 stereo age pairs.
  const pairs = [
    pair(0, 'stereo', 'gender'), pair(1, 'stereo', 'gender'), pair(2, 'stereo', 'gender'), pair(3, 'antistereo', 'gender'),
    pair(4, 'antistereo', 'gender'), pair(5, 'stereo', 'age'), pair(6, 'stereo', 'age'),
  ];
  const records = pairs.flatMap((p) => [record('crows-pairs', String(p.id), 'more', 0.4 + 0.01 * p.id), record('crows-pairs', String(p.id), 'less', 0.5 + 0.01 * p.id)]);
  const s = summarizeCrowsPairs(records, pairs, OPTIONS);

  it('defines the gap as more- minus less-stereotyping in both directions', () => {
    expect(s.gap.mean).toBeCloseTo(-0.1, 12);
    expect(s.more_negative).toMatchObject({ k: 7, n: 7, ties: 0 });
    expect(s.by_direction.map((r) => [r.key, r.n, Number(r.gap.mean.toFixed(12))])).toEqual([['stereo', 5, -0.1], ['antistereo', 2, -0.1]]);
    expect(s.gap_definition).toMatch(/^gap = P\(positive \| sent_more\) − P\(positive \| sent_less\)/);
  });

  it('follows the disadvantaged group in disadvantaged_gap: antistereo pairs count the other way', () => {
    expect(s.disadvantaged_gap.mean).toBeCloseTo((5 * -0.1 + 2 * 0.1) / 7, 12);
  });

  it('tests each bias type and Holm-adjusts across them', () => {
    const gender = s.by_bias_type.find((r) => r.key === 'gender')!;
    const age = s.by_bias_type.find((r) => r.key === 'age')!;
    expect([gender.n, age.n]).toEqual([5, 2]);
    expect(gender.gap.p_perm).toBeCloseTo(2 / 32, 12); // exact: all 5 differences negative
    expect([gender.p_adj, age.p_adj]).toEqual(holm([gender.gap.p_wilcoxon, age.gap.p_wilcoxon]));
    expect(s.metrics['crows_pairs_gap_gender'].value).toBeCloseTo(-0.1, 12);
  });
});

describe('summarizeWinoGender', () => {
  let wg: WinoGender;
  beforeAll(async () => {
    wg = await loadWinoGender(datasetsDir());
  });

  it('recovers planted pronoun gaps and their correlation with the share of women', async () => {
    // female = male + 0.002 × %female (BLS), neutral = male + 0.05.
    const bls = new Map(wg.occupations.map((o) => [o.occupation, o.blsPctFemale]));
    const occupationOf = new Map(wg.sentences.map((x) => [x.sentence, x.occupation]));
    const records = await scored(winoGenderSentences(wg.sentences), (s) => {
      const pct = bls.get(occupationOf.get(s.text)!)!;
      return s.role === 'female' ? 0.3 + 0.002 * pct : s.role === 'neutral' ? 0.35 : 0.3;
    });
    const s = summarizeWinoGender(records, wg, OPTIONS);
    const meanPct = wg.occupations.reduce((a, o) => a + o.blsPctFemale, 0) / 60;
    expect(s.female_minus_male.mean).toBeCloseTo(0.002 * meanPct, 12);
    expect(s.neutral_minus_male.mean).toBeCloseTo(0.05, 12);
    expect(s.mean_score.male.value).toBeCloseTo(0.3, 12);
    expect(s.bls_pearson.r).toBeCloseTo(1, 10);
    expect(s.bls_spearman.r).toBeCloseTo(1, 10);
    const nurse = s.occupations.find((o) => o.occupation === 'nurse')!;
    expect(nurse.female_minus_male).toBeCloseTo(0.002 * 89.58, 12);
    // The row's own items are its units: 4 equal differences, scipy.stats.wilcoxon([0.179] * 4).pvalue = 0.125.
    expect(nurse.female_minus_male_gap.n).toBe(nurse.n_items);
    expect(nurse.female_minus_male_gap.p_wilcoxon).toBeCloseTo(0.125, 12);
    expect(s.metrics.winogender_gap.value).toBe(s.female_minus_male.mean);
  });

  it('gives a Fisher z interval for Pearson that matches the closed form', async () => {
    const records = await scored(winoGenderSentences(wg.sentences), (s) => 0.5 + (s.role === 'female' ? 0.01 * ((s.text.length * 7) % 11) : 0));
    const s = summarizeWinoGender(records, wg, OPTIONS);
    const z = Math.atanh(s.bls_pearson.r);
    expect(s.bls_pearson.ci[0]).toBeCloseTo(Math.tanh(z - 1.959963984540054 / Math.sqrt(57)), 12);
    expect(s.bls_pearson.ci[1]).toBeCloseTo(Math.tanh(z + 1.959963984540054 / Math.sqrt(57)), 12);
    expect(s.bls_spearman.ci[0]).toBeLessThan(s.bls_spearman.r);
    expect(s.bls_spearman.ci[1]).toBeGreaterThan(s.bls_spearman.r);
  });
});
