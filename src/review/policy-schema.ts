/**
 * The shape of a policy file as people write it. `schemas/policy.schema.json` is generated from this
 * (`policyJsonSchema()`; test/review/policy.test.ts checks the file is current). Whether a metric exists is known
 * only against a result, so that check is in check.ts.
 */
import { z } from 'zod';

const METRIC_NAME = /^[a-z][a-z0-9_]*$/;

export const BOUNDS = ['lower', 'upper', 'value'] as const;
export type Bound = (typeof BOUNDS)[number];

export const metricRuleSchema = z
  .strictObject({
    max: z.number().optional().meta({
      description: 'A margin. Version 2: pass when the interval\'s upper bound is at most this, fail when its lower bound is above it, '
        + 'inconclusive otherwise. Version 1: fail when the lower bound is above it',
    }),
    min: z.number().optional().meta({
      description: 'A margin. Version 2: pass when the lower bound is at least this, fail when the upper bound is below it, inconclusive '
        + 'otherwise. Version 1: fail when the upper bound is below it',
    }),
    on: z.enum(BOUNDS).optional().meta({
      description: 'Version 2: only "value" (compare the point estimate, pass or fail, no interval). Version 1: the interval bound '
        + '(lower/upper) or the point estimate compared with max/min/max_increase',
    }),
    max_increase: z.number().min(0, { error: 'must be at least 0' }).optional().meta({
      description: 'Against --baseline: a margin on the change since the baseline, read like max on the change\'s interval',
    }),
  })
  .refine((r) => r.max !== undefined || r.min !== undefined || r.max_increase !== undefined, {
    error: 'a rule needs at least one of max, min, max_increase',
  })
  .refine((r) => r.max === undefined || r.min === undefined || r.min <= r.max, { error: 'min is greater than max', path: ['min'] })
  .meta({ description: 'Thresholds on one named metric of result.json stats.summary' });

export const policyFileSchema = z
  .strictObject({
    version: z.union([z.literal(1), z.literal(2)]).optional().meta({
      description: 'Policy format version: 2 reads every rule as a margin with three outcomes (pass, fail, inconclusive); 1 (the default '
        + 'when absent, kept for old policies) fails only when the interval is entirely beyond the threshold',
    }),
    inconclusive: z.enum(['pass', 'fail']).optional().meta({
      description: 'Version 2: what an inconclusive rule does to the exit code (default pass: only failures fail; fail: like --strict)',
    }),
    name: z.string().min(1, { error: 'must not be empty' }).optional().meta({ description: 'Default: the file name' }),
    description: z.string().optional(),
    tolerance: z.number().min(0, { error: 'must be at least 0' }).max(1, { error: 'must be at most 1' }).optional().meta({
      description: '`audit diff --policy`: a group changed when its paired interval lies outside \u00b1tolerance, unchanged when inside '
        + '(probability scale; default 0.005; --tolerance overrides it)',
    }),
    rules: z
      .record(
        z.string().min(1, { error: 'must not be empty' }),
        z.record(z.string().regex(METRIC_NAME, { error: 'metric names use a-z, 0-9 and "_"' }), metricRuleSchema),
      )
      .refine((rules) => Object.keys(rules).length > 0, { error: 'must declare at least one probe, suite or "*"' })
      .meta({ description: 'Probe id, suite name or "*" (every run) -> metric name -> thresholds. A named entry replaces "*" for the ' +
        'metrics it lists.' }),
  })
  .superRefine((p, ctx) => {
    // Version 2 reads max/min as margins on the whole interval: a single bound would bring back the fail-only reading.
    if (p.version !== 2) return;
    for (const [selector, rules] of Object.entries(p.rules)) {
      for (const [metric, rule] of Object.entries(rules)) {
        if (rule.on === 'lower' || rule.on === 'upper') {
          ctx.addIssue({
            code: 'custom', path: ['rules', selector, metric, 'on'],
            message: `on: ${rule.on} is not allowed in version 2 (a margin is read on the whole interval); use on: value or remove it`,
          });
        }
      }
    }
  })
  .meta({ title: 'bias-audit policy file', description: 'Thresholds that `audit check` applies to a run\u2019s named metrics.' });

export type PolicyFile = z.infer<typeof policyFileSchema>;
export type MetricRule = z.infer<typeof metricRuleSchema>;

/** Field names per object kind, for "unknown field" hints. */
export const POLICY_FIELDS = {
  policy: ['version', 'name', 'description', 'inconclusive', 'tolerance', 'rules'],
  rule: ['max', 'min', 'on', 'max_increase'],
};

/** JSON Schema (draft 2020-12) of the policy file, as written to schemas/policy.schema.json. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policyFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
