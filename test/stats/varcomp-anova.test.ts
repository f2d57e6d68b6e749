/**
 * On balanced designs REML has a closed form (Searle, Casella & McCulloch 1992): the restricted
 * likelihood is a sum over the design's strata of df_k (log lambda_k + MS_k / lambda_k), lambda_k the expected mean
 * squares. Inside the parameter space REML equals the ANOVA estimates; when a mean square falls below the one it
 * must exceed (an ANOVA estimate < 0), REML pools the two strata and the component is 0. These tests draw balanced
 * designs with no template x group variation, so that about half fall on that boundary, and check both branches.
 */
import { fitVarianceComponents, type VarcompRow } from '../../src/stats/varcomp/index.js';
import { simulateVarcomp } from '../../src/stats/varcomp/simulate.js';

const T = 12;
const G = 3;
const F = 4;

/** Mean squares of the balanced design (every template x every filler once; fillers nested in groups). */
function meanSquares(rows: VarcompRow[]) {
  const y = new Map(rows.map((r) => [`${r.template}|${r.filler}`, r.score]));
  const at = (t: number, g: number, f: number) => y.get(`t${t + 1}|g${g + 1}f${f + 1}`)!;
  const avg = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const grand = avg(rows.map((r) => r.score));
  const gMean = range(G).map((g) => avg(range(T).flatMap((t) => range(F).map((f) => at(t, g, f)))));
  const tMean = range(T).map((t) => avg(range(G).flatMap((g) => range(F).map((f) => at(t, g, f)))));
  const cell = range(T).map((t) => range(G).map((g) => avg(range(F).map((f) => at(t, g, f)))));
  const filler = range(G).map((g) => range(F).map((f) => avg(range(T).map((t) => at(t, g, f)))));
  let ssT = 0;
  let ssTG = 0;
  let ssF = 0;
  let ssE = 0;
  for (let t = 0; t < T; t++) ssT += G * F * (tMean[t] - grand) ** 2;
  for (let t = 0; t < T; t++) for (let g = 0; g < G; g++) ssTG += F * (cell[t][g] - tMean[t] - gMean[g] + grand) ** 2;
  for (let g = 0; g < G; g++) for (let f = 0; f < F; f++) ssF += T * (filler[g][f] - gMean[g]) ** 2;
  for (let t = 0; t < T; t++) {
    for (let g = 0; g < G; g++) for (let f = 0; f < F; f++) ssE += (at(t, g, f) - cell[t][g] - filler[g][f] + gMean[g]) ** 2;
  }
  const df = { t: T - 1, tg: (T - 1) * (G - 1), f: G * (F - 1), e: G * (F - 1) * (T - 1) };
  return { ssTG, ssE, df, msT: ssT / df.t, msTG: ssTG / df.tg, msF: ssF / df.f, msE: ssE / df.e };
}

const fits = Array.from({ length: 40 }, (_, s) => {
  const rows = simulateVarcomp({
    templates: T, fillersPerGroup: Array(G).fill(F), sd: { template: 0.07, filler: 0.03, tg: 0, residual: 0.03 }, seed: 500 + s,
  });
  return { ms: meanSquares(rows), fit: fitVarianceComponents(rows) };
});
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.abs(b);

describe('REML on balanced designs against the closed form (no template x group variation, 40 draws)', () => {
  it('puts template x group on the boundary exactly when its mean square is below the residual one (an ANOVA estimate < 0)', () => {
    const negative = fits.map(({ ms }) => ms.msTG < ms.msE);
    expect(fits.map(({ fit }) => fit.clamped.includes('template:group'))).toEqual(negative);
    // Both branches occur, so both tests below test something.
    expect(negative.filter(Boolean).length).toBeGreaterThanOrEqual(8);
    expect(negative.filter((n) => !n).length).toBeGreaterThanOrEqual(8);
  });

  it('equals the ANOVA estimates inside the parameter space', () => {
    for (const { ms, fit } of fits.filter(({ ms }) => ms.msTG >= ms.msE)) {
      const c = fit.components;
      expect(fit.clamped).toEqual([]);
      expect(close(c.residual, ms.msE)).toBe(true);
      expect(close(c['template:group']!, (ms.msTG - ms.msE) / F)).toBe(true);
      expect(close(c.filler!, (ms.msF - ms.msE) / T)).toBe(true);
      expect(close(c.template!, (ms.msT - ms.msTG) / (G * F))).toBe(true);
    }
  });

  it('on the boundary, pools template x group into the residual and estimates the rest from the pooled mean square', () => {
    for (const { ms, fit } of fits.filter(({ ms }) => ms.msTG < ms.msE)) {
      const pooled = (ms.ssTG + ms.ssE) / (ms.df.tg + ms.df.e);
      const c = fit.components;
      expect(c['template:group']).toBe(0);
      expect(close(c.residual, pooled)).toBe(true);
      expect(close(c.filler!, (ms.msF - pooled) / T)).toBe(true);
      expect(close(c.template!, (ms.msT - pooled) / (G * F))).toBe(true);
    }
  });
});
