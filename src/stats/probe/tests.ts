/**
 * Permutation tests of "group effect = 0", on the same contrast as the estimate (effects.ts). The main test is
 * the t pivot of analyze.ts; these stand beside it:
 * - sign-flip over paraphrase families (`p_perm`): the family contrasts D[F, g] are symmetric about 0 when the
 *   group has no effect (paired by template, so template effects cancel). Exact for <= 16 families, else 10,000
 *   seeded flips shared by all groups (stream "signflip", families in key order).
 * - filler permutation: the group labels are permuted across fillers (within the filler's slot and within the
 *   strata of a declared confounder such as a name's gender), and the effect recomputed; a group's fillers are
 *   then a sample, not fixed. Used when groups have several fillers, combined with the t-test by taking the
 *   larger p (an intersection-union test: significant only if both the filler and the template variation are
 *   beaten).
 */
import { Estimator, UNIT_WEIGHTS } from './effects.js';
import { drawSigns, EXACT_MAX_N, MONTE_CARLO_FLIPS, signFlipExact, signFlipMonteCarlo } from './signflip.js';
import { stream } from './streams.js';

/** Per group (and optionally per pair of groups), the sign-flip p over families of its family contrasts. */
export function signFlipByFamily(
  familyD: Float64Array,
  families: number,
  groups: number,
  seed: number,
  pairs: [number, number][],
): { group: number[]; pair: number[] } {
  const column = (pick: (fam: number) => number) => {
    const d: number[] = [];
    for (let fam = 0; fam < families; fam++) {
      const v = pick(fam);
      if (!Number.isNaN(v)) d.push(v);
    }
    return d;
  };
  const table = families > EXACT_MAX_N ? drawSigns(stream(seed, 'signflip'), MONTE_CARLO_FLIPS, families) : null;
  const p = (d: number[]) => (d.length === 0 ? 1 : table ? signFlipMonteCarlo(d, table) : signFlipExact(d));
  const group = Array.from({ length: groups }, (_, g) => p(column((fam) => familyD[fam * groups + g])));
  const pair = pairs.map(([a, b]) => p(column((fam) => familyD[fam * groups + a] - familyD[fam * groups + b])));
  return { group, pair };
}

export interface PermutationResult {
  group: number[];
  pair: number[];
  permutations: number;
}

/**
 * Filler-permutation p per group and pair: (1 + #{|stat*| >= |stat|}) / (1 + B), Phipson & Smyth 2010.
 * `strataOf(f)` keys the filler's stratum (its slot and confounder values); only real fillers are permuted.
 */
export function fillerPermutation(
  est: Estimator,
  observed: Float64Array,
  strataOf: (f: number) => string,
  permutations: number,
  seed: number,
  pairs: [number, number][],
): PermutationResult {
  const grid = est.grid;
  const G = grid.groups;
  const strata = new Map<string, number[]>();
  grid.fillers.forEach((f, i) => {
    if (f.group < 0) return;
    const key = strataOf(i);
    const list = strata.get(key) ?? [];
    list.push(i);
    strata.set(key, list);
  });
  const units = [...strata.keys()].sort().map((k) => Int32Array.from(strata.get(k)!));
  const labels = Int32Array.from(est.fillerGroup);
  const pool = units.map((u) => Int32Array.from(u, (f) => est.fillerGroup[f]));
  const rng = stream(seed, 'permutation');
  const countG = new Int32Array(G);
  const countP = new Int32Array(pairs.length);
  const tol = (x: number) => Math.abs(x) * (1 - 1e-10) - 1e-14;
  for (let b = 0; b < permutations; b++) {
    units.forEach((u, s) => {
      const lab = pool[s];
      // Fisher-Yates shuffle of the stratum's labels.
      for (let i = lab.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = lab[i];
        lab[i] = lab[j];
        lab[j] = tmp;
      }
      for (let i = 0; i < u.length; i++) labels[u[i]] = lab[i];
    });
    const e = est.run(UNIT_WEIGHTS, labels).effect;
    for (let g = 0; g < G; g++) if (Math.abs(e[g]) >= tol(observed[g])) countG[g]++;
    pairs.forEach(([a, c], i) => {
      if (Math.abs(e[a] - e[c]) >= tol(observed[a] - observed[c])) countP[i]++;
    });
  }
  est.run(UNIT_WEIGHTS); // leave the estimator's output at the true labelling
  return {
    group: Array.from(countG, (k) => (1 + k) / (1 + permutations)),
    pair: Array.from(countP, (k) => (1 + k) / (1 + permutations)),
    permutations,
  };
}
