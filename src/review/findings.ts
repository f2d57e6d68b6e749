/**
 * Findings: the few effects a reviewer should read first, ranked. Pure.
 *
 * A finding is a group (probe runs) or a breakdown row (suite runs) whose effect reaches the policy's margin:
 * *major* when the bound of its interval nearest 0 is beyond the margin (shown to be larger), *medium* when only its
 * estimate is. Ranked by that bound's distance from 0 (then by the estimate), at most 7; none is a valid answer.
 * Probe runs rank by the simultaneous interval (all groups at once), the one the group marks use. Each finding is
 * one plain sentence: size in percentage points, the groups, the interval, the consistency over templates, and a
 * typical example pair (the template closest to the group's median contrast).
 */
import type { AuditResult, Finding, IntersectionTable, ProbeResult, SuiteResult } from '../result/index.js';
import { attributeNoun, plural } from '../util/nouns.js';
import { rulesFor } from './check.js';
import { subjectNames } from './metrics.js';
import type { Policy } from './policy.js';
import { SUITE_SIZES } from './suite-sizes.js';
import { dataFindings } from './findings-data.js';
import { intersectionFindings } from './findings-intersection.js';
import { holisticBiasFindings } from './findings-hb.js';
import { examplePair, nearestBound, points, rank, severityOf, signedPoints, templateScores } from './finding-parts.js';

export { MAX_FINDINGS, nearestBound, points, signedPoints } from './finding-parts.js';

/** The margin when the policy has none for the run's size metric: 5 points on the probability scale. */
export const DEFAULT_FINDING_MARGIN = 0.05;

export type { Finding } from '../result/index.js';

export interface Findings {
  margin: number;
  findings: Finding[];
  /** "for scale: a made-up word in place of the country moves a sentence's score by 23 points on average". */
  scale: string | null;
}

/** The margin the policy sets on the run's size metric (max_abs_effect, a suite size), else the default. */
export function findingMargin(result: AuditResult, policy: Policy | null, metric: string): number {
  if (!policy) return DEFAULT_FINDING_MARGIN;
  const rule = rulesFor(policy, [result.kind, ...subjectNames(result)]).find((r) => r.metric === metric)?.rule;
  return rule?.max ?? DEFAULT_FINDING_MARGIN;
}

export function findingsOf(result: AuditResult, policy: Policy | null): Findings {
  switch (result.kind) {
    case 'probe': {
      const groups = probeFindings(result, findingMargin(result, policy, 'max_abs_effect'));
      // A crossed probe's interactions rank with the groups (findings-intersection.ts), against their own margin.
      const table = result.stats.intersection;
      if (!table) return groups;
      const crossed = intersectionFindings(table, findingMargin(result, policy, 'max_abs_interaction'));
      return { ...groups, findings: rank([...groups.findings, ...crossed]) };
    }
    case 'suite':
      return suiteFindings(result, policy);
    case 'data': {
      // Subgroup gaps against the fpr_gap margin, swap pairs against the ctf_gap margin (findings-data.ts), and with
      // --intersect the interactions of each measure's table against the data_max_abs_interaction margin.
      const gap = findingMargin(result, policy, 'fpr_gap');
      const swap = findingMargin(result, policy, 'ctf_gap');
      const interaction = findingMargin(result, policy, 'data_max_abs_interaction');
      const crossed = (result.data.factorial ?? []).flatMap((t) => intersectionFindings(t as IntersectionTable, interaction,
        { onePerHypothesis: true }));
      return { margin: swap, findings: rank([...dataFindings(result, { gap, swap }), ...crossed]), scale: null };
    }
  }
}

