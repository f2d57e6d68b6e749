/** Per-target and per-occupation rows of the suites resample their own items; their tests equal scipy's. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import type { StereoSetItem } from '../../src/datasets/index.js';
import { summarizeStereoSet, toSuiteRecord } from '../../src/suites/index.js';
import { pairedGap } from '../../src/suites/intervals.js';

/** scipy.stats.wilcoxon on the differences of one row: test/fixtures/suites/per-row-wilcoxon.py. */
const ref = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test/fixtures/suites/per-row-wilcoxon.json'), 'utf8')) as {
  cases: { name: string; d: number[]; p: number }[];
};

describe('a row of one target or one occupation', () => {
  it.each(ref.cases.map((c) => [c.name, c] as const))('%s: Wilcoxon p equals scipy on the same differences', (_name, c) => {
    const gap = pairedGap(c.d, 1, 200);
    expect(gap.p_wilcoxon).toBeCloseTo(c.p, 12);
    // Passing the row's one cluster key changes nothing: a single cluster falls back to the items.
    expect(pairedGap(c.d, 1, 200, c.d.map(() => 'Afghanistan'))).toEqual(gap);
    expect(gap.ci[1] - gap.ci[0]).toBeGreaterThan(0);
  });
});

describe('StereoSet by target', () => {
  const target60 = ref.cases.find((c) => c.name === 'target_60')!;
  // 60 items about one target (stereotype minus anti-stereotype as in the fixture) and 6 about another.
  const items: StereoSetItem[] = [...target60.d, 0.1, -0.2, 0.05, 0.3, -0.1, 0.2].map((_, k) => ({
    id: `intrasentence.${k}`, type: 'intrasentence', target: k < 60 ? 'Afghanistan' : 'mother', biasType: k < 60 ? 'race' : 'gender', context: 'BLANK',
    options: { stereotype: 's', 'anti-stereotype': 'a', unrelated: 'u' }, texts: { stereotype: 's', 'anti-stereotype': 'a', unrelated: 'u' },
  }));
  const diffs = [...target60.d, 0.1, -0.2, 0.05, 0.3, -0.1, 0.2];
  const record = (item: string, role: string, score: number) =>
    toSuiteRecord({ suite: 'stereoset', item, role, text: `${item} ${role}` }, { label: '', score, probs: [1 - score, score], logits: [], inputIds: [] });
  const records = items.flatMap((it, k) => [
    record(it.id, 'stereotype', 0.5 + diffs[k] / 2),
    record(it.id, 'anti-stereotype', 0.5 - diffs[k] / 2),
    record(it.id, 'unrelated', 0.5),
  ]);
  const s = summarizeStereoSet(records, items, { seed: 3, resamples: 500 });
  const afghanistan = s.by_target.find((r) => r.key === 'Afghanistan')!;

  it('gives a target its own items as units: an interval with width and scipy\'s p (49 of 60 more negative)', () => {
    expect(afghanistan.more_negative).toMatchObject({ k: 49, n: 60 });
    expect(afghanistan.gap.ci[1] - afghanistan.gap.ci[0]).toBeGreaterThan(0.005);
    expect(afghanistan.gap.ci[0]).toBeLessThan(afghanistan.gap.mean);
    expect(afghanistan.gap.ci[1]).toBeLessThan(0);
    expect(afghanistan.gap.p_wilcoxon).toBeCloseTo(target60.p, 12);
    expect(afghanistan.gap.p_wilcoxon).toBeLessThan(0.001);
    expect(afghanistan.more_negative.p).toBeLessThan(0.001);
  });
});
