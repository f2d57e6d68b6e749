/** stats.variance: the REML decomposition wired into analyzeProbe (docs/statistics.md section 9). */
import { describe, expect, it } from '@jest/globals';
import type { ResultRecord } from '../../src/result/index.js';
import { analyzeProbe } from '../../src/stats/index.js';
import { fitVarianceComponents, varcompSummary, type VarcompRow } from '../../src/stats/varcomp/index.js';
import { simulateVarcomp } from '../../src/stats/varcomp/simulate.js';
import { generate } from './synthetic.js';

/** A names probe: filler = a name, group = its ethnicity; template "f{i}w{k}" is wording k of family i. */
function nameRecord(template_id: string, name: string, group: string, score: number, control = false): ResultRecord {
  const [, f, w] = /^f(\d+)w(\d+)$/.exec(template_id)!;
  return {
    text: `${template_id}: ${name}`,
    template: `${template_id} {name}`,
    template_id,
    frame: 'neutral',
    paraphrase_of: w === '0' ? null : `f${f}w0`,
    slots: { name: control ? { value: name } : { value: name, ethnicity: group } },
    control,
    group,
    filler: name,
    probs: [1 - score, score],
    score,
    label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
  };
}

describe('stats.variance on a balanced names design (6 families x 2 wordings, 4 groups x 5 names)', () => {
  // 12 templates: simulated template t (1..12) is wording (t-1) % 2 of family floor((t-1) / 2).
  const simulated = simulateVarcomp({
    templates: 12, fillersPerGroup: [5, 5, 5, 5], sd: { template: 0.08, filler: 0.04, tg: 0.03, residual: 0.02 },
    repeats: 1, groupMeans: [0.45, 0.5, 0.55, 0.5], seed: 20261202,
  });
  const idOf = (t: string) => {
    const i = Number(t.slice(1)) - 1;
    return `f${Math.floor(i / 2)}w${i % 2}`;
  };
  const records = simulated.map((r) => nameRecord(idOf(r.template), r.filler, r.group, r.score));
  // Made-up words: no group, left out of the decomposition.
  for (const t of new Set(records.map((r) => r.template_id))) records.push(nameRecord(t, 'Blick', 'Blick', 0.99, true));
  const stats = analyzeProbe(records, { attribute: 'name.ethnicity', seed: 3, resamples: 50, permutations: 50 });
  // The same rows, the paraphrase family as the template.
  const rows: VarcompRow[] = records.filter((r) => !r.control)
    .map((r) => ({ template: r.template_id.split('w')[0], filler: r.filler, group: r.group, score: r.score }));
  const fit = fitVarianceComponents(rows);

  it('equals fitVarianceComponents on the same rows with the family as the template', () => {
    expect(simulated.every((r) => r.score > 0 && r.score < 1)).toBe(true);
    const v = stats.variance!;
    expect(v).not.toBeNull();
    expect(v.method).toBe('REML');
    expect(v.n).toBe(240);
    expect(v.components).toEqual(fit.components);
    expect(v.shares).toEqual(fit.share);
    expect(v.not_identifiable).toEqual(fit.not_identifiable);
    expect(v.clamped).toEqual(fit.clamped);
    expect(v.group_spread).toBe(fit.group_spread);
    expect(v.converged).toBe(true);
    expect(v.summary).toEqual(varcompSummary(fit));
    // Every component is estimable here, and the fit is not a degenerate one.
    for (const c of ['template', 'filler', 'template:group'] as const) expect(v.components[c]).toBeGreaterThan(0);
    expect(v.not_identifiable).toEqual([]);
    expect(v.shares.template! + v.shares.filler! + v.shares['template:group']! + v.shares.residual).toBeCloseTo(1, 12);
  });

  it('counts a family once: the template ids as levels would give another fit', () => {
    const perTemplate = fitVarianceComponents(rows.map((r, i) => ({ ...r, template: records[i].template_id })));
    expect(Math.abs(perTemplate.components.template! - stats.variance!.components.template!)).toBeGreaterThan(1e-6);
  });

  it('survives JSON: result.json holds the same numbers', () => {
    expect(JSON.parse(JSON.stringify(stats.variance))).toEqual(stats.variance);
  });
});

