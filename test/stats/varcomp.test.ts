/**
 * The variance decomposition against lme4 1.1.31 (REML) on the balanced crossed designs of
 * ../shared/fixtures/stats/varcomp_ref.json (read in place, see its README).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { fitVarianceComponents, type VarcompRow } from '../../src/stats/varcomp/index.js';

interface RefCase {
  templates: number;
  groups: number;
  fillers_per_group: number;
  data: { template: string[]; filler: string[]; group: string[]; score: number[] };
  reml_variance: Record<'template' | 'filler' | 'template:group' | 'residual', number>;
  group_means: Record<string, number>;
  singular: boolean;
}
const FIXTURE = join(resolve(PACKAGE_ROOT, '..', 'shared'), 'fixtures', 'stats', 'varcomp_ref.json');
const ref = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { lme4_version: string; cases: RefCase[] };

function rowsOf(c: RefCase): VarcompRow[] {
  const d = c.data;
  return d.score.map((score, i) => ({ template: d.template[i], filler: d.filler[i], group: d.group[i], score }));
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('variance components of balanced probe designs equal lme4 REML (varcomp_ref.json)', () => {
  it('reads the three cases the fixture describes, made by lme4 1.1.31', () => {
    expect(ref.lme4_version).toBe('1.1.31');
    expect(ref.cases.map((c) => [c.templates, c.groups, c.fillers_per_group])).toEqual([[24, 4, 6], [16, 3, 8], [32, 6, 4]]);
  });

  describe.each(ref.cases.map((c) => [`${c.templates} templates x ${c.groups} groups x ${c.fillers_per_group} fillers`, c] as const))('%s', (_, c) => {
    const fit = fitVarianceComponents(rowsOf(c));

    it('fits every component, none clamped, converged', () => {
      expect(fit.method).toBe('REML');
      expect(fit.not_identifiable).toEqual([]);
      expect(fit.clamped).toEqual([]);
      expect(c.singular).toBe(false);
      expect(fit.converged).toBe(true);
      expect(fit.n).toBe(c.data.score.length);
    });

    it('has each variance within a relative 1e-5 of lme4', () => {
      for (const k of ['template', 'filler', 'template:group', 'residual'] as const) {
        const got = fit.components[k]!;
        if (relative(got, c.reml_variance[k]) > 1e-5) throw new Error(`${k}: got ${got}, lme4 ${c.reml_variance[k]}`);
      }
    });

    it('has each group mean within a relative 1e-5 of lme4', () => {
      expect([...fit.group_means.keys()].map((g) => `group${g}`).sort()).toEqual(Object.keys(c.group_means).sort());
      for (const [g, got] of fit.group_means) {
        const want = c.group_means[`group${g}`];
        if (relative(got, want) > 1e-5) throw new Error(`${g}: got ${got}, lme4 ${want}`);
      }
    });

    it('reports shares that add up to 1 and the SD of the group means', () => {
      const { template, filler, residual } = fit.share;
      expect(template! + filler! + fit.share['template:group']! + residual).toBeCloseTo(1, 12);
      const total = Object.values(c.reml_variance).reduce((s, v) => s + v, 0);
      expect(relative(template!, c.reml_variance.template / total)).toBeLessThan(1e-5);
      const means = Object.values(c.group_means);
      const m = means.reduce((s, v) => s + v, 0) / means.length;
      const sd = Math.sqrt(means.reduce((s, v) => s + (v - m) ** 2, 0) / (means.length - 1));
      expect(fit.group_spread).toBeCloseTo(sd, 6);
    });
  });
});
