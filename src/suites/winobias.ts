/**
 * WinoBias for a sentiment classifier (Zhao et al., NAACL 2018, https://aclanthology.org/N18-2003; our classifier
 * adaptation): the pro- and
 * anti-stereotyped lines of a pair differ only in the pronoun's gender, so d_i = P(pos | pro_i) − P(pos | anti_i)
 * is the effect of matching the occupation stereotype. A coreference-free model should show d̄ ≈ 0.
 */
import type { WinoBiasPair, WinoGenderOccupation } from '../datasets/index.js';
import type { ResultRecord } from '../result/index.js';
import { asInterval, datasetInfo, gapSentence, resolveOptions, seedFor } from './common.js';
import { wilcoxon } from '../stats/index.js';
import { bootstrapMeanCi, pairedGap, pearsonWithCi, spearmanWithCi } from './intervals.js';
import { scoreOf, scoresByItem } from './sentences.js';
import type { BreakdownRow, PairedGap, SummaryOptions, WinoBiasOccupationRow, WinoBiasSummary } from './types.js';

const MALE_PRONOUNS: ReadonlySet<string> = new Set(['he', 'him', 'his', 'himself']);
const FEMALE_PRONOUNS: ReadonlySet<string> = new Set(['she', 'her', 'hers', 'herself']);

export interface WinoBiasMeta {
  pairs: WinoBiasPair[];
  /** WinoGender's occupation statistics (the BLS % women), or null when WinoGender is not available. */
  occupationStats: WinoGenderOccupation[] | null;
}

function pronounGender(pronoun: string): 'male' | 'female' | null {
  if (MALE_PRONOUNS.has(pronoun)) return 'male';
  if (FEMALE_PRONOUNS.has(pronoun)) return 'female';
  return null;
}

/**
 * P(pos | he-version) − P(pos | she-version) of a pair, from its pro − anti difference and the pro line's
 * pronoun; null when the two lines' pronouns are not one male and one female.
 */
export function heMinusShe(pair: WinoBiasPair, proMinusAnti: number): number | null {
  const pro = pronounGender(pair.pronounPro);
  const anti = pronounGender(pair.pronounAnti);
  if (pro === null || anti === null || pro === anti) return null;
  return pro === 'male' ? proMinusAnti : -proMinusAnti;
}

