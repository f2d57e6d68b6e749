import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { AuditError } from '../../src/errors.js';
import { loadProbeSpec } from '../../src/probe/index.js';
import { resultJsonSchema, validateResult } from '../../src/result/schema.js';
import type { AuditResult, WinoBiasSummary } from '../../src/result/index.js';
import { runProbe } from '../../src/audit.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

const SCHEMA_FILE = join(PACKAGE_ROOT, 'schemas', 'result.schema.json');
const MINI = join(PACKAGE_ROOT, 'test', 'fixtures', 'cli', 'mini.yaml');

/** A result as it is on disk: written by JSON.stringify, read back by JSON.parse. */
async function miniResult(): Promise<AuditResult> {
  const result = await runProbe(await loadProbeSpec(MINI), new FakeClassifier(), { resamples: 50 });
  return JSON.parse(JSON.stringify(result)) as AuditResult;
}

/** The AuditError validateResult throws for `json` (fails the test when it accepts it). */
function refusal(json: unknown): AuditError {
  try {
    validateResult(json, 'run/result.json');
  } catch (e) {
    if (e instanceof AuditError) return e;
    throw e;
  }
  throw new Error('validateResult accepted a broken result');
}

describe('schemas/result.schema.json', () => {
  // After changing src/result/schema.ts, regenerate with:
  //   UPDATE_RESULT_SCHEMA=1 npm test -- test/result/schema
  if (process.env.UPDATE_RESULT_SCHEMA === '1') writeFileSync(SCHEMA_FILE, `${JSON.stringify(resultJsonSchema(), null, 2)}\n`);

  it('is current: equal to the schema generated from the zod schema', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(`${JSON.stringify(resultJsonSchema(), null, 2)}\n`);
  });

  it('is draft 2020-12: one closed variant per kind, each versioned by major and requiring every field of its kind', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    type Variant = { additionalProperties: boolean; required: string[]; properties: Record<string, { const?: string; pattern?: string }> };
    const variants: Variant[] = schema.oneOf;
    expect(variants.map((v) => v.properties.kind.const)).toEqual(['probe', 'suite', 'data']);
    const common = [
      'schema_version', 'tool', 'created_at', 'model', 'target', 'lexicons', 'seed', 'timings', 'counts', 'kind', 'probe', 'suite', 'records', 'stats',
    ];
    expect(variants.map((v) => v.required)).toEqual([common, [...common, 'suites'], [...common, 'data']]);
    for (const v of variants) {
      expect(v.additionalProperties).toBe(false);
      expect(v.properties.schema_version.pattern).toBe('^(2|3)\\.\\d+$');
    }
    expect(schema.oneOf[0].properties.records.items.required).toContain('probs');
  });
});

