/**
 * Template robustness across paraphrases (Seshadri et al. 2022: conclusions drawn from templates can flip
 * when a template is reworded).
 *
 * Definition used here. A paraphrase family is a template plus every template linked to it through
 * `paraphrase_of` (followed to the root), unless `templateFamily` names families explicitly. Within a
 * family the members are ordered root first, then by first appearance. Wording set k takes the k-th member
 * of every family that has one, so set 0 is the original wording of every template and set k >= 1 a
 * reworded run of the same probe. On each wording set we rerun the group test on its templates alone
 * (Wilcoxon signed-rank on the paired differences; direction from the mean centred score) and call a group
 * `stable` when:
 * - it is significant overall and, in every wording set, its direction is the same and its unadjusted p is
 *   below 0.05: the finding replicates under each rewording (a replication of one already-selected
 *   hypothesis, so no second correction across groups). A wording set of fewer than 6 templates cannot reach
 *   p < 0.05 at all, so there only the direction must hold;
 * - it is not significant overall and no wording set flags it, flagged meaning Holm-adjusted p (across all
 *   groups, as in the main analysis) below 0.05: no rewording alone would have produced a finding.
 * Without paraphrases there is a single wording set and every group is stable: nothing contradicts it.
 *
 * Power caveat: a wording set has one template per family. With 5 families the smallest possible two-sided
 * Wilcoxon p is 2/32 = 0.0625, which is why small sets are held to the direction only; 10 families allow
 * p = 0.002.
 */
import { holm } from '../multitest.js';
import { wilcoxon } from '../nonparametric.js';
import type { Grid } from './grid.js';

export type Verdict = 'higher' | 'lower' | 'none';

export type TemplateFamily = (template: { template_id: string; paraphrase_of: string | null }) => string;

/** Template indices per wording set (see the module comment). */
export function wordingSets(grid: Grid, family?: TemplateFamily): number[][] {
  const index = new Map(grid.templates.map((t, i) => [t.id, i]));
  const root = (i: number): string => {
    const seen = new Set<number>();
    let current = i;
    for (;;) {
      seen.add(current);
      const parent = grid.templates[current].paraphraseOf;
      const next = parent === null ? undefined : index.get(parent);
      if (next === undefined || seen.has(next)) return grid.templates[current].id;
      current = next;
    }
  };
  const families = new Map<string, number[]>();
  grid.templates.forEach((t, i) => {
    const key = family ? family({ template_id: t.id, paraphrase_of: t.paraphraseOf }) : root(i);
    const members = families.get(key) ?? [];
    members.push(i);
    families.set(key, members);
  });
  const sets: number[][] = [];
  for (const [key, members] of families) {
    // Root first when the family is named after one of its templates.
    members.sort((a, b) => Number(grid.templates[b].id === key) - Number(grid.templates[a].id === key) || a - b);
    members.forEach((t, k) => (sets[k] ??= []).push(t));
  }
  return sets;
}

/** Per group, whether a wording set agrees with the overall verdict (see the module comment). */
export function agreesWithin(templates: number[], diff: Float64Array, centred: Float64Array, groups: number, overall: Verdict[]): boolean[] {
  const p: number[] = [];
  const direction: number[] = [];
  for (let g = 0; g < groups; g++) {
    const d: number[] = [];
    let c = 0;
    let m = 0;
    for (const t of templates) {
      const v = diff[t * groups + g];
      if (!Number.isNaN(v)) d.push(v);
      const w = centred[t * groups + g];
      if (!Number.isNaN(w)) {
        c += w;
        m++;
      }
    }
    p.push(groupP(d));
    direction.push(m > 0 ? c / m : 0);
  }
  const adjusted = holm(p);
  // A set too small for any two-sided Wilcoxon p below 0.05 can still contradict the direction, so there the
  // direction alone is checked.
  const canReachSignificance = templates.length >= MIN_TEMPLATES_FOR_P05;
  return overall.map((v, g) => {
    if (v === 'none') return verdict(adjusted[g], direction[g]) === 'none';
    if (canReachSignificance) return verdict(p[g], direction[g]) === v;
    return v === (direction[g] > 0 ? 'higher' : direction[g] < 0 ? 'lower' : 'none');
  });
}

/** The exact two-sided signed-rank test needs at least 6 pairs for p < 0.05 (2/2^6 = 0.031; 2/2^5 = 0.0625). */
export const MIN_TEMPLATES_FOR_P05 = 6;

export function verdict(pAdjusted: number, centredMean: number): Verdict {
  if (!(pAdjusted < 0.05)) return 'none';
  return centredMean > 0 ? 'higher' : centredMean < 0 ? 'lower' : 'none';
}

/** Wilcoxon p of the paired differences; 1 when there is nothing to test (no non-zero difference). */
export function groupP(d: number[]): number {
  const p = wilcoxon(d)[1];
  return Number.isNaN(p) ? 1 : p;
}
