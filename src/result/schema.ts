/**
 * The result.json contract as a zod schema: the same shape as `AuditResult` in types.ts (compile-time checks
 * below, in both directions and over every nested field name, keep the two in step). `schemas/result.schema.json`
 * is generated from it (`resultJsonSchema()`; test/result/schema.test.ts checks the committed file is current).
 *
 * Objects are closed to unknown fields, except where the contract itself is open (records, slot values, the probe
 * spec, suite summaries): a misspelt field is a producer bug worth catching. Adding a field bumps the minor
 * `schema_version` and this schema together; readers accept any minor version of their major version.
 */
import { z } from 'zod';
import { inputError } from '../errors.js';
import { RESULT_SCHEMA_VERSION, type AuditResult, type DataResult, type ProbeResult, type SuiteResult } from './types.js';
import { dataSchema } from './data.js';
import { intersectionSchema } from './intersection.js';
import type { Paths, Same, Widen } from './same-shape.js';
import { legacySuitesSchema, suitesSchema } from './suite-schema.js';
import { DESCRIPTIVE, METRIC_NAMES, METRICS, type DescriptiveName, type MetricName } from './metrics.js';

const MAJOR = RESULT_SCHEMA_VERSION.split('.')[0];
/** Schema 2.x files are read too: read.ts fills in `kind`, the one field 3.0 added (docs/architecture.md). */
const READABLE_MAJORS = ['2', MAJOR];

/**
 * A statistic that may be undefined (e.g. the spread of a template filled by one group): NaN in memory, which
 * JSON.stringify writes as null, so a file on disk says null.
 */
const stat = z.number().nullable().meta({ description: 'null when undefined for the data (NaN before serialisation)' });
const count = z.int().nonnegative();
const probability = z.number().min(0).max(1);
const interval = z.tuple([stat, stat]).meta({ description: '95% interval [low, high]' });
const frame = z.enum(['neutral', 'positive', 'negative']);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const slotValue = z.object({ value: z.string() }).catchall(scalar.optional()).meta({
  description: 'The lexicon entry used: value (the text substituted) plus its attributes (iso3, region, gender, ...)',
});

const record = z
  .looseObject({
    text: z.string(),
    template: z.string(),
    template_id: z.string(),
    frame,
    paraphrase_of: z.string().nullable(),
    slots: z.record(z.string(), slotValue),
    control: z.boolean(),
    group: z.string(),
    filler: z.string(),
    probs: z.array(probability).min(2).meta({ description: 'In model.labels order' }),
    score: probability.meta({ description: 'P(target)' }),
    label: z.string(),
    off_label: probability.optional().meta({ description: 'LLM classifiers: the share of the answer that was none of the labels' }),
    prompt_scores: z.array(probability).min(2).optional().meta({ description: 'LLM classifiers with several prompts: the score under ' +
      'each, in model.prompts order (score is their mean)' }),
    answers: z.strictObject({ n: count, counts: z.array(count).min(2) }).optional().meta({ description: 'LLM classifiers scored ' +
      'from sampled answers: how many answers and how many named each label (model.labels order)' }),
    suite: z.string().optional(),
    item: z.string().optional(),
    role: z.string().optional(),
  })
  .meta({ description: 'One scored sentence (benchmark suites add suite, item and role)' });

