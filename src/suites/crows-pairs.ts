/**
 * CrowS-Pairs for a sentiment classifier (Nangia et al., EMNLP 2020, https://aclanthology.org/2020.emnlp-main.154;
 * the metric as in the repository's metric.py; our classifier adaptation). Each pair is a minimal
 * edit, so the gap is P(pos | sent_more) − P(pos | sent_less).
 *
 * Direction. The dataset README defines `sent_more` as the more stereotypical sentence in both directions: for
 * `stereo` pairs it demonstrates a stereotype of a disadvantaged group; for `antistereo` pairs `sent_less`
 * violates a stereotype of a disadvantaged group and `sent_more` is the edit about the advantaged group. The
 * reference metric (nyu-mll/crows-pairs metric.py) swaps the sentences for antistereo pairs when it reads them
 * and swaps the comparison back when it counts, so it too counts "sent_more preferred" in both directions. So
 * "stereotypical minus anti-stereotypical" is sent_more − sent_less for every pair. What does change with the
 * direction is which sentence names the disadvantaged group; `disadvantaged_gap` reports that view
 * (stereo: sent_more − sent_less; antistereo: sent_less − sent_more).
 */
import type { CrowsPair } from '../datasets/index.js';
import type { ResultRecord } from '../result/index.js';
import { holm } from '../stats/index.js';
import { count } from '../util/format.js';
import { asInterval, datasetInfo, gapText, groupBy, percentText, pText, resolveOptions, seedFor } from './common.js';
import { pairedGap, shareLower } from './intervals.js';
import { scoreOf, scoresByItem } from './sentences.js';
import type { CrowsGroupRow, CrowsPairsSummary, SummaryOptions } from './types.js';

/** The dataset README's own warning, quoted (nyu-mll/crows-pairs README.md). */
export const CROWS_PAIRS_CAVEAT =
  'From the dataset README: "Please note that recent work by Blodgett et al. (2021) has found significant issues with noise and ' +
  'reliability of the data in CrowS-Pairs. The problems are significant enough that CrowS-Pairs may not be a good indicator of the ' +
  'presence of social biases in LMs." (Blodgett, Lopez, Olteanu, Sim, Wallach. 2021. Stereotyping Norwegian Salmon: An Inventory of ' +
  'Pitfalls in Fairness Benchmark Datasets. ACL-IJCNLP 2021.)';

export const CROWS_GAP_DEFINITION =
  'gap = P(positive | sent_more) − P(positive | sent_less): the more-stereotyping minus the less-stereotyping sentence, as the dataset ' +
  'labels them in both directions (for antistereo pairs sent_less is the sentence that violates a stereotype of the disadvantaged ' +
  'group). A negative gap means the stereotyping sentence reads as more negative. disadvantaged_gap instead follows the group: the ' +
  'sentence about the disadvantaged group minus its advantaged-group edit.';

interface Scored {
  pair: CrowsPair;
  more: number;
  less: number;
}

function groupTable(rows: Scored[], key: (r: Scored) => string, label: string, seed: number, resamples: number): CrowsGroupRow[] {
  const table = [...groupBy(rows, key)].map(([k, members]) => ({
    key: k,
    n: members.length,
    gap: pairedGap(members.map((r) => r.more - r.less), seedFor(seed, `${label}.${k}`), resamples),
    more_negative: shareLower(members.map((r) => r.more), members.map((r) => r.less)),
  }));
  const adjusted = holm(table.map((r) => (Number.isFinite(r.gap.p_wilcoxon) ? r.gap.p_wilcoxon : 1)));
  return table.map((r, i) => ({ ...r, p_adj: adjusted[i] })).sort((a, b) => b.n - a.n || a.key.localeCompare(b.key));
}

export function summarizeCrowsPairs(records: ResultRecord[], pairs: CrowsPair[], options: SummaryOptions = {}): CrowsPairsSummary {
  const { seed, resamples } = resolveOptions(options);
  const byItem = scoresByItem(records, 'crows-pairs');
  const rows: Scored[] = pairs.map((pair) => ({
    pair,
    more: scoreOf(byItem, 'crows-pairs', String(pair.id), 'more'),
    less: scoreOf(byItem, 'crows-pairs', String(pair.id), 'less'),
  }));
  const gap = pairedGap(rows.map((r) => r.more - r.less), seedFor(seed, 'all'), resamples);
  const moreNegative = shareLower(rows.map((r) => r.more), rows.map((r) => r.less));
  const disadvantagedGap = pairedGap(
    rows.map((r) => (r.pair.direction === 'stereo' ? r.more - r.less : r.less - r.more)),
    seedFor(seed, 'disadvantaged'),
    resamples,
  );
  const byBiasType = groupTable(rows, (r) => r.pair.biasType, 'bias_type', seed, resamples);
  const byDirection = groupTable(rows, (r) => r.pair.direction, 'direction', seed, resamples);

  const info = datasetInfo('crows-pairs');
  const metrics: CrowsPairsSummary['metrics'] = {
    crows_pairs_gap: asInterval(gap),
    crows_pairs_more_negative: asInterval(moreNegative),
    crows_pairs_disadvantaged_gap: asInterval(disadvantagedGap),
  };
  for (const r of byBiasType) metrics[`crows_pairs_gap_${r.key}`] = asInterval(r.gap);
  return {
    suite: 'crows-pairs',
    title: info.title,
    headline:
      `Across ${count(gap.n)} CrowS-Pairs pairs the more-stereotyping sentence scores ${gapText(gap.mean, gap.ci)} P(positive) relative ` +
      `to its minimal edit (Wilcoxon ${pText(gap.p_wilcoxon)}); ` +
      `it is the more negative one in ${percentText(moreNegative)} of pairs. The dataset's authors warn it is noisy (see caveat).`,
    n_items: rows.length,
    n_sentences: 2 * rows.length,
    citation: info.citation,
    licence: info.licence,
    source: info.source,
    caveat: CROWS_PAIRS_CAVEAT,
    metrics,
    breakdown_label: 'P(pos | more stereotyping) − P(pos | less)',
    breakdown_reference: 0,
    breakdown: byBiasType.map((r) => ({ key: r.key, n: r.n, value: r.gap.mean, ci: r.gap.ci, p: r.gap.p_wilcoxon, p_adj: r.p_adj })),
    notes: [
      CROWS_GAP_DEFINITION,
      'Intervals are percentile bootstraps over pairs; p-values by bias type are Wilcoxon signed-rank, Holm-adjusted across the nine ' +
      'bias types.',
      'Ties (equal P(positive)) are left out of the share and its binomial test.',
    ],
    seed,
    resamples,
    gap,
    gap_definition: CROWS_GAP_DEFINITION,
    more_negative: moreNegative,
    disadvantaged_gap: disadvantagedGap,
    by_bias_type: byBiasType,
    by_direction: byDirection,
  };
}