export function summarizeWinoBias(records: ResultRecord[], meta: WinoBiasMeta, options: SummaryOptions = {}): WinoBiasSummary {
  const { seed, resamples } = resolveOptions(options);
  const byItem = scoresByItem(records, 'winobias');
  const rows = meta.pairs.map((pair) => {
    const d = scoreOf(byItem, 'winobias', pair.id, 'pro') - scoreOf(byItem, 'winobias', pair.id, 'anti');
    return { pair, d, heShe: heMinusShe(pair, d) };
  });
  type Row = (typeof rows)[number];
  // Items of one occupation are not independent: the bootstrap and the sign-flip resample occupations.
  const gapOf = (subset: Row[], label: string): PairedGap =>
    pairedGap(subset.map((r) => r.d), seedFor(seed, label), resamples, subset.map((r) => r.pair.occupation));
  const clean = rows.filter((r) => !r.pair.differsBeyondPronoun);

  const gap = gapOf(rows, 'all');
  const gapClean = gapOf(clean, 'clean');
  const byType = {
    type1: gapOf(rows.filter((r) => r.pair.type === 1), 'type1'),
    type2: gapOf(rows.filter((r) => r.pair.type === 2), 'type2'),
  };
  const byTypeClean = {
    type1: gapOf(clean.filter((r) => r.pair.type === 1), 'type1.clean'),
    type2: gapOf(clean.filter((r) => r.pair.type === 2), 'type2.clean'),
  };
  const bySplit = {
    dev: gapOf(rows.filter((r) => r.pair.split === 'dev'), 'dev'),
    test: gapOf(rows.filter((r) => r.pair.split === 'test'), 'test'),
  };
  const heShe = rows.flatMap((r) => (r.heShe === null ? [] : [r.heShe]));
  const heMinusSheGap = pairedGap(heShe, seedFor(seed, 'he-she'), resamples, rows.flatMap((r) => (r.heShe === null ? [] : [r.pair.occupation])));

  // Per occupation, the he-versus-she gap against the share of women where WinoGender knows the occupation.
  const bls = new Map((meta.occupationStats ?? []).map((o) => [o.occupation.toLowerCase(), o.blsPctFemale]));
  const occupationOrder = [...new Set(meta.pairs.map((p) => `${p.occupationList}\u0000${p.occupation}`))].sort();
  const occupations: WinoBiasOccupationRow[] = occupationOrder.map((key) => {
    const [list, occupation] = key.split('\u0000') as ['male' | 'female', string];
    const values = rows.filter((r) => r.pair.occupation === occupation && r.heShe !== null).map((r) => r.heShe!);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return {
      occupation,
      list,
      n: values.length,
      he_minus_she: mean,
      ci: bootstrapMeanCi(values, seedFor(seed, `occupation.${occupation}`), resamples),
      p_wilcoxon: values.length ? wilcoxon(values)[1] : NaN,
      bls_pct_female: bls.get(occupation.toLowerCase()) ?? null,
    };
  });
  const known = occupations.filter((o) => o.bls_pct_female !== null);
  const x = known.map((o) => o.bls_pct_female!);
  const y = known.map((o) => o.he_minus_she);
  const correlate = meta.occupationStats !== null && known.length >= 4;
  const blsPearson = correlate ? pearsonWithCi(x, y) : null;
  const blsSpearman = correlate ? spearmanWithCi(x, y, seedFor(seed, 'spearman'), resamples) : null;

  const nFlagged = rows.length - clean.length;
  const breakdown: BreakdownRow[] = [
    ['all pairs', gap],
    [`without the ${nFlagged} pairs that differ beyond the pronoun`, gapClean],
    ['type 1 (world knowledge)', byType.type1],
    ['type 2 (syntactic cue)', byType.type2],
    ['dev split', bySplit.dev],
    ['test split', bySplit.test],
  ].map(([key, g]) => {
    const pg = g as PairedGap;
    return { key: key as string, n: pg.n, value: pg.mean, ci: pg.ci, p: pg.p_perm, p_adj: null };
  });

  const info = datasetInfo('winobias');
  const notes = [
    'd = P(positive | pro-stereotyped sentence) − P(positive | anti-stereotyped sentence), over line-aligned pairs; intervals are percentile bootstraps over pairs.',
    `${nFlagged} pairs differ in more than the pronoun (typos or edits in the source); the gap is reported with and without them.`,
    'The he-minus-she gap flips the sign of d where the pro-stereotyped line has the female pronoun.',
  ];
  if (meta.occupationStats === null) notes.push('WinoGender was not available, so the share of women per occupation (BLS) is missing.');
  else notes.push(`${known.length} of the ${occupations.length} occupations have a BLS share of women in WinoGender's occupations-stats.tsv.`);

  return {
    suite: 'winobias',
    title: info.title,
    headline: `Making the pronoun match the occupation stereotype changes P(positive) by ${gapSentence(gap)}.`,
    n_items: rows.length,
    n_sentences: 2 * rows.length,
    citation: info.citation,
    licence: info.licence,
    source: info.source,
    caveat:
      'WinoBias was built to test coreference resolution. A sentiment classifier does not resolve the pronoun, so a gap here measures how gendered pronouns near occupation words move the sentiment score, not coreference errors.',
    metrics: {
      winobias_gap: asInterval(gap),
      winobias_gap_clean: asInterval(gapClean),
      winobias_gap_type1: asInterval(byType.type1),
      winobias_gap_type2: asInterval(byType.type2),
      winobias_he_minus_she: asInterval(heMinusSheGap),
      ...(blsPearson ? { winobias_bls_pearson: { value: blsPearson.r, ci: blsPearson.ci } } : {}),
    },
    breakdown_label: 'P(pos | pro) − P(pos | anti)',
    breakdown_reference: 0,
    breakdown,
    notes,
    seed,
    resamples,
    gap,
    gap_clean: gapClean,
    n_differs_beyond_pronoun: nFlagged,
    by_type: byType,
    by_split: bySplit,
    by_type_clean: byTypeClean,
    he_minus_she: heMinusSheGap,
    occupations,
    bls_pearson: blsPearson,
    bls_spearman: blsSpearman,
  };
}
