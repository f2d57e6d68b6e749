/**
 * A data run (`audit run --data`): result.json's `data` block and the lines of its records.jsonl, as zod schemas with
 * the types inferred from them (so the two cannot drift). The data stage writes both; review reads them.
 */
import { z } from 'zod';
import { intersectionSchema } from './intersection.js';

const stat = z.number().nullable();
const count = z.number().nonnegative().meta({ description: 'a count (a weighted count in resamples; whole numbers here)' });
const estimate = z.strictObject({ value: stat, ci: z.tuple([stat, stat]) }).meta({ description: 'value with its 95% interval; null where ' +
  'undefined' });
const worst = z.strictObject({
  value: stat, ci: z.tuple([stat, stat]),
  subgroup: z.string().nullable().optional(), judged: count.optional(), subgroups: count.optional(), note: z.string().optional(),
}).meta({ description: 'worst judged subgroup\'s value, with the simultaneous 95% interval of the worst true value (docs/statistics.md)' });
const rates = z.strictObject({ tpr: stat, fpr: stat, fnr: stat, positive_rate: stat });

const subgroupFields = {
  subgroup: z.string(),
  n: count,
  positives: count,
  negatives: count.optional(),
  judged: z.boolean().optional(),
  background: rates,
  subgroup_auc: estimate,
  bpsn_auc: estimate,
  bnsp_auc: estimate,
  positive_aeg: estimate,
  negative_aeg: estimate,
  tpr: estimate,
  fpr: estimate,
  fnr: estimate,
  positive_rate: estimate,
  tpr_gap: estimate,
  fpr_gap: estimate,
  fnr_gap: estimate,
  equalized_odds_difference: estimate,
};
const simGaps = z.strictObject({ tpr_gap: z.tuple([stat, stat]), fpr_gap: z.tuple([stat, stat]) }).meta({
  description: 'judged subgroups: TPR and FPR gaps\u2019 Šidák-simultaneous 95% intervals over the judged subgroups' });
const subgroup = z.strictObject({
  ...subgroupFields, sim_gaps: simGaps.optional(), source: z.enum(['mention', 'column']), axis: z.string().nullable() });
const intersection = z.strictObject(subgroupFields);

const swapSummary = {
  counterfactuals: count,
  sources: count,
  mean_change: estimate,
  ctf_gap: estimate,
  flip_rate: estimate,
  p: stat,
};
const example = z.strictObject({
  from: z.string(), to: z.string(), original: z.string(), counterfactual: z.string(),
  original_score: z.number(), counterfactual_score: z.number(), change: z.number(), unsure: z.boolean(),
});
const axis = z.strictObject({
  ...swapSummary,
  axis: z.string(),
  texts_mentioning: count,
  groups: count,
  target_groups: z.array(z.string()),
  sampled_targets: z.boolean(),
  unsure: count,
  pairs: z.array(z.strictObject({
    ...swapSummary, from: z.string(), to: z.string(), p_adj: stat, p_adj_axis: stat.optional(), significant: z.boolean(),
    sim_ci: z.tuple([stat, stat]).optional().meta({ description: 'mean change, Šidák-simultaneous 95% over every pair of the run' }),
    example: example.optional().meta({ description: 'the pair\u2019s typical counterfactual: change closest to its median' }),
  })),
  largest_changes: z.array(example),
});

