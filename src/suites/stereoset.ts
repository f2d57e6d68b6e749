/**
 * StereoSet for a sentiment classifier (Nadeem, Bethke and Reddy, ACL 2021, https://aclanthology.org/2021.acl-long.416;
 * counts as in the StereoSet repository's code/evaluation.py; our classifier adaptation). The stereotype and
 * anti-stereotype options of an item differ in the attribute, so the question is which one the classifier finds
 * more negative: SS_clf = share of items whose stereotype option has the lower P(positive) (50% = no preference,
 * the same count as StereoSet's own sentiment-model evaluation with s = P(negative)), plus the graded gap
 * mean(P(pos | stereotype) − P(pos | anti-stereotype)). LMS and ICAT are not computed (see WHY_NO_LMS).
 */
import type { StereoSetItem } from '../datasets/index.js';
import type { ResultRecord } from '../result/index.js';
import { holm } from '../stats/index.js';
import { asInterval, datasetInfo, gapText, groupBy, percentText, pText, resolveOptions, seedFor } from './common.js';
import { bootstrapMeanCi, pairedGap, shareLower } from './intervals.js';
import { scoreOf, scoresByItem } from './sentences.js';
import type { StereoSetGroupRow, StereoSetSummary, SummaryOptions } from './types.js';
import { count } from '../util/format.js';

export const WHY_NO_LMS =
  'LMS and ICAT are not computed: they ask whether a language model prefers a meaningful option to the "unrelated" one, which a sentiment classifier does not do. For a classifier the unrelated option is not a fluency control (StereoSet\'s own sentiment model scores LMS 46.0 on intrasentence items, below chance), so its mean P(positive) is shown only as a diagnostic.';

interface Scored {
  item: StereoSetItem;
  stereotype: number;
  anti: number;
  unrelated: number;
}

function groupRow(key: string, rows: Scored[], seed: number, resamples: number, ofOneTarget = false): Omit<StereoSetGroupRow, 'p_adj'> {
  return {
    key,
    n: rows.length,
    more_negative: shareLower(rows.map((r) => r.stereotype), rows.map((r) => r.anti)),
    // Items about one target (e.g. a country) are not independent: resample targets; a target's own row resamples
    // its items (the question is then about this target's items).
    gap: pairedGap(
      rows.map((r) => r.stereotype - r.anti), seedFor(seed, key), resamples, ofOneTarget ? undefined : rows.map((r) => r.item.target),
    ),
  };
}

/** One row per key, with Holm-adjusted binomial p across the rows. */
function groupTable(rows: Scored[], key: (r: Scored) => string, label: string, seed: number, resamples: number): StereoSetGroupRow[] {
  const table = [...groupBy(rows, key)].map(([k, members]) => groupRow(k, members, seedFor(seed, label), resamples, label === 'target'));
  const adjusted = holm(table.map((r) => (Number.isFinite(r.more_negative.p) ? r.more_negative.p : 1)));
  return table.map((r, i) => ({ ...r, p_adj: adjusted[i] }));
}

export function summarizeStereoSet(records: ResultRecord[], items: StereoSetItem[], options: SummaryOptions = {}): StereoSetSummary {
  const { seed, resamples } = resolveOptions(options);
  const byItem = scoresByItem(records, 'stereoset');
  const rows: Scored[] = items.map((item) => ({
    item,
    stereotype: scoreOf(byItem, 'stereoset', item.id, 'stereotype'),
    anti: scoreOf(byItem, 'stereoset', item.id, 'anti-stereotype'),
    unrelated: scoreOf(byItem, 'stereoset', item.id, 'unrelated'),
  }));
  const overall = groupRow('all', rows, seedFor(seed, 'all'), resamples);
  const byBiasType = groupTable(rows, (r) => r.item.biasType, 'bias_type', seed, resamples);
  const byType = groupTable(rows, (r) => r.item.type, 'type', seed, resamples);
  const byTarget = groupTable(rows, (r) => r.item.target, 'target', seed, resamples).sort((a, b) => a.key.localeCompare(b.key));
  const meanOf = (values: number[], label: string) => ({
    value: values.reduce((a, b) => a + b, 0) / values.length,
    ci: bootstrapMeanCi(values, seedFor(seed, label), resamples),
  });

  const share = overall.more_negative;
  const info = datasetInfo('stereoset');
  const metrics: StereoSetSummary['metrics'] = {
    stereoset_stereo_more_negative: asInterval(share),
    stereoset_gap: asInterval(overall.gap),
  };
  for (const r of byBiasType) {
    metrics[`stereoset_stereo_more_negative_${r.key}`] = asInterval(r.more_negative);
    metrics[`stereoset_gap_${r.key}`] = asInterval(r.gap);
  }
  return {
    suite: 'stereoset',
    title: info.title,
    headline:
      `In ${percentText(share)} of ${count(share.n)} StereoSet items the stereotype sentence gets a lower P(positive) than the anti-stereotype one (50% = no preference; binomial ${pText(share.p)}); ` +
      `mean gap ${gapText(overall.gap.mean, overall.gap.ci)}.`,
    n_items: rows.length,
    n_sentences: 3 * rows.length,
    citation: info.citation,
    licence: info.licence,
    source: info.source,
    caveat:
      'StereoSet measures language-model preferences. Here only the paired stereotype versus anti-stereotype comparison is used; the shared copy is the flattened dev set (without per-sentence ids and annotator labels).',
    metrics,
    breakdown_label: 'share of items with the stereotype scored more negative',
    breakdown_reference: 0.5,
    breakdown: byBiasType.map((r) => ({
      key: r.key, n: r.n, value: r.more_negative.value, ci: r.more_negative.ci, p: r.more_negative.p, p_adj: r.p_adj,
    })),
    notes: [
      'Intersentence options are scored after their context ("context option"); intrasentence options are full sentences.',
      'Ties (equal P(positive)) are counted apart and left out of the share and the binomial test.',
      'Holm adjustment is applied within each table (bias types, sentence types, targets).',
      'Bias-type and sentence-type rows resample targets (items of one target are not independent); a target\'s own row resamples its items.',
    ],
    seed,
    resamples,
    more_negative: share,
    gap: overall.gap,
    by_bias_type: byBiasType,
    by_type: byType,
    by_target: byTarget,
    mean_score: {
      stereotype: meanOf(rows.map((r) => r.stereotype), 'mean.stereotype'),
      anti_stereotype: meanOf(rows.map((r) => r.anti), 'mean.anti'),
      unrelated: meanOf(rows.map((r) => r.unrelated), 'mean.unrelated'),
    },
    why_no_lms: WHY_NO_LMS,
  };
}