const model = z.strictObject({
  name: z.string(),
  fingerprint: z.string().min(1),
  engine: z.string(),
  engine_reason: z.string().optional().meta({ description: 'Why this engine ran (e.g. what --engine auto found)' }),
  backend: z.string(),
  labels: z.array(z.string()).min(2),
  demo: z.boolean().meta({ description: 'True when the embedded demo model (a small stand-in) was audited' }),
  multi_label: z
    .boolean()
    .optional()
    .meta({ description: 'True when each label has its own probability (sigmoid per label); probs need not sum to 1 and target is the ' +
      'one label audited' }),
  prompts: z.array(z.string()).min(2).optional().meta({ description: 'LLM classifiers with several prompts: their names, in file order' }),
  off_label: z.strictObject({ n: count, mean: probability, max: probability, share_above_10pct: probability }).optional()
    .meta({ description: 'LLM classifiers: the off-label mass over the texts scored in this run' }),
  sampled: z.strictObject({ answers_per_text: z.number().int().min(2), temperature: z.number().min(0), max_tokens: z.number().int().min(1),
    max_se: probability }).optional()
    .meta({ description: 'LLM classifiers scored from K sampled answers per text (no log-probabilities): scores are label frequencies' }),
  queue: z
    .strictObject({ url: z.string(), authenticated: z.boolean() })
    .optional()
    .meta({ description: 'Scored by queue workers: the Redis URL (secrets masked) and whether answers carried a valid HMAC (false: ' +
      '--insecure-queue)' }),
});

const probe = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  attribute: z.union([z.string(), z.array(z.string())]),
  expectation: z.strictObject({
    type: z.enum(['invariant', 'directional']),
    direction: z.enum(['up', 'down']).nullable().optional(),
  }),
  spec: z.unknown().meta({ description: 'The probe spec as run (normalized), for reproduction' }),
});

const intervalStat = z.strictObject({ value: stat, ci: interval });
const pronounGap = z.strictObject({
  slot: z.string(),
  rows: z.array(z.strictObject({ filler: z.string(), gap: stat, ci: interval, n_families: count, share_women: z.number().nullable() })),
  share_women: z.strictObject({
    n: count, slope: stat, slope_ci: interval, slope_p: stat, pearson_r: stat, pearson_ci: interval,
  }).nullable().meta({ description: 'Null when fewer than 4 fillers have a share of women (US BLS) in their lexicon entry' }),
});

const group = z.strictObject({
  key: z.string(),
  n: count,
  n_fillers: count,
  mean: stat,
  ci: interval,
  centred: stat.meta({ description:
    'The group effect: mean score minus the average over groups in the same template, over paraphrase families' }),
  centred_ci: interval,
  sim_ci: interval.meta({ description: 'Simultaneous 95% interval of the effect over all groups (Šidák t)' }),
  se: stat.optional(),
  df: stat.optional(),
  conditional_on_fillers: z.boolean().optional(),
  rank: stat,
  rank_ci: interval,
  p: stat,
  p_perm: stat,
  p_adj: stat,
  p_adj_bh: stat,
  significant: z.boolean(),
  wording: z.array(z.strictObject({ n_templates: count, mean: stat, ci: interval.nullable() })).nullable().optional()
    .meta({ description: 'The effect per paraphrase wording set: mean contrast, templates, own interval (Šidák level over groups)' }),
  direction_flip: z.boolean().nullable().optional()
    .meta({ description: "Some wording set's interval lies wholly on the other side of 0 from the effect" }),
  stable: z.boolean().nullable().optional().meta({ description: 'Schema 3.0 and older only (replaced by wording)' }),
  direction: z.enum(['higher', 'lower', 'none']),
  templates_above: count,
  templates_below: count,
  attrs: z.record(z.string(), scalar),
});

const pair = z.strictObject({ a: z.string(), b: z.string(), diff: stat, ci: interval, p: stat, p_adj: stat });

const template = z.strictObject({
  template_id: z.string(),
  template: z.string(),
  frame,
  paraphrase_of: z.string().nullable(),
  family: z.string(),
  n: count,
  mean: stat,
  median: stat,
  score_range: stat,
  score_sd: stat,
  flip_rate: stat,
});

const rollup = z.strictObject({ key: z.string(), n_groups: count, mean: stat, ci: interval });

const pairEnd = z.strictObject({ text: z.string(), score: probability, key: z.string() });

