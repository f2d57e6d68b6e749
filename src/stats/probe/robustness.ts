/**
 * Template robustness across paraphrases (Seshadri et al. 2022: conclusions drawn from templates can flip when a
 * template is reworded).
 *
 * A paraphrase family is a template plus every template linked to it through `paraphrase_of` (followed to the
 * root), unless `templateFamily` names families explicitly. Wording set k takes the k-th member of every family
 * that has one (root first), so set 0 is the original wording of every template and set k >= 1 a reworded run of
 * the same probe.
 *
 * What is reported is what is measured (docs/statistics.md, "Wording"): per group and wording set, the mean of the
 * group contrast d[t, g] over the set's templates, its number of templates and its own t interval at the Šidák level
 * over all groups (the level of the headline interval). A direction flip is claimed only when some set's interval
 * lies wholly on the other side of 0 from the group's effect. A set of 4 templates has little power; a set that
 * merely fails to confirm the direction is not a flip, and no finding is dropped for it (the earlier `stable` flag
 * required p < 0.05 inside every set, so it measured the power of 4 templates, not the direction).
 */
import { tPpf } from '../distributions.js';
import type { WordingSet } from '../../result/index.js';
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

export function verdict(pAdjusted: number, effect: number): Verdict {
  if (!(pAdjusted < 0.05)) return 'none';
  return effect > 0 ? 'higher' : effect < 0 ? 'lower' : 'none';
}

/** The mean and the interval of one set's contrasts, at two-sided level 1 - alpha. */
export function setReading(values: number[], alpha: number): WordingSet {
  const x = values.filter((v) => Number.isFinite(v));
  const n = x.length;
  const mean = n > 0 ? x.reduce((a, b) => a + b, 0) / n : NaN;
  if (n < 2) return { n_templates: n, mean, ci: null };
  const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  if (!(sd > 0)) return { n_templates: n, mean, ci: null };
  const half = tPpf(1 - alpha / 2, n - 1) * (sd / Math.sqrt(n));
  return { n_templates: n, mean, ci: [mean - half, mean + half] };
}

/** A flip: some set's interval lies wholly on the other side of 0 from the effect. */
export function flips(effect: number, sets: WordingSet[]): boolean {
  if (!(effect !== 0 && Number.isFinite(effect))) return false;
  return sets.some((s) => s.ci !== null && (effect > 0 ? s.ci[1] < 0 : s.ci[0] > 0));
}

/**
 * Per group: every wording set's reading and whether the direction flips; null for both when the probe has a single
 * wording set (no paraphrases), since nothing can be checked. d[t * G + g] is the per-template contrast.
 */
export function wordingReadings(
  sets: number[][], d: Float64Array, groups: number, effect: ArrayLike<number>,
): { wording: (WordingSet[] | null)[]; flip: (boolean | null)[] } {
  if (sets.length < 2) return { wording: Array(groups).fill(null), flip: Array(groups).fill(null) };
  // The Šidák level over groups, as the headline's simultaneous interval: a claimed flip is a familywise claim.
  const alpha = 1 - 0.95 ** (1 / Math.max(1, groups));
  const wording: WordingSet[][] = [];
  const flip: boolean[] = [];
  for (let g = 0; g < groups; g++) {
    const readings = sets.map((set) => setReading(set.map((t) => d[t * groups + g]), alpha));
    wording.push(readings);
    flip.push(flips(effect[g], readings));
  }
  return { wording, flip };
}