export const dataSchema = z.strictObject({
  source: z.string(),
  file_name: z.string(),
  format: z.enum(['csv', 'tsv', 'jsonl']),
  text_column: z.string(),
  label_column: z.string().nullable(),
  positive_labels: z.array(z.string()),
  negative_label: z.string().nullable(),
  threshold: z.number(),
  rows_in_file: count,
  rows: count,
  sampled: z.strictObject({ n: count, seed: z.number() }).nullable(),
  seed: z.number(),
  resamples: count,
  coverage: z.strictObject({
    texts: count, per_axis: z.record(z.string(), count), unmentioned: z.array(z.string()), no_mention: count,
    unsure_mentions: count.optional(), unsure_included: z.boolean().optional(),
  }),
  groups: z.strictObject({
    threshold: z.number(),
    resamples: count,
    seed: z.number(),
    min_positives: count.optional(),
    min_negatives: count.optional(),
    simultaneous_level: stat.optional(),
    overall: z.strictObject({
      n: count, positives: count, auc: estimate, accuracy: estimate, f1: estimate,
      tpr: estimate, fpr: estimate, fnr: estimate, positive_rate: estimate,
    }),
    subgroups: z.array(subgroup),
    too_small: z.array(z.strictObject({ subgroup: z.string(), positives: count, negatives: count })).optional(),
    intersections: z.array(intersection),
    generalized_mean_p: z.number(),
    generalized_means: z.strictObject({ subgroup_auc: estimate, bpsn_auc: estimate, bnsp_auc: estimate }),
    final_score: estimate,
    worst: z.record(z.string(), worst),
    warnings: z.array(z.string()),
  }).nullable(),
  swaps: z.strictObject({
    axes: z.array(axis), swap_samples: count, swap_groups: count, counterfactuals: count, multiplicity: z.string().optional(),
  }).nullable(),
  factorial: z.array(intersectionSchema).optional().meta({ description: '--intersect: two axes crossed (schema 3.3)' }),
  swap_interactions: z.strictObject({
    axes: z.tuple([z.string(), z.string()]),
    counterfactuals: count,
    multiplicity: z.string(),
    pairs: z.array(z.strictObject({
      a_from: z.string(), a_to: z.string(), b_from: z.string(), b_to: z.string(), texts: count,
      mean_interaction: estimate, p: stat, p_adj: stat, significant: z.boolean(),
    })),
  }).optional().meta({ description: '--intersect of two swapped axes: per pair of swaps, the mean over texts of change(both) '
    + '− change(A only) − change(B only) (schema 3.3)' }),
  summary: z.record(z.string(), z.union([worst,
    estimate])).meta({ description: 'Named metrics that policies refer to, each with its 95% interval' }),
  warnings: z.array(z.string()),
  records_file: z.string(),
}).meta({ description: 'audit run --data: group metrics on labelled texts and counterfactual identity swaps; records in records_file' });

/** result.json `data`: everything a data run found. */
// Fields added for issue 22 are optional in the schema so that schema 2.1 run directories still read.
export type DataBlock = z.infer<typeof dataSchema>;

const probs = z.array(z.number().min(0).max(1)).min(2);
const score = z.number().min(0).max(1);
const offLabel = score.optional().meta({ description: 'LLM classifiers: the share of the answer that was none of the labels' });

/** One line of records.jsonl: an original text, or a counterfactual with one identity term swapped. */
export const dataRecordSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('original'),
    row: z.int().nonnegative(),
    line: z.int().nonnegative(),
    text: z.string(),
    label: z.int().min(0).max(1).nullable().meta({ description: '1 positive, 0 negative; null without --label-column' }),
    score,
    probs,
    predicted: z.string(),
    /** Detected mentions as axis:group. */
    mentions: z.array(z.string()),
    /** The --group-columns subgroups the text belongs to. */
    groups: z.array(z.string()).optional(),
    unsure_mentions: z.array(z.string()).optional(),
    off_label: offLabel,
  }),
  z.strictObject({
    kind: z.literal('counterfactual'),
    row: z.int().nonnegative(),
    axis: z.string(),
    from: z.string(),
    to: z.string(),
    text: z.string(),
    score,
    probs,
    predicted: z.string(),
    change: z.number().min(-1).max(1),
    unsure: z.boolean(),
    off_label: offLabel,
  }),
]);

export type DataRecord = z.infer<typeof dataRecordSchema>;
export type DataOriginal = Extract<DataRecord, { kind: 'original' }>;
export type DataCounterfactual = Extract<DataRecord, { kind: 'counterfactual' }>;