const design = z.strictObject({
  frames: z.array(frame),
  scale: z.literal('probability'),
  n_families: count,
  fillers_per_group: z.tuple([count, count]),
  test: z.enum(['t over families', 't over families and fillers', 't over families and filler permutation']),
  stratified_by: z.array(z.string()),
  crossed_slots: z.array(z.string()),
  df: z.number(),
  critical_max_t: stat,
  resamples: count,
  permutations: count,
  filler_variance: stat.optional(),
  filler_variance_df: count.optional(),
  too_few_templates: z.boolean().optional(),
});

const frameStat = z.strictObject({
  frame,
  n_templates: count,
  n_families: count,
  groups: z.array(z.strictObject({ key: z.string(), centred: stat, centred_ci: interval })),
});

const metricShape = Object.fromEntries(
  METRIC_NAMES.map((m) => [m, intervalStat.optional().meta({ description: METRICS[m].meaning })]),
) as Record<MetricName, z.ZodOptional<typeof intervalStat>>;
const descriptiveShape = Object.fromEntries(
  Object.entries(DESCRIPTIVE).map(([k, d]) => [k, stat.meta({ description: d })]),
) as Record<DescriptiveName, typeof stat>;

const variance = z.number().nonnegative();
const components = z.strictObject({
  template: variance.nullable(),
  filler: variance.nullable(),
  'template:group': variance.nullable(),
  residual: variance,
});
const varianceStat = z
  .strictObject({
    method: z.literal('REML'),
    components: components.meta({ description:
      'Variances on the probability scale; null where the design cannot tell the component apart' }),
    shares: components.meta({ description: 'Share of template + filler + template:group + residual' }),
    not_identifiable: z.array(z.strictObject({ component: z.string(), reason: z.string() })),
    clamped: z.array(z.string()).meta({ description: 'Components estimated at the boundary (0)' }),
    group_spread: stat.meta({ description: 'SD of the fitted group means (fixed effects, not part of the shares)' }),
    n: count,
    converged: z.boolean(),
    summary: z.array(z.string()).meta({ description: 'Plain-language lines of the report' }),
  })
  .meta({ description: 'REML variance decomposition of the headline templates (paraphrase family as the template unit)' });

const stats = z.strictObject({
  attribute: z.union([z.string(), z.array(z.string())]),
  seed: z.int(),
  resamples: count,
  n_records: count,
  n_groups: count,
  n_templates: count,
  overall_mean: stat,
  overall_ci: interval,
  design,
  groups: z.array(group),
  pairs: z.array(pair).nullable(),
  templates: z.array(template),
  frames: z.array(frameStat),
  rollups: z.record(z.string(), z.array(rollup)),
  omnibus: z.strictObject({
    friedman: z.strictObject({ statistic: z.number(), p: z.number(), k: count, n: count }).nullable(),
  }),
  control: z.strictObject({ n_words: count, mean_abs_shift: stat, sd_shift: stat, score_range: stat }).nullable(),
  summary: z.strictObject(metricShape).meta({ description: 'Named metrics that policies refer to (the metric catalogue, stats/metrics)' }),
  descriptive: z.strictObject(descriptiveShape).meta({ description: 'Numbers without an interval claim' }),
  extreme_pairs: z.array(z.strictObject({ template_id: z.string(), low: pairEnd, high: pairEnd, gap: z.number() })),
  variance: varianceStat.nullable().optional().meta({ description: 'Null when the design cannot be fitted (e.g. one group); absent ' +
    'before schema 2.1' }),
  pronoun_gap: pronounGap.optional().meta({ description: 'She − he gap per filler with a crossed gendered pronoun slot (schema 3.2)' }),
  intersection: intersectionSchema.optional(),
  prompts: z.strictObject({
    n_prompts: count,
    method: z.string(),
    overall: z.array(stat),
    groups: z.array(z.strictObject({ key: z.string(), effects: z.array(stat), agree: count, prompt_se: stat })),
    variance: z.strictObject({
      ss_total: stat,
      shares: z.strictObject({ text: stat, prompt: stat, 'prompt:group': stat, 'prompt:text': stat }),
      prompt_sd: stat,
    }),
  }).optional().meta({ description: 'An LLM asked under several prompts: the prompt as a crossed factor' }),
});

