/**
 * The variance decomposition against lme4 1.1.31 (REML) on unbalanced, race-probe-shaped designs and on two fits
 * at the boundary (test/fixtures/stats/varcomp_unbalanced.json, made by scripts/make-varcomp-unbalanced.R).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { buildDesign } from '../../src/stats/varcomp/design.js';
import { fitVarianceComponents, type VarcompRow } from '../../src/stats/varcomp/index.js';
import { evaluate } from '../../src/stats/varcomp/reml.js';

type Name = 'template' | 'filler' | 'template:group';
interface RefCase {
  name: string;
  about: string;
  formula: string;
  fillers_per_group: number[];
  filler_group: number[];
  data: { template: number[]; filler: number[]; score: number[] };
  /** Only the components of the case's formula. */
  reml_variance: Partial<Record<Name, number>> & { residual: number };
  theta: Partial<Record<Name, number>>;
  group_means: Record<string, number>;
  reml_criterion: number;
  singular: boolean;
}
const FIXTURE = join(PACKAGE_ROOT, 'test', 'fixtures', 'stats', 'varcomp_unbalanced.json');
const ref = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { lme4_version: string; cases: RefCase[] };

function rowsOf(c: RefCase): VarcompRow[] {
  const d = c.data;
  return d.score.map((score, i) => ({ template: `t${d.template[i]}`, filler: `f${d.filler[i]}`, group: `g${c.filler_group[d.filler[i] - 1]}`, score }));
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const NAMES: Name[] = ['template', 'filler', 'template:group'];

describe('variance components of unbalanced probe designs equal lme4 REML (varcomp_unbalanced.json)', () => {
  it('holds the race-shaped designs (44/41/6/4 fillers), single-filler groups, two boundary fits and two countries-shaped designs', () => {
    expect(ref.lme4_version).toBe('1.1.31');
    expect(ref.cases.map((c) => c.name)).toEqual([
      'race_24',
      'race_30_repeats',
      'single_fillers',
      'boundary_template_group',
      'boundary_filler',
      'one_filler_per_group',
      'one_filler_other_slot',
    ]);
    expect(ref.cases[0].fillers_per_group).toEqual([44, 41, 6, 4]);
    expect(ref.cases.map((c) => c.singular)).toEqual([false, false, false, true, true, false, false]);
    expect(ref.cases[5].formula).toBe('y ~ 0 + group + (1 | template)');
    expect(ref.cases[6].formula).toBe('y ~ 0 + group + (1 | template) + (1 | template:group)');
  });

  describe.each(ref.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const fit = fitVarianceComponents(rowsOf(c));
    const inModel = NAMES.filter((k) => c.theta[k] !== undefined);
    const onBoundary = inModel.filter((k) => c.theta[k]! < 1e-4);

    it("leaves out exactly the components lme4's formula leaves out, with a reason, and converges", () => {
      expect(fit.not_identifiable.map((x) => x.component).sort()).toEqual(NAMES.filter((k) => !inModel.includes(k)).sort());
      for (const x of fit.not_identifiable) {
        expect(fit.components[x.component as Name]).toBeNull();
        expect(fit.share[x.component as Name]).toBeNull();
        expect(x.reason).toMatch(x.component === 'filler' ? /^one filler per group/ : /^each template x group cell holds one sentence/);
      }
      expect(fit.converged).toBe(true);
      expect(fit.n).toBe(c.data.score.length);
    });

    it('clamps exactly the components lme4 puts on the boundary, and calls the fit singular when lme4 does', () => {
      expect(fit.clamped).toEqual(onBoundary);
      expect(fit.clamped.length > 0).toBe(c.singular);
      for (const k of onBoundary) expect(fit.components[k]).toBe(0);
    });

    it('has each variance within a relative 1e-5 of lme4 (absolute 1e-10 for a boundary 0)', () => {
      for (const k of [...inModel, 'residual'] as const) {
        const got = fit.components[k]!;
        const want = c.reml_variance[k]!;
        const ok = k !== 'residual' && onBoundary.includes(k) ? Math.abs(got - want) <= 1e-10 : relative(got, want) <= 1e-5;
        if (!ok) throw new Error(`${k}: got ${got}, lme4 ${want}`);
      }
    });

    it("computes lme4's REML criterion at lme4's estimates to a relative 1e-10, and reaches at least as low a one", () => {
      const design = buildDesign(rowsOf(c));
      const t = c.theta;
      const atLme4 = evaluate(design, { template: t.template ?? 0, filler: t.filler ?? 0, tg: t['template:group'] ?? 0 }).deviance;
      expect(relative(atLme4, c.reml_criterion)).toBeLessThan(1e-10);
      const v = fit.components;
      const ours = evaluate(design, {
        template: Math.sqrt((v.template ?? 0) / v.residual),
        filler: Math.sqrt((v.filler ?? 0) / v.residual),
        tg: Math.sqrt((v['template:group'] ?? 0) / v.residual),
      }).deviance;
      expect(ours).toBeLessThanOrEqual(c.reml_criterion + 1e-9 * Math.abs(c.reml_criterion));
    });

    it('has each group mean within a relative 1e-5 of lme4', () => {
      expect([...fit.group_means.keys()].sort()).toEqual(Object.keys(c.group_means).sort());
      for (const [g, got] of fit.group_means) {
        if (relative(got, c.group_means[g]) > 1e-5) throw new Error(`${g}: got ${got}, lme4 ${c.group_means[g]}`);
      }
    });
  });
});
