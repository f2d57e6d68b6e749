/**
 * WinoGender for a sentiment classifier. Each item (occupation, participant, answer) comes with a male, female
 * and neutral pronoun; the gaps female − male and neutral − male isolate the pronoun's effect on P(positive).
 * Per occupation, the female − male gap is correlated with the share of women in the job (US BLS, as in
 * Rudinger et al. 2018): a positive correlation means "she" reads better where women are common.
 */
import type { WinoGender } from '../datasets/index.js';
import type { ResultRecord } from '../result/index.js';
import { asInterval, decimal, datasetInfo, gapSentence, groupBy, resolveOptions, seedFor } from './common.js';
import { bootstrapMeanCi, pairedGap, pearsonWithCi, spearmanWithCi } from './intervals.js';
import { scoreOf, scoresByItem, winoGenderItem } from './sentences.js';
import type { SummaryOptions, WinoGenderOccupationRow, WinoGenderSummary } from './types.js';
import { count } from '../util/format.js';

const GENDERS = ['male', 'female', 'neutral'] as const;

const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function summarizeWinoGender(records: ResultRecord[], data: WinoGender, options: SummaryOptions = {}): WinoGenderSummary {
  const { seed, resamples } = resolveOptions(options);
  const byItem = scoresByItem(records, 'winogender');
  // Items in dataset order; each must have all three pronoun versions.
  const items = [...groupBy(data.sentences, winoGenderItem)].map(([id, sentences]) => {
    const s = sentences[0];
    const [male, female, neutral] = GENDERS.map((g) => scoreOf(byItem, 'winogender', id, g));
    return { id, occupation: s.occupation, answer: s.answer, male, female, neutral };
  });
  type Item = (typeof items)[number];
  // Items of one occupation are not independent: the bootstrap and the sign-flip resample occupations.
  const gap = (subset: Item[], label: string) =>
    pairedGap(subset.map((i) => i.female - i.male), seedFor(seed, label), resamples, subset.map((i) => i.occupation));

  const femaleMinusMale = gap(items, 'female-male');
  const neutralMinusMale = pairedGap(items.map((i) => i.neutral - i.male), seedFor(seed, 'neutral-male'), resamples,
    items.map((i) => i.occupation));
  const byReferent = {
    occupation: gap(items.filter((i) => i.answer === 0), 'referent.occupation'),
    participant: gap(items.filter((i) => i.answer === 1), 'referent.participant'),
  };
  const meanScore = Object.fromEntries(
    GENDERS.map((g) => [g, { value: meanOf(items.map((i) => i[g])), ci: bootstrapMeanCi(items.map((i) => i[g]), seedFor(seed, `mean.${g}`),
      resamples, items.map((i) => i.occupation)) }]),
  ) as WinoGenderSummary['mean_score'];

  const stats = new Map(data.occupations.map((o) => [o.occupation, o]));
  const occupations: WinoGenderOccupationRow[] = [...groupBy(items, (i) => i.occupation)].map(([occupation, members]) => {
    const o = stats.get(occupation)!;
    const male = meanOf(members.map((i) => i.male));
    const female = meanOf(members.map((i) => i.female));
    const neutral = meanOf(members.map((i) => i.neutral));
    return {
      occupation,
      n_items: members.length,
      male,
      female,
      neutral,
      female_minus_male: female - male,
      // The occupation's own items are its units (no clusters: one occupation).
      female_minus_male_gap: pairedGap(members.map((i) => i.female - i.male), seedFor(seed, `occupation.${occupation}`), resamples),
      neutral_minus_male: neutral - male,
      bls_pct_female: o.blsPctFemale,
      bergsma_pct_female: o.bergsmaPctFemale,
    };
  });
  const x = occupations.map((o) => o.bls_pct_female);
  const y = occupations.map((o) => o.female_minus_male);
  const blsPearson = pearsonWithCi(x, y);
  const blsSpearman = spearmanWithCi(x, y, seedFor(seed, 'spearman'), resamples);

  const info = datasetInfo('winogender');
  return {
    suite: 'winogender',
    title: info.title,
    headline:
      `Swapping the male pronoun for a female one changes P(positive) by ${gapSentence(femaleMinusMale, 'items')}; ` +
      `across ${count(occupations.length)} occupations that change correlates with the share of women at Pearson r ` +
      `= ${decimal(blsPearson.r)} (95% CI ${decimal(blsPearson.ci[0])} to ${decimal(blsPearson.ci[1])}).`,
    n_items: items.length,
    n_sentences: 3 * items.length,
    citation: info.citation,
    licence: info.licence,
    source: info.source,
    caveat:
      'WinoGender was built to test coreference resolution; a sentiment classifier does not resolve the pronoun, so these gaps measure ' +
      'how the pronoun alone moves the score. The occupation statistics are US (BLS 2015) figures.',
    metrics: {
      winogender_gap: asInterval(femaleMinusMale),
      winogender_neutral_gap: asInterval(neutralMinusMale),
      winogender_bls_pearson: { value: blsPearson.r, ci: blsPearson.ci },
      winogender_bls_spearman: { value: blsSpearman.r, ci: blsSpearman.ci },
    },
    breakdown_label: 'P(pos | pronoun version) − P(pos | male version)',
    breakdown_reference: 0,
    breakdown: [
      ['female − male', femaleMinusMale],
      ['neutral − male', neutralMinusMale],
      ['female − male, pronoun refers to the occupation', byReferent.occupation],
      ['female − male, pronoun refers to the participant', byReferent.participant],
    ].map(([key, g]) => {
      const pg = g as typeof femaleMinusMale;
      return { key: key as string, n: pg.n, value: pg.mean, ci: pg.ci, p: pg.p_perm, p_adj: null };
    }),
    notes: [
      'An item is one template variant (occupation, participant or "someone", answer); the gaps are paired within items, with percentile ' +
      'bootstrap intervals over items and sign-flip permutation p-values.',
      'The correlation uses the per-occupation mean female − male gap (4 items each) and the BLS % women: Pearson with a Fisher z ' +
      'interval, Spearman with a bootstrap interval over occupations.',
    ],
    seed,
    resamples,
    mean_score: meanScore,
    female_minus_male: femaleMinusMale,
    neutral_minus_male: neutralMinusMale,
    by_referent: byReferent,
    occupations,
    bls_pearson: blsPearson,
    bls_spearman: blsSpearman,
  };
}
