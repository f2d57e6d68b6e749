/**
 * The permutation test of "group effect = 0" reported beside the t pivot of group-tests.ts, on the same contrast as
 * the estimate (effects.ts):
 * - sign-flip over paraphrase families (`p_perm`): the family contrasts D[F, g] are symmetric about 0 when the
 *   group has no effect (paired by template, so template effects cancel). Exact for <= 16 families, else 10,000
 *   seeded flips shared by all groups (stream "signflip", families in key order).
 * Schema 2's filler permutation (its p combined with the t-test's by the larger of the two) is gone: the fillers'
 * variance is in the t pivot's SE (fillers.ts), so the test and the interval are one computation (issue 22).
 */
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
