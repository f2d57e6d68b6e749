/**
 * Pigeonhole (multi-way) bootstrap for the crossed design (Owen 2007, "The pigeonhole bootstrap"; McCullagh
 * 2000): one resample draws, independently,
 * - the paraphrase families, with replacement (a family is one unit, however many wordings it has);
 * - inside each group, its fillers with replacement, per slot (a group's names are a sample of names);
 * - the combinations of the other slots, with replacement and once for all templates (those slots are crossed
 *   with the templates, not nested in them).
 * Groups themselves are not resampled: they are the categories under audit. Each factor has its own named
 * stream (streams.ts). Owen shows the pigeonhole variance is mildly conservative for crossed random effects,
 * which is the direction we want for a gate; the t-type intervals of analyze.ts add the small-sample correction.
 */
import { Estimator } from './effects.js';
import { stream } from './streams.js';
import type { Rng } from '../random.js';
import { std } from '../descriptive.js';

export interface Draws {
  R: number;
  /** Group-major: effect[g * R + r]. */
  effect: Float64Array;
  mean: Float64Array;
  overall: Float64Array;
  flipRate: Float64Array;
  rangeMean: Float64Array;
}

/** Counts of a uniform multinomial draw of `units.length` from `units` into `weights` (zeroed first for those units). */
function drawCounts(rng: Rng, units: ArrayLike<number>, weights: Float64Array): void {
  const n = units.length;
  for (let i = 0; i < n; i++) weights[units[i]] = 0;
  for (let i = 0; i < n; i++) weights[units[rng.int(n)]] += 1;
}

/** `fillers: false` holds the fillers fixed (their variance is added analytically: fillers.ts). */
export function pigeonhole(est: Estimator, seed: number, R: number, prefix: string, fillers = true): Draws {
  return pigeonholePaired([est], seed, R, prefix, fillers)[0];
}

/**
 * The same resamples applied to several estimators over grids of identical structure (two runs of one probe,
 * aligned by sentence text): what pairs `audit diff` and `audit check --baseline`. With one estimator this is the
 * analysis' own bootstrap, draw for draw (same streams), so a recomputed metric reproduces the stored one.
 */
export function pigeonholePaired(ests: Estimator[], seed: number, R: number, prefix: string, fillers = true): Draws[] {
  const est = ests[0];
  const grid = est.grid;
  const G = grid.groups;
  const active = Int32Array.from(est.included.flatMap((ts, fam) => (ts.length > 0 ? [fam] : [])));
  const familyW = new Float64Array(grid.families.length);
  const fillerW = new Float64Array(grid.fillers.length);
  const comboW = new Float64Array(grid.comboKeys.length);
  const crossed = est.included.some((ts) => ts.some((t) => grid.templates[t].combos.length > 1));
  // Filler strata: (group or control, slot), each with its own stream, named by key so record order moves nothing.
  const strata = new Map<string, number[]>();
  grid.fillers.forEach((f, i) => {
    const key = JSON.stringify([f.group < 0 ? null : grid.groupKeys[f.group], f.slot]);
    const list = strata.get(key) ?? [];
    list.push(i);
    strata.set(key, list);
  });
  const fillerStreams = [...strata.entries()].map(([key, units]) => ({ rng: stream(seed, `${prefix}:fillers:${key}`), units: Int32Array.from(units) }));
  const familyRng = stream(seed, `${prefix}:families`);
  const comboRng = stream(seed, `${prefix}:combos`);
  const allCombos = Int32Array.from(grid.comboKeys, (_, i) => i);
  const outs: Draws[] = ests.map(() => ({
    R,
    effect: new Float64Array(G * R),
    mean: new Float64Array(G * R),
    overall: new Float64Array(R),
    flipRate: new Float64Array(R),
    rangeMean: new Float64Array(R),
  }));
  for (let r = 0; r < R; r++) {
    drawCounts(familyRng, active, familyW);
    if (fillers) for (const s of fillerStreams) drawCounts(s.rng, s.units, fillerW);
    if (crossed) drawCounts(comboRng, allCombos, comboW);
    ests.forEach((e0, i) => {
      const out = outs[i];
      const e = e0.run({ family: familyW, filler: fillers ? fillerW : null, combo: crossed ? comboW : null });
      for (let g = 0; g < G; g++) {
        out.effect[g * R + r] = e.effect[g];
        out.mean[g * R + r] = e.mean[g];
      }
      out.overall[r] = e.overall;
      out.flipRate[r] = e.flipRate;
      out.rangeMean[r] = e.rangeMean;
    });
  }
  return outs;
}

/** The bootstrap's own standard deviation (ddof 0) of the finite draws; NaN below two. */
export function bootSd(values: ArrayLike<number>): number {
  const finite = Float64Array.from(values).filter((v) => Number.isFinite(v));
  return finite.length < 2 ? NaN : std(finite);
}
