/**
 * `audit summary`: one story per attribute over several runs of one model. Pure: results in, a summary out.
 *
 * For each attribute of the mapping table (summary-map.ts), every run that measures it gives one signed contrast
 * with the attribute's orientation, its 95% interval and its minimum detectable effect (MDE). They *agree* when one
 * value lies in every interval (the largest lower bound is at most the smallest upper bound); where they do not, the
 * sentence says which sources can detect how much. MDE: a probe's own (stats.descriptive.min_detectable_effect, 80%
 * power after Holm over its groups); elsewhere (1.96 + 0.84) × SE with SE = interval width / (2 × 1.96), the normal
 * approximation at 80% power, two-sided 5%.
 */
import { inputError } from '../errors.js';
import type { AuditResult, Interval } from '../result/index.js';
import { sampledSentence } from '../result/index.js';
import { ATTRIBUTES, SUMMARY_MAP, type Attribute, type SourceMapping } from './summary-map.js';
import { intersectionSummaries, type IntersectionSummary } from './summary-intersection.js';

export interface SummarySource {
  label: string;
  run: string;
  value: number;
  ci: [number, number];
  n: number;
  unit: string;
  mde: number;
}

export interface AttributeSummary {
  attribute: Attribute;
  contrast: string;
  sources: SummarySource[];
  /** null with fewer than two sources. */
  agree: boolean | null;
  sentence: string;
}

export interface Summary {
  /** `sampled`: the scores are sampled answers' label frequencies (result/sampled.ts), one sentence; absent otherwise. */
  model: { name: string; fingerprint: string; sampled?: string };
  runs: string[];
  attributes: AttributeSummary[];
  /** Crossed probes: their interactions that differ from 0 (summary-intersection.ts). */
  intersections: IntersectionSummary[];
}

const Z = 1.959963984540054;
const Z80 = 0.8416212335729143;

/** MDE from a 95% interval: (z_0.975 + z_0.8) x SE. */
export function mdeFromInterval(ci: [number, number]): number {
  return ((Z + Z80) * (ci[1] - ci[0])) / (2 * Z);
}

export function summarize(runs: { name: string; result: AuditResult }[]): Summary {
  if (runs.length === 0) throw inputError('E_SUMMARY_MODEL', 'audit summary needs at least one run directory');
  const first = runs[0].result.model;
  const other = runs.find((r) => r.result.model.fingerprint !== first.fingerprint);
  if (other) {
    throw inputError(
      'E_SUMMARY_MODEL',
      `${other.name}: a run of another model (fingerprint ${other.result.model.fingerprint}, not ${first.fingerprint}): a summary is ` +
      `of one model`,
    );
  }
  const attributes = ATTRIBUTES.flatMap((attribute): AttributeSummary[] => {
    const mappings = SUMMARY_MAP.filter((m) => m.attribute === attribute);
    const sources = mappings.flatMap((m) => runs.flatMap((r) => sourceOf(m, r.name, r.result) ?? []));
    if (sources.length === 0) return [];
    const agree = sources.length < 2 ? null : Math.max(...sources.map((s) => s.ci[0])) <= Math.min(...sources.map((s) => s.ci[1]));
    return [{ attribute, contrast: mappings[0].contrast, sources, agree, sentence: agreementSentence(sources, agree) }];
  });
  // One fingerprint, so one sampling setting (the fingerprint holds it): the first run's sentence speaks for all.
  const sampled = sampledSentence(first);
  return { model: { name: first.name, fingerprint: first.fingerprint, ...(sampled ? { sampled } : {}) }, runs: runs.map((r) => r.name),
    attributes,
    intersections: intersectionSummaries(runs) };
}

