import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { analyzeProbe } from '../../src/stats/index.js';
import { promptVariance, sumsOfSquares } from '../../src/stats/probe/prompts.js';
import { calibratePrompts, promptRecords, PROMPT_DESIGNS } from '../../src/stats/simulate/prompts.js';

const aov = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'test', 'fixtures', 'prompts', 'aov.json'), 'utf8')) as {
  y: number[][]; group: string[]; ss_total: number; text: number; prompt: number; prompt_group: number; residual: number;
};

describe('the prompt as a crossed factor of the probe statistics', () => {
  it('splits the per-prompt scores into the sums of squares of R\'s aov(y ~ text + prompt + group:prompt)', () => {
    const v = sumsOfSquares(aov.y, aov.group);
    expect(v.ss_total).toBeCloseTo(aov.ss_total, 12);
    expect(v.shares.text * v.ss_total).toBeCloseTo(aov.text, 12);
    expect(v.shares.prompt * v.ss_total).toBeCloseTo(aov.prompt, 12);
    expect(v.shares['prompt:group'] * v.ss_total).toBeCloseTo(aov.prompt_group, 12);
    expect(v.shares['prompt:text'] * v.ss_total).toBeCloseTo(aov.residual, 12);
  });

  it('adds the variance of the mean over prompts: s² / P', () => {
    expect(promptVariance([0.1, 0.3])).toBeCloseTo(0.01, 12); // s² = 0.02, / 2
    expect(promptVariance([0.2, 0.2, 0.2])).toBeCloseTo(0, 15);
  });

  it('leaves every interval as it was when all prompts agree, and widens them when the prompts disagree', () => {
    const records = promptRecords(PROMPT_DESIGNS[0], 3);
    const same = records.map((r) => ({ ...r, prompt_scores: r.prompt_scores!.map(() => r.score) }));
    const alone = analyzeProbe(records.map(({ prompt_scores: _, ...r }) => r), { attribute: 'name.group', resamples: 100 });
    const agreeing = analyzeProbe(same, { attribute: 'name.group', resamples: 100 });
    const factor = analyzeProbe(records, { attribute: 'name.group', resamples: 100 });
    expect(agreeing.groups.map((g) => g.se)).toEqual(alone.groups.map((g) => g.se));
    expect(agreeing.prompts!.groups.every((g) => g.prompt_se === 0)).toBe(true);
    factor.groups.forEach((g, i) => {
      expect(g.centred).toBeCloseTo(alone.groups[i].centred, 12); // the effect is the prompt-averaged one
      expect(g.se!).toBeGreaterThan(alone.groups[i].se!);
    });
    const p = factor.prompts!;
    expect(p.n_prompts).toBe(3);
    expect(p.groups.map((g) => g.key)).toEqual(['g0', 'g1', 'g2', 'g3']);
    // The effects under each prompt average to the pooled effect.
    p.groups.forEach((g, i) => expect(g.effects.reduce((a, b) => a + b, 0) / 3).toBeCloseTo(factor.groups[i].centred, 12));
    for (const g of p.groups) expect(g.agree).toBeLessThanOrEqual(3);
    const shares = p.variance.shares;
    expect(shares.text + shares.prompt + shares['prompt:group'] + shares['prompt:text']).toBeCloseTo(1, 12);
  });

  it('keeps the false-positive rate near 5% and covers the true effect 0 under a prompt x group interaction (CI-sized)', () => {
    // 50 simulations x 4 groups; `npm run calibrate:prompts` runs 400 of each design (docs/statistics.md).
    const c = calibratePrompts(PROMPT_DESIGNS[0], 50, 150);
    expect(c.fpr).toBeLessThan(0.09);
    expect(c.coverage).toBeGreaterThan(0.91);
    // Ignoring the prompt's variation is what the factor corrects: the same data then reject more often.
    expect(c.naiveFpr).toBeGreaterThan(c.fpr);
  });
});