describe('stats.variance on a one-filler-per-group design (countries)', () => {
  const FILLER = { component: 'filler', reason: "one filler per group: filler and group cannot be told apart (the group mean includes its filler's effect)" };

  it('reports filler as not identifiable with the reason, not a number; wordings of a family make template x group estimable', () => {
    const records = generate({ families: 8, wordings: 2, groups: 6, noise: 0.03, seed: 4, controls: 2 });
    const v = analyzeProbe(records, { attribute: 'country', seed: 1, resamples: 50 }).variance!;
    expect(v.n).toBe(8 * 2 * 6);
    expect(v.components.filler).toBeNull();
    expect(v.shares.filler).toBeNull();
    expect(v.not_identifiable).toEqual([FILLER]);
    expect(v.summary).toContain('Filler and group cannot be told apart here: one filler per group.');
    // Two wordings per family: every family x group cell holds two sentences.
    expect(v.components['template:group']).not.toBeNull();
    expect(v.components.template).toBeGreaterThan(0);
    expect(v.shares.template! + v.shares['template:group']! + v.shares.residual).toBeCloseTo(1, 12);
  });

  it('without paraphrases (one sentence per template and group) also template x group, with its reason', () => {
    const records = generate({ families: 10, groups: 6, noise: 0.03, seed: 5 });
    const v = analyzeProbe(records, { attribute: 'country', seed: 1, resamples: 50 }).variance!;
    expect(v.components).toEqual({ template: expect.any(Number), filler: null, 'template:group': null, residual: expect.any(Number) });
    expect(v.not_identifiable).toEqual([
      {
        component: 'template:group',
        reason: 'each template x group cell holds one sentence: the group x template interaction cannot be told apart from the residual, which includes it',
      },
      FILLER,
    ]);
    expect(v.shares.template! + v.shares.residual).toBeCloseTo(1, 12);
  });
});

describe('stats.variance when there is nothing to decompose', () => {
  it('is null, and the run goes on, with a single group', () => {
    const stats = analyzeProbe(generate({ families: 4, groups: 1, seed: 2 }), { attribute: 'country', seed: 1, resamples: 20 });
    expect(stats.variance).toBeNull();
    expect(stats.n_groups).toBe(1);
  });

  it('is null when the fit refuses the design (one template, one sentence per group: no residual degrees of freedom)', () => {
    const records = generate({ families: 1, groups: 3, seed: 2 });
    const stats = analyzeProbe(records, { attribute: 'country', seed: 1, resamples: 20 });
    expect(() => fitVarianceComponents(records.map((r) => ({ template: 'f0', filler: r.filler, group: r.group, score: r.score }))))
      .toThrow(expect.objectContaining({ code: expect.stringMatching(/^E_VARCOMP_/) }));
    expect(stats.variance).toBeNull();
  });

  it('is null when the fit breaks down numerically (exactly additive scores: no residual), and the run goes on', () => {
    const records = generate({ families: 3, groups: 3, noise: 0, seed: 2 }).map((r) => {
      const score = 0.2 + 0.05 * Number(r.template_id[1]) + 0.1 * Number(r.group.slice(1));
      return { ...r, score, probs: [1 - score, score] };
    });
    const rows = records.map((r) => ({ template: r.template_id, filler: r.filler, group: r.group, score: r.score }));
    expect(() => fitVarianceComponents(rows)).toThrow(/^varcomp: /);
    const stats = analyzeProbe(records, { attribute: 'country', seed: 1, resamples: 20 });
    expect(stats.variance).toBeNull();
    expect(stats.groups.map((g) => g.centred)).toEqual([-0.1, 0, 0.1].map((v) => expect.closeTo(v, 12)));
  });
});