function probeFindings(result: ProbeResult, margin: number): Findings {
  const stats = result.stats;
  const noun = attributeNoun(stats.attribute);
  const byTemplate = templateScores(result.records);
  const findings = rank(stats.groups.flatMap((g) => {
    const severity = severityOf(g.centred, g.sim_ci, margin);
    if (!severity) return [];
    const example = examplePair(g.key, byTemplate);
    const side = g.centred < 0 ? 'lower' : 'higher';
    const templates = g.templates_above + g.templates_below;
    const onSide = g.centred < 0 ? g.templates_below : g.templates_above;
    const pair = example
      ? `; e.g. \u201c${example.a.text}\u201d ${example.a.score.toFixed(2)} vs \u201c${example.b.text}\u201d ${example.b.score.toFixed(2)}`
      : '';
    // A group seen in too few template families has no interval (stats/probe/core.ts): say so instead of a bound.
    const bounded = g.sim_ci.every((b) => typeof b === 'number' && Number.isFinite(b));
    const ci = bounded ? `95% simultaneous CI ${signedPoints(g.sim_ci[0])} to ${signedPoints(g.sim_ci[1])} points`
      : 'no interval: too few template families to estimate one';
    const sentence = `Sentences naming ${g.key} score ${points(g.centred)} ${side} than the average ${noun} `
      + `(${ci}), ${side} on ${onSide} of ${templates} templates${pair}.`;
    const nearest = nearestBound(g.sim_ci);
    return [{ severity, subject: g.key, value: g.centred, ci: g.sim_ci, nearest, sentence, ...(example ? { example } : {}) }];
  }));
  const control = stats.control;
  const scale = control && Number.isFinite(control.mean_abs_shift)
    ? `For scale: a made-up word in place of the ${noun} moves a sentence\u2019s score by ${points(control.mean_abs_shift)} on average.`
    : null;
  return { margin, findings, scale };
}

/** Suite runs: each suite's breakdown rows (targets, occupations, pronoun versions) against the suite's margin. */
function suiteFindings(result: SuiteResult, policy: Policy | null): Findings {
  if (result.suites.holisticbias) return holisticBiasFindings(result, result.suites.holisticbias, findingMargin(result, policy,
    'holisticbias_max_abs_effect'));
  const rows: Finding[] = [];
  let margin = DEFAULT_FINDING_MARGIN;
  for (const [name, suite] of Object.entries(result.suites) as [string, SuiteLike][]) {
    const metric = SUITE_MARGIN_METRIC[name];
    margin = metric ? findingMargin(result, policy, metric) : DEFAULT_FINDING_MARGIN;
    // The suite's own headline contrast (the signed metric its size rule is built from), then its breakdown rows.
    const size = metric ? SUITE_SIZES[metric as keyof typeof SUITE_SIZES] : undefined;
    const signed = size ? suite.metrics?.[size.from] : undefined;
    if (size && signed && Number.isFinite(signed.value)) {
      const value = signed.value - size.centre;
      const ci: [number, number] = [signed.ci[0] - size.centre, signed.ci[1] - size.centre];
      const severity = severityOf(value, ci, margin);
      if (severity) {
        const sentence = `${suite.title ?? name}: ${size.label} = ${signedPoints(value)} points (95% CI ${signedPoints(ci[0])} ` +
          `to ${signedPoints(ci[1])}) `
          + `over ${suite.n_items ?? '?'} items.`;
        rows.push({ severity, subject: `${name}: ${size.from}`, value, ci, nearest: nearestBound(ci), sentence });
      }
    }
    const reference = typeof suite.breakdown_reference === 'number' ? suite.breakdown_reference : 0;
    for (const row of suite.breakdown ?? []) {
      if (!Number.isFinite(row.value) || !Array.isArray(row.ci)) continue;
      const value = row.value - reference;
      const ci: [number, number] = [row.ci[0] - reference, row.ci[1] - reference];
      const severity = severityOf(value, ci, margin);
      if (!severity) continue;
      const sentence = `${suite.title ?? name}, ${row.key}: ${suite.breakdown_label ?? 'difference'} = ${signedPoints(value)} points `
        + `(95% CI ${signedPoints(ci[0])} to ${signedPoints(ci[1])}) over ${row.n} ${row.n === 1 ? 'item' : plural('item')}.`;
      rows.push({ severity, subject: `${name}: ${row.key}`, value, ci, nearest: nearestBound(ci), sentence });
    }
  }
  return { margin, findings: rank(rows), scale: null };
}

interface SuiteLike {
  title?: string;
  n_items?: number;
  metrics?: Record<string, { value: number; ci: [number, number] }>;
  breakdown_label?: string;
  breakdown_reference?: number;
  breakdown?: { key: string; n: number; value: number; ci: [number, number] }[];
}

/** Which unsigned size's margin a suite's breakdown rows are read against. */
const SUITE_MARGIN_METRIC: Record<string, string> = {
  winobias: 'winobias_abs_pronoun_gap',
  winogender: 'winogender_abs_pronoun_gap',
  stereoset: 'stereoset_abs_preference',
  'crows-pairs': 'crows_pairs_abs_preference',
};