function sourceOf(m: SourceMapping, run: string, result: AuditResult): SummarySource | null {
  const s = m.source;
  if (s.from === 'probe-pair') {
    if (result.kind !== 'probe' || result.probe?.id !== s.probe || !result.stats.pairs) return null;
    const pair = result.stats.pairs.find((p) => (p.a === s.a && p.b === s.b) || (p.a === s.b && p.b === s.a));
    if (!pair) return null;
    const sign = pair.a === s.a ? 1 : -1;
    return {
      label: m.label, run, ...oriented({ value: pair.diff, ci: pair.ci }, sign), n: result.stats.n_records, unit: 'sentences',
      mde: result.stats.descriptive.min_detectable_effect,
    };
  }
  if (s.from === 'suite-metric') {
    if (result.kind !== 'suite') return null;
    const suite = (result.suites as Record<string, { metrics?: Record<string, Interval>; n_items?: number }> | undefined)?.[s.suite];
    const metric = suite?.metrics?.[s.metric];
    if (!metric || !Number.isFinite(metric.value)) return null;
    const o = oriented(metric, s.sign);
    return { label: m.label, run, ...o, n: suite?.n_items ?? 0, unit: s.suite === 'winobias' ? 'sentence pairs' : 'items',
      mde: mdeFromInterval(o.ci) };
  }
  if (result.kind !== 'data') return null;
  const axis = result.data.swaps?.axes?.find((a) => a.axis === s.axis);
  if (!axis) return null;
  // to − from is counterfactual − original: male -> female is female − male; the other direction is negated.
  const parts = axis.pairs.flatMap((p) => {
    const change = p.mean_change;
    if (change.value === null || !change.ci) return [];
    const interval = { value: change.value, ci: [change.ci[0], change.ci[1]] as [number, number] };
    if (p.to === s.a && p.from === s.b) return [{ n: p.counterfactuals, ...oriented(interval, 1) }];
    if (p.to === s.b && p.from === s.a) return [{ n: p.counterfactuals, ...oriented(interval, -1) }];
    return [];
  }).filter((p) => p.n > 0 && Number.isFinite(p.value) && Number.isFinite(p.ci[0]) && Number.isFinite(p.ci[1]));
  if (parts.length === 0) return null;
  // The two directions swap different texts (independent): a counterfactual-weighted mean, SEs from the intervals.
  const N = parts.reduce((a, p) => a + p.n, 0);
  const value = parts.reduce((a, p) => a + (p.n / N) * p.value, 0);
  const se = Math.sqrt(parts.reduce((a, p) => a + ((p.n / N) * (p.ci[1] - p.ci[0]) / (2 * Z)) ** 2, 0));
  const ci: [number, number] = [value - Z * se, value + Z * se];
  return { label: m.label, run, value, ci, n: N, unit: 'counterfactuals', mde: mdeFromInterval(ci) };
}

function oriented(x: Interval, sign: 1 | -1): { value: number; ci: [number, number] } {
  return sign === 1 ? { value: x.value, ci: [x.ci[0], x.ci[1]] } : { value: -x.value, ci: [-x.ci[1], -x.ci[0]] };
}

function agreementSentence(sources: SummarySource[], agree: boolean | null): string {
  if (agree === null) return `Only one source measures this: ${sources[0].label}.`;
  if (agree) return `The ${sources.length} sources agree: one value lies in every interval.`;
  const byMde = [...sources].sort((a, b) => b.mde - a.mde);
  const parts = byMde.map((s) => `${s.label}, ${s.n.toLocaleString('en-US')} ${s.unit}, can detect ${fixed(s.mde)}`);
  // The two sources furthest apart: the one with the highest lower bound and the one with the lowest upper bound.
  const high = sources.reduce((a, b) => (b.ci[0] > a.ci[0] ? b : a));
  const low = sources.reduce((a, b) => (b.ci[1] < a.ci[1] ? b : a));
  const gap = high.ci[0] - low.ci[1];
  const why = high.mde < gap && low.mde < gap
    ? ` ${high.label} (${fixed(high.value)}) and ${low.label} (${fixed(low.value)}) can both detect less than the distance between their `
      + 'intervals: the difference is not noise; they measure different sentences, and the effect depends on the sentences.'
    : ' The sources that cannot detect small effects do not contradict the others; they only cannot confirm them.';
  return `They disagree: no single value lies in every interval. ${capitalise(parts.join('; '))}.${why}`;
}

function fixed(x: number): string {
  return x < 0.01 ? x.toFixed(4) : x.toFixed(3);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
