/**
 * Template robustness across paraphrases (Seshadri et al. 2022: conclusions drawn from templates can flip when a
 * template is reworded).
 *
 * A paraphrase family is a template plus every template linked to it through `paraphrase_of` (followed to the
 * root), unless `templateFamily` names families explicitly. Wording set k takes the k-th member of every family
 * that has one (root first), so set 0 is the original wording of every template and set k >= 1 a reworded run of
 * the same probe. On each set the group contrast d[t, g] (the same contrast as everywhere) is tested with a
 * one-sample t-test over the set's templates (one per family), which can reach p < 0.05 from 3 templates on,
 * unlike an exact rank or sign test over so few.
 *
 * `stable`:
 * - a significant group is stable when, in every wording set, its mean contrast has the same sign and the set's
 *   own unadjusted p is below 0.05 (a set of 2 templates can only confirm the sign);
 * - a group that is not significant is stable when no wording set flags it after Holm across groups;
 * - null when the probe has a single wording set (no paraphrases): nothing can be checked, so nothing is claimed.
 */
import { tSf } from '../distributions.js';
import { holm } from '../multitest.js';
import type { Grid } from './grid.js';

export type Verdict = 'higher' | 'lower' | 'none';

export type TemplateFamily = (template: { template_id: string; paraphrase_of: string | null }) => string;

/** Template indices per wording set, among the `included` templates of each family. */
export function wordingSets(grid: Grid, included: number[][]): number[][] {
  const sets: number[][] = [];
  included.forEach((members, fam) => {
    const key = grid.families[fam];
    const ordered = [...members].sort((a, b) => Number(grid.templates[b].id === key) - Number(grid.templates[a].id === key) || a - b);
    ordered.forEach((t, k) => (sets[k] ??= []).push(t));
  });
  return sets;
}

/** Two-sided one-sample t-test p of the finite values against 0; 1 when undefined. */
export function tTestP(values: number[]): number {
  const x = values.filter((v) => Number.isFinite(v));
  const n = x.length;
  if (n < 2) return 1;
  const m = x.reduce((a, b) => a + b, 0) / n;
  const s2 = x.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
  if (s2 === 0) return m === 0 ? 1 : 0;
  return Math.min(1, 2 * tSf(Math.abs(m) / Math.sqrt(s2 / n), n - 1));
}

export function verdict(pAdjusted: number, effect: number): Verdict {
  if (!(pAdjusted < 0.05)) return 'none';
  return effect > 0 ? 'higher' : effect < 0 ? 'lower' : 'none';
}

/** `stable` per group (see the module comment); d[t * G + g] is the per-template contrast. */
export function stability(sets: number[][], d: Float64Array, groups: number, overall: Verdict[]): (boolean | null)[] {
  if (sets.length < 2) return overall.map(() => null);
  const ok = overall.map(() => true);
  for (const set of sets) {
    const p: number[] = [];
    const direction: number[] = [];
    for (let g = 0; g < groups; g++) {
      const values = set.map((t) => d[t * groups + g]).filter((v) => Number.isFinite(v));
      p.push(tTestP(values));
      direction.push(values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0);
    }
    const adjusted = holm(p);
    overall.forEach((v, g) => {
      if (v === 'none') {
        if (verdict(adjusted[g], direction[g]) !== 'none') ok[g] = false;
        return;
      }
      const sign = direction[g] > 0 ? 'higher' : direction[g] < 0 ? 'lower' : 'none';
      if (sign !== v) ok[g] = false;
      else if (set.length >= 3 && !(p[g] < 0.05)) ok[g] = false;
    });
  }
  return ok;
}
