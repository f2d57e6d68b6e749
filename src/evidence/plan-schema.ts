/**
 * The audit plan as people write it (`audit plan init` writes a commented one). Paths in it are relative to the plan
 * file's folder; a probe may be a built-in id, a data file a built-in dataset id (sst2-dev), the policy "default".
 */
import { z } from 'zod';

const text = (description: string) => z.string().trim().min(1, { error: 'must not be empty' }).meta({ description });
const count = (description: string) => z.number().int({ error: 'must be a whole number' }).min(1,
  { error: 'must be at least 1' }).meta({ description });
const RUN_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const planRunSchema = z
  .strictObject({
    id: z.string().regex(RUN_ID, { error: 'run ids use a-z, 0-9, "-" and "_" (at most 64)' }).optional()
      .meta({ description: 'Folder name under DIR/runs/ (default: the probe, suite or data file name)' }),
    probe: z.string().min(1).optional().meta({ description: 'Built-in probe id or probe file' }),
    suite: z.enum(['winobias', 'winogender', 'stereoset', 'crows-pairs']).optional().meta({ description: 'Benchmark suite' }),
    data: z.string().min(1).optional().meta({ description: 'Your texts: a CSV, TSV or JSON Lines file, or sst2-dev' }),
    limit: count('Probe runs: at most this many sentences (seeded sample)').optional(),
    sample: count('Data runs: a seeded sample of this many rows').optional(),
    text_column: z.string().min(1).optional(),
    label_column: z.string().min(1).optional(),
    positive_label: z.string().min(1).optional(),
    group_columns: z.array(z.string().min(1)).optional(),
    swap: z.union([z.string().min(1), z.array(z.string().min(1))]).optional()
      .meta({ description: 'Data runs: axes to swap (a list, or a comma list as --swap)' }),
    intersect: z.array(z.string().trim().min(1, { error: 'must not be empty' })).optional()
      .meta({ description: 'Data runs: two axes crossed, e.g. [gender, nationality] (detected axes or group_columns), as --intersect' }),
    swap_samples: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' })
      .max(100, { error: 'must be at most 100' }).optional()
      .meta({ description: 'Data runs: counterfactuals per mention and target group' }),
    swap_groups: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' })
      .max(10_000, { error: 'must be at most 10000' }).optional()
      .meta({ description: 'Data runs: at most this many target groups per axis' }),
    threshold: z.number().min(0, { error: 'must be at least 0' }).max(1, { error: 'must be at most 1' }).optional()
      .meta({ description: 'Data runs: a score at or above it counts as the target label (default 0.5)' }),
    min_per_class: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).optional()
      .meta({ description: 'Data runs: positives and negatives a subgroup (and a TPR/FPR cell) needs to be judged (default 20)' }),
    include_unsure: z.boolean().optional().meta({ description: 'Data runs: count mentions whose identity reading is unsure' }),
    max_rows: count('Data runs: refuse files with more rows than this').optional(),
  })
  .refine((r) => [r.probe, r.suite, r.data].filter((x) => x !== undefined).length === 1, {
    error: 'a run names exactly one of probe, suite, data',
  });

export const planFileSchema = z
  .strictObject({
    version: z.number().int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' })
      .meta({ description: 'Bumped by `audit plan amend`; earlier versions are kept in DIR/plan-history/' }),
    system: z.strictObject({ name: text('The system under review'), purpose: text('Its intended purpose') }),
    deployment: z.strictObject({ population: text('Who the system will be used on'), language: text('Language(s) of the texts it sees') }),
    attributes: z.array(z.strictObject({ name: text('Attribute in scope'), why: text('Why it is in scope') }))
      .min(1, { error: 'name at least one attribute in scope' }),
    model: text('Model directory, hub id or "demo"'),
    runs: z.array(planRunSchema).min(1, { error: 'plan at least one run' }),
    policy: text('Policy file, or "default" for the shipped policies/default.yaml'),
    seed: z.number().int({ error: 'must be a whole number' }).min(0).meta({ description: 'Seed of every sample and bootstrap' }),
    resamples: count('Bootstrap resamples'),
    data_handling: z.strictObject({
      purpose: text('Why the test data (texts, group columns) is processed'),
      retention: text('How long the run directories are kept, and by whom'),
      redact: z.boolean().optional().meta({ description: 'Keep per-row texts and group values out of data runs\' files' }),
      redact_key: z.string().min(1).optional().meta({ description: 'HMAC key file for --redact, outside the audit directory' }),
    }),
  })
  .meta({ title: 'bias-audit audit plan', description: 'What an audit will run, fixed before anything is scored.' });

export type PlanFile = z.infer<typeof planFileSchema>;
export type PlanRun = z.infer<typeof planRunSchema>;

export const PLAN_FIELDS: Record<string, string[]> = {
  '': ['version', 'system', 'deployment', 'attributes', 'model', 'runs', 'policy', 'seed', 'resamples', 'data_handling'],
  system: ['name', 'purpose'],
  deployment: ['population', 'language'],
  attributes: ['name', 'why'],
  runs: ['id', 'probe', 'suite', 'data', 'limit', 'sample', 'text_column', 'label_column', 'positive_label', 'group_columns', 'swap',
    'intersect', 'swap_samples', 'swap_groups', 'threshold', 'min_per_class', 'include_unsure', 'max_rows'],
  data_handling: ['purpose', 'retention', 'redact', 'redact_key'],
};

export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