const base = {
  schema_version: z
    .string()
    .regex(new RegExp(`^(${READABLE_MAJORS.join('|')})\\.\\d+$`), { error: `must be ${MAJOR}.<minor> (this tool ` +
      `writes ${RESULT_SCHEMA_VERSION})` }),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  created_at: z.iso.datetime(),
  model,
  target: z.string(),
  lexicons: z.array(z.strictObject({ name: z.string(), version: z.string(), source: z.string() })),
  seed: z.int(),
  timings: z.record(z.string(), z.number().nonnegative()).meta({ description: 'Seconds per stage, and sentences_per_s' }),
  counts: z.strictObject({ sentences: count, unique_texts: count, scored: count, cached: count }),
};

const probeResult = z.strictObject({
  ...base,
  kind: z.literal('probe'),
  probe,
  suite: z.null(),
  records: z.array(record),
  stats,
}).meta({ description: 'A probe run: every sentence in records, the probe analysis in stats' });

const suiteShape = {
  ...base,
  kind: z.literal('suite'),
  probe: z.null(),
  suite: z.string().meta({ description: 'The suites run, e.g. winobias+stereoset or holisticbias' }),
  records: z.array(record),
  stats: z.null(),
};
const suiteResult = z.strictObject({ ...suiteShape, suites: suitesSchema.meta({ description: 'Benchmark suites: per-suite summaries' }) })
  .meta({ description: 'A benchmark-suite run (HolisticBias included)' });
/** A schema 2.x suite run: its summaries are checked on the fields every suite has (suite-schema.ts). */
const legacySuiteResult = z.strictObject({ ...suiteShape, suites: legacySuitesSchema });

const dataResult = z.strictObject({
  ...base,
  kind: z.literal('data'),
  probe: z.null(),
  suite: z.null(),
  records: z.array(record).max(0).meta({ description: 'Always empty: the records are in data.records_file' }),
  stats: z.null(),
  data: dataSchema,
}).meta({ description: 'audit run --data: the user\'s texts' });

/** What the shape alone cannot say: the parts must agree with each other. Runs only on a well-shaped result. */
type Parts = z.infer<typeof probeResult | typeof suiteResult | typeof legacySuiteResult | typeof dataResult>;
function checkParts(r: Parts, ctx: z.RefinementCtx): void {
  const labels = r.model.labels;
  if (!labels.includes(r.target)) ctx.addIssue({ code: 'custom', path: ['target'], message: `${JSON.stringify(r.target)} is not one of ` +
    `model.labels` });
  // A data run keeps its records in records.jsonl beside result.json.
  if (r.kind !== 'data' && r.counts.sentences !== r.records.length) {
    ctx.addIssue({ code: 'custom', path: ['counts', 'sentences'],
      message: `is ${r.counts.sentences} but there are ${r.records.length} records` });
  }
  if (r.counts.scored + r.counts.cached !== r.counts.unique_texts) {
    ctx.addIssue({ code: 'custom', path: ['counts'], message: 'scored + cached must equal unique_texts' });
  }
  r.records.forEach((rec, i) => {
    if (rec.probs.length !== labels.length) {
      ctx.addIssue({ code: 'custom', path: ['records', i, 'probs'],
        message: `has ${rec.probs.length} values for ${labels.length} labels` });
    }
    if (!labels.includes(rec.label)) ctx.addIssue({ code: 'custom', path: ['records', i, 'label'],
      message: `${JSON.stringify(rec.label)} is not one of model.labels` });
  });
  }

export const resultSchema = z
  .discriminatedUnion('kind', [probeResult, suiteResult, dataResult])
  .superRefine(checkParts)
  .meta({ title: 'bias-audit result', description: 'result.json: one audit run (a probe, benchmark suites or the user\'s data), told ' +
    'apart by kind.' });

