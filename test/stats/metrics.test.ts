/** The metric catalogue is the one list every stage reads: stats writes it, the schema, policy and report follow. */
import type { ProbeStats } from '../../src/result/index.js';
import { resultJsonSchema } from '../../src/result/schema.js';
import { METRIC_DESCRIPTIONS, PART_METRICS } from '../../src/review/metrics.js';
import { SUITE_SIZE_NAMES } from '../../src/review/suite-sizes.js';
import { PAIRED_METRICS } from '../../src/stats/probe/paired.js';
import { ALL_METRIC_NAMES, DATA_METRICS, DESCRIPTIVE, METRIC_NAMES, METRICS, REMOVED_METRICS } from '../../src/result/index.js';
import { analyzeProbe } from '../../src/stats/probe/analyze.js';
import { generate } from './synthetic.js';

describe('the metric catalogue', () => {
  const stats = analyzeProbe(generate({ families: 6, groups: 5, seed: 1, controls: 3 }), { attribute: 'country', seed: 1, resamples: 50 });

  // max_abs_interaction belongs to crossed probes: review/metrics.ts reads it off stats.intersection.
  const SINGLE = METRIC_NAMES.filter((m) => m !== 'max_abs_interaction');

  it('is exactly what the analysis writes: every interval metric in summary, every descriptive number in descriptive', () => {
    expect(Object.keys(stats.summary).sort()).toEqual([...SINGLE].sort());
    expect(Object.keys(stats.descriptive).sort()).toEqual(Object.keys(DESCRIPTIVE).sort());
  });

  it('is what the result schema allows in stats.summary, with the catalogue\u2019s meanings', () => {
    type Summary = { summary: { properties: Record<string, { description?: string }> } };
    type Variant = { properties: { kind: { const: string }; stats: { properties: Summary } } };
    const schema = resultJsonSchema() as { oneOf: Variant[] };
    const summary = schema.oneOf.find((v) => v.properties.kind.const === 'probe')!.properties.stats.properties.summary.properties;
    expect(Object.keys(summary).sort()).toEqual([...METRIC_NAMES].sort());
    for (const m of METRIC_NAMES) expect(summary[m].description).toBe(METRICS[m].meaning);
  });

  it('gives the policy gate and SARIF their descriptions (probe, data and suite-size metrics), and pairs every probe metric for diff and --baseline', () => {
    const described = [...ALL_METRIC_NAMES, ...SUITE_SIZE_NAMES, ...Object.keys(PART_METRICS)];
    expect(Object.keys(METRIC_DESCRIPTIONS).sort()).toEqual(described.sort());
    expect(METRIC_DESCRIPTIONS.bpsn_auc).toBe(DATA_METRICS.bpsn_auc);
    expect(METRIC_DESCRIPTIONS.flip_rate).toContain('In a data run:');
    expect([...PAIRED_METRICS].sort()).toEqual([...SINGLE].sort());
  });

  it('keeps removed names out of the catalogue and says what replaces each', () => {
    for (const [name, replacement] of REMOVED_METRICS) {
      expect(METRIC_NAMES as string[]).not.toContain(name);
      expect(replacement.length).toBeGreaterThan(10);
    }
  });

  it('does not compile a summary key that is not in the catalogue', () => {
    const summary: ProbeStats['summary'] = {};
    // @ts-expect-error group_gap was removed from the catalogue (the type check fails if this line compiles)
    summary.group_gap = { value: 0, ci: [0, 0] };
    expect(Object.keys(summary)).toEqual(['group_gap']);
  });
});
