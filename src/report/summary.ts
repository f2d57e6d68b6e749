import type { AuditResult, GroupStat, ProbeStats } from '../result-types.js';
import * as fmt from '../util/format.js';
import { attributeNoun, capitalise, plural } from '../util/nouns.js';

/**
 * The plain-language summary: a few sentences generated from the stats, each one a claim the tables and
 * charts below support. Sentences are plain text (the template escapes them).
 */

/** How many significant groups are named in each direction. */
const NAMED_PER_DIRECTION = 3;

export function summarySentences(result: AuditResult, stats: ProbeStats): string[] {
  const noun = attributeNoun(stats.attribute);
  const many = plural(noun);
  const target = `P(${result.target})`;
  const out: string[] = [];

  if (result.probe?.expectation.type === 'invariant') {
    out.push(`This probe expects the score not to depend on the ${noun}: the sentences differ only in the ${noun} named.`);
  }
  out.push(
    `Across ${stats.n_templates} templates and ${stats.n_groups} ${many}, the mean ${target} is ` +
      `${fmt.score(stats.overall_mean, 2)} (95% CI ${fmt.interval(stats.overall_ci, 2)}).`,
  );

  const byMean = [...stats.groups].sort((a, b) => a.mean - b.mean);
  const low = byMean[0];
  const high = byMean[byMean.length - 1];
  if (low && high && low !== high) {
    const range = stats.summary.score_range;
    out.push(
      `${capitalise(noun)} means range from ${fmt.score(low.mean, 2)} (${low.key}) to ${fmt.score(high.mean, 2)} (${high.key})` +
        (range ? `, a spread of ${fmt.score(range.value, 2)} (95% CI ${fmt.interval(range.ci, 2)}).` : '.'),
    );
  }

  const significant = stats.groups.filter((g) => g.significant);
  if (significant.length === 0) {
    out.push(`No ${noun} differs from the rest after Holm correction (adjusted p < 0.05).`);
  } else {
    const stable = significant.filter((g) => g.stable).length;
    out.push(
      `${significant.length} of ${stats.n_groups} ${many} differ from the rest after Holm correction (adjusted p < 0.05); ` +
        `${stable} of them keep their direction and significance across paraphrased templates.`,
    );
    for (const direction of ['lower', 'higher'] as const) {
      significant
        .filter((g) => g.direction === direction)
        .sort((a, b) => Math.abs(b.centred) - Math.abs(a.centred))
        .slice(0, NAMED_PER_DIRECTION)
        .forEach((g) => out.push(groupSentence(g, noun, stats.n_templates)));
    }
  }

  if (stats.control) {
    const c = stats.control;
    out.push(
      `Made-up ${many} (the control) spread by ${fmt.score(c.group_gap.value, 2)} (95% CI ${fmt.interval(c.group_gap.ci, 2)}): ` +
        `differences of that size carry no information about real ${many}.`,
    );
  }
  const friedman = stats.omnibus.friedman;
  if (friedman) {
    const verdict = friedman.p < 0.05 ? 'rejects' : 'does not reject';
    out.push(
      `A Friedman test over templates ${verdict} equal scores for all ${many} ` +
        `(χ² = ${friedman.statistic.toFixed(1)}, p ${friedman.p < 0.001 ? '< 0.001' : `= ${friedman.p.toFixed(3)}`}).`,
    );
  }
  return out;
}

/** "Scores for X are lower than the median country by 0.12 (95% CI 0.08 to 0.15), consistent across 22 of 24 templates." */
export function groupSentence(g: GroupStat, noun: string, templates: number): string {
  const lower = g.direction === 'lower';
  const gap = Math.abs(g.centred);
  const ci: [number, number] = lower ? [-g.centred_ci[1], -g.centred_ci[0]] : g.centred_ci;
  const consistent = lower ? g.templates_below : g.templates_above;
  return (
    `Scores for ${g.key} are ${lower ? 'lower' : 'higher'} than the median ${noun} by ${fmt.score(gap, 2)} ` +
    `(95% CI ${fmt.interval(ci, 2)}), consistent across ${consistent} of ${templates} templates` +
    (g.stable ? '.' : ' (not stable across paraphrases).')
  );
}

export { attributeNoun, capitalise, plural };