/** Schema 2.x files: the same, with suite summaries checked on their common fields (read.ts upgrades the rest). */
const legacyResultSchema = z.discriminatedUnion('kind', [probeResult, legacySuiteResult, dataResult]).superRefine(checkParts);


export type ResultFile = z.infer<typeof resultSchema>;

// Compile-time checks that the types (types.ts) and this schema cannot drift apart (same-shape.ts; the suite
// summaries are checked one by one in suite-schema.ts).
type FileOf<K extends AuditResult['kind']> = Extract<ResultFile, { kind: K }>;
// Every result fits the file, whatever its kind.
const resultFits: Same<Widen<AuditResult> extends Widen<ResultFile> ? true : false, true> = true;
// Each kind's file is exactly a result of its kind, field for field.
const probeSame: Same<Widen<FileOf<'probe'>>, Widen<ProbeResult>> = true;
const probePaths: Same<Paths<FileOf<'probe'>>, Paths<ProbeResult>> = true;
const dataSame: Same<Widen<FileOf<'data'>>, Widen<DataResult>> = true;
const dataPaths: Same<Paths<FileOf<'data'>>, Paths<DataResult>> = true;
const suiteSame: Same<Widen<FileOf<'suite'>>, Widen<SuiteResult>> = true;
const suitePaths: Same<Paths<FileOf<'suite'>>, Paths<SuiteResult>> = true;
void [resultFits, probeSame, probePaths, dataSame, dataPaths, suiteSame, suitePaths];

/** Problem lines listed per error; the count in the message covers all of them. */
const MAX_LISTED = 50;

/**
 * Checks parsed result.json content against the contract. Throws E_RESULT_SHAPE ("<file>: N problems") with one
 * line per problem, each starting with its dot path (e.g. "records.3.probs.1: ...").
 */
export function validateResult(json: unknown, file: string): AuditResult {
  refuseOldVersion(json, file);
  const version = (json as { schema_version?: unknown } | null)?.schema_version;
  const schema = typeof version === 'string' && version.startsWith('2.') ? legacyResultSchema : resultSchema;
  const parsed = schema.safeParse(json);
  if (parsed.success) return json as AuditResult; // the input itself, now known to have the shape (records may carry extra fields)
  const problems = parsed.error.issues.flatMap(problemLines);
  const listed = problems.length > MAX_LISTED
    ? [...problems.slice(0, MAX_LISTED), `... and ${problems.length - MAX_LISTED} more`]
    : problems;
  throw inputError('E_RESULT_SHAPE', `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`, listed);
}

/**
 * Result files of an earlier major version carry statistics with other meanings (schema 1: a median-centred
 * score, group_gap intervals that were invalid): refused with one clear line rather than misread. Re-running the
 * probe is cheap, its scores are cached.
 */
function refuseOldVersion(json: unknown, file: string): void {
  const version = json !== null && typeof json === 'object' ? (json as { schema_version?: unknown }).schema_version : undefined;
  if (typeof version !== 'string') return;
  const major = version.split('.')[0];
  if (/^\d+$/.test(major) && !READABLE_MAJORS.includes(major)) {
    throw inputError(
      'E_RESULT_VERSION',
      `${file}: schema_version ${version} is not supported (this tool reads ${RESULT_SCHEMA_VERSION}).`
        + (Number(major) < Number(MAJOR) ? ' Its statistics use the old methods; run the probe again with `audit run` (cached scores ' +
          'make it quick).' : ''),
    );
  }
}

function problemLines(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => `${dotPath([...issue.path, k])}: unknown field`);
  return [`${dotPath(issue.path)}: ${issue.message}`];
}

function dotPath(path: PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

/** JSON Schema (draft 2020-12) of result.json, as written to schemas/result.schema.json. */
export function resultJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(resultSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
}
