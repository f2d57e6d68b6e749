import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { analyzeProbe } from '../../src/stats/index.js';
import type { ResultRecord } from '../../src/result/index.js';

// Reference: lme4 + lmerTest (scripts/lmertest-reference.R, made by scripts/make-lmertest-reference.sh) on four
// committed simulated runs with unequal fillers: score ~ group + (1 | template) + (1 | filler), group-versus-mean
// contrasts through lmerTest::contest with Satterthwaite df.
const DIR = join(PACKAGE_ROOT, 'test', 'fixtures', 'stats');

function csv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(DIR, file), 'utf8').trim().split('\n');
  const cells = (line: string) => line.split(',').map((c) => c.replace(/^"|"$/g, ''));
  const names = cells(head);
  return lines.map((line) => Object.fromEntries(cells(line).map((c, i) => [names[i], c])));
}

const sims = csv('lmertest_sims.csv');
const ref = csv('lmertest_ref.csv');
const designs = [...new Set(ref.map((r) => r.design))];

function recordsOf(design: string): ResultRecord[] {
  return sims.filter((r) => r.design === design).map((r) => {
    const filler = r.filler.slice(r.filler.indexOf('/') + 1);
    const score = Number(r.score);
    return {
      text: `${r.template} ${filler}`, template: `${r.template} {name}`, template_id: r.template, frame: 'neutral',
      paraphrase_of: r.family === r.template ? null : r.family, slots: { name: { value: filler, group: r.group } },
      control: false, group: r.group, filler, probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
    };
  });
}

describe.each(designs)('the group tests on %s agree with lme4 + lmerTest', (design) => {
  const stats = analyzeProbe(recordsOf(design), { attribute: 'name.group', seed: 7, resamples: 2000 });
  const rows = ref.filter((r) => r.design === design);

  it('estimates every group-versus-mean contrast exactly as lme4 does (balanced within groups)', () => {
    for (const r of rows) expect(stats.groups.find((g) => g.key === r.group)!.centred).toBeCloseTo(Number(r.estimate), 10);
  });

  it('has each group\'s standard error within 3% of lmerTest\'s, so that a one-filler group carries its filler\'s variance', () => {
    for (const r of rows) {
      const se = stats.groups.find((g) => g.key === r.group)!.se!;
      expect(se / Number(r.se)).toBeGreaterThan(0.97);
      expect(se / Number(r.se)).toBeLessThan(1.03);
    }
  });

  it('has Satterthwaite degrees of freedom for each group: between the smaller and the sum of its parts\' df, near lmerTest\'s', () => {
    const fillerDf = stats.design.filler_variance_df!;
    const templateDf = stats.design.n_families - 1;
    for (const r of rows) {
      const df = stats.groups.find((g) => g.key === r.group)!.df!;
      expect(df).toBeGreaterThanOrEqual(Math.min(fillerDf, templateDf) - 1e-9);
      expect(df).toBeLessThanOrEqual(fillerDf + templateDf + 1e-9);
      expect(Math.abs(df - Number(r.df)) / Number(r.df)).toBeLessThan(0.1);
    }
  });

  it('has every group\'s p within 0.01 of lmerTest\'s', () => {
    for (const r of rows) expect(Math.abs(stats.groups.find((g) => g.key === r.group)!.p - Number(r.p))).toBeLessThan(0.01);
  });
});
