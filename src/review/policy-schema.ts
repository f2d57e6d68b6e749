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
    max: z.number().optional().meta({ description: 'Fail when the metric is above this (by default: when its lower bound is)' }),
    min: z.number().optional().meta({ description: 'Fail when the metric is below this (by default: when its upper bound is)' }),
    on: z.enum(BOUNDS).optional().meta({
      description: 'What is compared with max/min/max_increase: the interval bound (lower/upper) or the point estimate. '
        + 'Default: the bound that makes a failure certain at 95% (lower for max and max_increase, upper for min)',
    }),
    max_increase: z.number().min(0, { error: 'must be at least 0' }).optional().meta({
      description: 'Against --baseline: fail when the metric grew by more than this (by default: when the lower bound of the change did)',
    }),
  })
  .refine((r) => r.max !== undefined || r.min !== undefined || r.max_increase !== undefined, {
    error: 'a rule needs at least one of max, min, max_increase',
  })
  .refine((r) => r.max === undefined || r.min === undefined || r.min <= r.max, { error: 'min is greater than max', path: ['min'] })
  .meta({ description: 'Thresholds on one named metric of result.json stats.summary' });

export const policyFileSchema = z
  .strictObject({
    version: z.literal(1).optional().meta({ description: 'Policy format version (1)' }),
    name: z.string().min(1, { error: 'must not be empty' }).optional().meta({ description: 'Default: the file name' }),
    description: z.string().optional(),
    rules: z
      .record(
        z.string().min(1, { error: 'must not be empty' }),
        z.record(z.string().regex(METRIC_NAME, { error: 'metric names use a-z, 0-9 and "_"' }), metricRuleSchema),
      )
      .refine((rules) => Object.keys(rules).length > 0, { error: 'must declare at least one probe, suite or "*"' })
      .meta({ description: 'Probe id, suite name or "*" (every run) -> metric name -> thresholds. A named entry replaces "*" for the metrics it lists.' }),
  })
  .meta({ title: 'bias-audit policy file', description: 'Thresholds that `audit check` applies to a run\u2019s named metrics.' });

export type PolicyFile = z.infer<typeof policyFileSchema>;
export type MetricRule = z.infer<typeof metricRuleSchema>;

/** Field names per object kind, for "unknown field" hints. */
export const POLICY_FIELDS = {
  policy: ['version', 'name', 'description', 'rules'],
  rule: ['max', 'min', 'on', 'max_increase'],
};

/** JSON Schema (draft 2020-12) of the policy file, as written to schemas/policy.schema.json. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policyFileSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
