/**
 * review.json: one review of every run of an audit plan. `schemas/review.schema.json` is generated from this
 * (test/evidence/review.test.ts checks the file is current and that a written review.json validates against it).
 */
import { z } from 'zod';

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const interval = z.tuple([z.number().nullable(), z.number().nullable()]).nullable();

const ruleSchema = z.strictObject({
  id: z.string(),
  status: z.string().meta({ description: 'pass, fail, inconclusive or not applicable, as check.json says' }),
  value: z.number().nullable(),
  interval,
  threshold: z.string().nullable(),
  message: z.string(),
});

const verdictSchema = z.strictObject({
  available: z.boolean().meta({ description: 'False when the run directory has no check.json' }),
  status: z.string().nullable(),
  policy: z.strictObject({
    name: z.string(), version: z.union([z.number(), z.string()]).nullable(), sha256: z.string().nullable(),
  }).nullable(),
  rules: z.array(ruleSchema),
  findings: z.array(z.strictObject({ severity: z.string().nullable(), text: z.string() })),
  note: z.string(),
});

const sourceSchema = z.strictObject({
  role: z.string(),
  path: z.string(),
  sha256: hash,
  licence: z.string(),
});

const runSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['probe', 'suite', 'data']),
  subject: z.string().meta({ description: 'The probe id, suite name or data file' }),
  title: z.string(),
  dir: z.string(),
  plan_version: z.number().nullable(),
  created_at: z.string().nullable(),
  model: z.strictObject({ name: z.string(), fingerprint: z.string(), demo: z.boolean(), matches_plan: z.boolean() }),
  files: z.array(z.strictObject({ path: z.string(), sha256: hash })),
  verdict: verdictSchema,
  test_data: z.strictObject({
    sources: z.array(sourceSchema),
    size: z.strictObject({ n: z.number(), unit: z.string() }),
    subgroups: z.array(z.strictObject({ name: z.string(), n: z.number() })),
    notes: z.array(z.string()),
  }),
  power: z.strictObject({ min_detectable_effect: z.number().nullable(), note: z.string() }),
});

export const reviewSchema = z
  .strictObject({
    review_version: z.literal(1),
    tool: z.strictObject({ name: z.string(), version: z.string() }),
    filing: z.strictObject({
      fileable: z.boolean(),
      headline: z.string().meta({ description: 'The first line of the review: whether it can be filed, and if not why' }),
      reasons: z.array(z.string()),
    }),
    plan: z.strictObject({
      file: z.string(),
      version: z.number(),
      sha256: hash,
      lock_sha256: hash,
      history: z.array(z.strictObject({ version: z.number(), file: z.string(), sha256: hash })),
      system: z.strictObject({ name: z.string(), purpose: z.string() }),
      deployment: z.strictObject({ population: z.string(), language: z.string() }),
      attributes: z.array(z.strictObject({ name: z.string(), why: z.string() })),
      model: z.strictObject({ name: z.string(), fingerprint: z.string(), demo: z.boolean() }),
      policy: z.strictObject({ name: z.string(), sha256: hash }),
      seed: z.number(),
      resamples: z.number(),
      data_handling: z.strictObject({ purpose: z.string(), retention: z.string(), redact: z.boolean() }),
      runs: z.array(z.strictObject({ id: z.string(), kind: z.string(), subject: z.string(), run: z.boolean() })),
    }),
    runs: z.array(runSchema),
    summary: z.strictObject({
      available: z.boolean(),
      note: z.string(),
    }).meta({ description: 'The per-attribute summary (audit summary); a labelled gap while that command does not exist' }),
    limitations: z.array(z.string()),
    requirements: z.array(z.strictObject({
      id: z.string(),
      title: z.string(),
      asks: z.string(),
      evidence: z.array(z.strictObject({ what: z.string(), where: z.array(z.string()) })),
      note: z.string(),
    })),
  })
  .meta({ title: 'bias-audit review', description: 'One review of every run of an audit plan (audit review DIR).' });

export type Review = z.infer<typeof reviewSchema>;
export type ReviewRun = Review['runs'][number];
export type ReviewVerdict = ReviewRun['verdict'];

export function reviewJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(reviewSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