describe('validateResult', () => {
  it('accepts what runProbe produces for the mini probe, unchanged', async () => {
    const result = await miniResult();
    expect(result.records).toHaveLength(16);
    expect(validateResult(result, 'run/result.json')).toEqual(result);
  });

  it('accepts a statistic that is undefined for the data (NaN, written as null)', async () => {
    const result = await miniResult();
    const stats = result.stats!;
    (stats.templates[0] as { score_sd: number | null }).score_sd = null;
    expect(validateResult(result, 'x.json').stats!.templates[0].score_sd).toBeNull();
  });

  it('holds stats.variance; accepts it null, and a schema 2.0 result without it', async () => {
    const result = await miniResult();
    const variance = result.stats!.variance!;
    expect(variance.method).toBe('REML');
    expect(Object.keys(variance.components)).toEqual(['template', 'filler', 'template:group', 'residual']);
    expect(validateResult({ ...result, stats: { ...result.stats!, variance: null } }, 'x.json').stats!.variance).toBeNull();
    const older = { ...result, schema_version: '2.0', stats: { ...result.stats! } };
    delete older.stats.variance;
    expect(validateResult(older, 'x.json').stats!.variance).toBeUndefined();
    const wrong = { ...variance, components: { ...variance.components, residual: -1 }, extra: 1 };
    const broken = { ...result, stats: { ...result.stats!, variance: wrong } };
    expect(refusal(broken).problems).toEqual(['stats.variance.components.residual: Too small: expected number to be >=0', 'stats.variance.extra: unknown field']);
  });

  it('checks a suite summary field by field: a 3.x summary missing its own fields is refused, each one named', async () => {
    const result = await miniResult();
    // Only the fields every suite has, plus one that no suite has.
    const summary = {
      suite: 'winobias', title: 'WinoBias', headline: 'h', n_items: 1, n_sentences: 2, citation: 'c', licence: 'l', source: 's',
      caveat: 'c', metrics: { winobias_gap: { value: 0.1, ci: [0, 0.2] } }, breakdown_label: 'b', breakdown_reference: 0,
      breakdown: [], notes: [], seed: 1, resamples: 10, pairs: 1,
    } as unknown as WinoBiasSummary;
    const suite: AuditResult = {
      ...result,
      kind: 'suite',
      probe: null,
      stats: null,
      suite: 'winobias',
      lexicons: [],
      records: [{ ...result.records[0], suite: 'winobias', item: 'dev-1', role: 'pro', slots: {} }],
      counts: { sentences: 1, unique_texts: 1, scored: 1, cached: 0 },
      suites: { winobias: summary },
    };
    const problems = refusal(suite).problems;
    expect(problems).toContain('suites.winobias.gap: Invalid input: expected object, received undefined');
    expect(problems).toContain('suites.winobias.occupations: Invalid input: expected array, received undefined');
    expect(problems).toContain('suites.winobias.pairs: unknown field');
    // A schema 2.x file is read on the fields every suite has: earlier summaries lacked some fields added since.
    expect(validateResult({ ...suite, schema_version: '2.1' }, 'suite.json').suite).toBe('winobias');
  });

  it('refuses a broken result, naming the file, the number of problems and each dot path', async () => {
    // A result broken on purpose, field by field.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = await miniResult() as unknown as Record<string, any>;
    delete result.model.fingerprint;
    result.records[2].probs = [0.5];
    result.records[5].score = 1.5;
    result.stats.groups[1].direction = 'up';
    result.modle = 'typo';
    const e = refusal(result);
    expect(e.code).toBe('E_RESULT_SHAPE');
    expect(e.message).toBe('run/result.json: 5 problems');
    expect(e.problems.map((p) => p.slice(0, p.indexOf(':')))).toEqual(
      expect.arrayContaining(['model.fingerprint', 'records.2.probs', 'records.5.score', 'stats.groups.1.direction', 'modle']),
    );
    expect(e.problems).toContain('modle: unknown field');
    expect(e.problems.find((p) => p.startsWith('records.2.probs'))).toMatch(/>=2 items/);
  });

  it('refuses another major schema version, saying which one it reads', async () => {
    const e = refusal({ ...(await miniResult()), schema_version: '4.0' });
    expect(e.code).toBe('E_RESULT_VERSION');
    expect(e.message).toBe('run/result.json: schema_version 4.0 is not supported (this tool reads 3.3).');
    const old = refusal({ ...(await miniResult()), schema_version: '1.0' });
    expect(old.message).toBe('run/result.json: schema_version 1.0 is not supported (this tool reads 3.3). Its statistics use the old methods; run the probe again with `audit run` (cached scores make it quick).');
  });

  it('refuses parts that disagree: a record with the wrong number of probabilities, counts off, an unknown target', async () => {
    const result = await miniResult();
    result.records[0].probs = [0.2, 0.3, 0.5];
    result.counts.sentences = 17;
    result.target = 'HAPPY';
    const e = refusal(result);
    expect(e.problems).toEqual([
      'target: "HAPPY" is not one of model.labels',
      'counts.sentences: is 17 but there are 16 records',
      'records.0.probs: has 3 values for 2 labels',
    ]);
  });

  it('refuses something that is not an object at all', () => {
    expect(refusal([1, 2]).problems).toEqual(['(top level): Invalid input: expected object, received array']);
  });

  it('lists at most 50 problem lines and counts the rest', async () => {
    const result = await miniResult();
    const many = { ...result, records: Array.from({ length: 60 }, () => ({ ...result.records[0], score: 'high' })) };
    const e = refusal(many);
    expect(e.message).toBe('run/result.json: 60 problems');
    expect(e.problems).toHaveLength(51);
    expect(e.problems[50]).toBe('... and 10 more');
  });
});
