/**
 * Identifiability rules, bad input, invariances and known-truth simulations of the variance decomposition.
 * (Parity with lme4 is in varcomp.test.ts and varcomp-unbalanced.test.ts.)
 */
import { AuditError } from '../../src/errors.js';
import { fitVarianceComponents, type VarcompFit, type VarcompRow } from '../../src/stats/varcomp/index.js';
import { simulateVarcomp } from '../../src/stats/varcomp/simulate.js';

const TYPICAL = { template: 0.07, filler: 0.03, tg: 0.02, residual: 0.03 };

function caught(fn: () => unknown): AuditError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AuditError) return e;
    throw e;
  }
  throw new Error('expected an AuditError');
}

function expectSameFit(a: VarcompFit, b: VarcompFit, scale = 1, shift = 0): void {
  for (const k of ['template', 'filler', 'template:group', 'residual'] as const) {
    expect(Math.abs(a.components[k]! * scale * scale - b.components[k]!)).toBeLessThan(1e-7 * b.components[k]!);
  }
  for (const [g, m] of a.group_means) expect(b.group_means.get(g)!).toBeCloseTo(m * scale + shift, 9);
}

describe('what the design can identify', () => {
  it('returns null for filler and template x group on a countries-shaped design (one filler per group, one sentence per cell)', () => {
    const fit = fitVarianceComponents(simulateVarcomp({ templates: 16, fillersPerGroup: Array(30).fill(1), sd: TYPICAL, seed: 1 }));
    expect(fit.components.filler).toBeNull();
    expect(fit.components['template:group']).toBeNull();
    expect(fit.share.filler).toBeNull();
    expect(fit.not_identifiable).toEqual([
      { component: 'template:group', reason: expect.stringMatching(/^each template x group cell holds one sentence: .* residual, which includes it$/) },
      { component: 'filler', reason: expect.stringMatching(/^one filler per group: filler and group cannot be told apart/) },
    ]);
    expect(fit.components.template!).toBeGreaterThan(0);
    expect(fit.share.template! + fit.share.residual).toBeCloseTo(1, 12);
  });

  it('keeps template x group when another slot repeats each cell, even with one filler per group', () => {
    const fit = fitVarianceComponents(
      simulateVarcomp({ templates: 16, fillersPerGroup: Array(30).fill(1), repeats: 3, sd: TYPICAL, seed: 2 }),
    );
    expect(fit.not_identifiable.map((x) => x.component)).toEqual(['filler']);
    expect(fit.components['template:group']!).toBeGreaterThan(0);
  });

  it('returns null for the template with only one template', () => {
    const fit = fitVarianceComponents(simulateVarcomp({ templates: 1, fillersPerGroup: [5, 5], repeats: 2, sd: TYPICAL, seed: 3 }));
    expect(fit.components.template).toBeNull();
    expect(fit.not_identifiable.find((x) => x.component === 'template')!.reason).toBe('only one template: its effect is part of every group mean');
    expect(fit.components['template:group']).toBeNull();
    expect(fit.components.filler!).toBeGreaterThan(0);
  });

  it('returns null for the filler when every filler is used in one sentence only', () => {
    const fit = fitVarianceComponents(simulateVarcomp({ templates: 1, fillersPerGroup: [5, 5], sd: TYPICAL, seed: 3 }));
    expect(fit.not_identifiable.find((x) => x.component === 'filler')!.reason).toBe('each filler is used in one sentence only: filler and residual cannot be told apart');
  });

  it('returns null for template x group when every template is used with one group only', () => {
    const rows = simulateVarcomp({ templates: 8, fillersPerGroup: [4, 4], sd: TYPICAL, seed: 4 }).map((r) => ({ ...r, template: `${r.group}-${r.template}` }));
    const fit = fitVarianceComponents(rows);
    expect(fit.not_identifiable).toEqual([{ component: 'template:group', reason: 'each template is used with one group only: template x group and template are the same' }]);
  });

  it('counts the same filler text in two groups as two fillers (fillers are nested in groups)', () => {
    const rows = simulateVarcomp({ templates: 10, fillersPerGroup: [4, 4, 4], sd: TYPICAL, seed: 5 });
    const shared = rows.map((r) => ({ ...r, filler: r.filler.replace(/^g\d+/, '') }));
    expect(new Set(shared.map((r) => r.filler)).size).toBe(4);
    expectSameFit(fitVarianceComponents(rows), fitVarianceComponents(shared));
  });
});

