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
    swap: z.string().min(1).optional().meta({ description: 'Data runs: axes to swap (comma list)' }),
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
  runs: ['id', 'probe', 'suite', 'data', 'limit', 'sample', 'text_column', 'label_column', 'positive_label', 'group_columns', 'swap'],
  data_handling: ['purpose', 'retention', 'redact', 'redact_key'],
};

export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