describe('bad input', () => {
  it('refuses an empty list', () => {
    const e = caught(() => fitVarianceComponents([]));
    expect([e.code, e.message]).toEqual(['E_VARCOMP_EMPTY', 'variance decomposition: no rows to fit']);
  });

  it('names every row without a finite score, the first 20 then "and N more"', () => {
    const rows: VarcompRow[] = simulateVarcomp({ templates: 10, fillersPerGroup: [3, 3], sd: TYPICAL, seed: 6 });
    for (let i = 0; i < 25; i++) rows[i] = { ...rows[i], score: i === 0 ? Number.NaN : Number.POSITIVE_INFINITY };
    const e = caught(() => fitVarianceComponents(rows));
    expect(e.code).toBe('E_VARCOMP_SCORE');
    expect(e.kind).toBe('input');
    expect(e.message).toBe('variance decomposition: 25 row(s) without a valid score');
    expect(e.problems).toHaveLength(21);
    expect(e.problems[0]).toBe('rows[0]: score NaN is not a finite number');
    expect(e.problems[20]).toBe('and 5 more');
  });

  it('refuses a design with no residual degrees of freedom', () => {
    const e = caught(() => fitVarianceComponents([{ template: 't', filler: 'a', group: 'g', score: 0.5 }]));
    expect(e.code).toBe('E_VARCOMP_DESIGN');
  });

  it('returns every component as 0 (clamped) when each score equals its group mean', () => {
    const rows = simulateVarcomp({
      templates: 6, fillersPerGroup: [3, 2], sd: { template: 0, filler: 0, tg: 0, residual: 0 }, groupMeans: [0.4, 0.7], seed: 7,
    });
    const fit = fitVarianceComponents(rows);
    expect(fit.components).toEqual({ template: 0, filler: 0, 'template:group': 0, residual: 0 });
    expect(fit.clamped).toEqual(['template', 'filler', 'template:group']);
    expect(fit.group_means.get('g1')).toBeCloseTo(0.4, 12);
    expect(fit.group_spread).toBeCloseTo(Math.sqrt(0.045), 12);
  });
});

describe('invariances', () => {
  const rows = simulateVarcomp({ templates: 20, fillersPerGroup: [12, 9, 3, 2], sd: TYPICAL, dropCells: 0.1, dropRows: 0.1, seed: 8 });
  const fit = fitVarianceComponents(rows);

  it('does not depend on the order of the rows', () => {
    const shuffled = rows.map((r, i) => [((i * 7919) % 1009) + i / 1e6, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    expectSameFit(fit, fitVarianceComponents(shuffled));
  });

  it('scales variances by b^2 and shifts and scales the group means when scores become a + b x score', () => {
    expectSameFit(fit, fitVarianceComponents(rows.map((r) => ({ ...r, score: 2 + 3 * r.score }))), 3, 2);
  });
});

describe('options', () => {
  it('stops earlier with a looser tolerance, close to the tight fit', () => {
    const rows = simulateVarcomp({ templates: 20, fillersPerGroup: [10, 8, 4], sd: TYPICAL, seed: 11 });
    const tight = fitVarianceComponents(rows);
    const loose = fitVarianceComponents(rows, { tolerance: 1e-3 });
    expect(loose.converged).toBe(true);
    expect(loose.iterations).toBeLessThan(tight.iterations);
    for (const k of ['template', 'filler', 'template:group', 'residual'] as const) {
      expect(Math.abs(loose.components[k]! - tight.components[k]!)).toBeLessThan(1e-2 * tight.components[k]!);
    }
  });
});

describe('known truth (seeded simulations)', () => {
  it('recovers the variances of a race-shaped design on average (30 data sets, each mean within 3 standard errors)', () => {
    const truth = { template: 0.07 ** 2, filler: 0.03 ** 2, 'template:group': 0.02 ** 2, residual: 0.03 ** 2 };
    const fits = Array.from({ length: 30 }, (_, s) =>
      fitVarianceComponents(simulateVarcomp({
        templates: 30, fillersPerGroup: [44, 41, 6, 4], sd: TYPICAL, dropCells: 0.05, dropRows: 0.1, seed: 100 + s,
      })),
    );
    expect(fits.every((f) => f.converged)).toBe(true);
    for (const k of ['template', 'filler', 'template:group', 'residual'] as const) {
      const v = fits.map((f) => f.components[k]!);
      const m = v.reduce((s, x) => s + x, 0) / v.length;
      const se = Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1) / v.length);
      if (Math.abs(m - truth[k]) > 3 * se) throw new Error(`${k}: mean ${m}, truth ${truth[k]}, se ${se}`);
    }
  });
});
