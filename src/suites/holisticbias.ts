/**
 * HolisticBias for a classifier: per descriptor, how its sentences score against the other descriptors of its
 * axis on the same template and noun. This is the probes' estimand, so the probes' analysis computes it
 * (analyzeProbe, src/stats/probe): each axis is one probe whose groups are its descriptors and whose template
 * units are template x noun. Intervals, tests and Holm's correction therefore follow the probe rules, within one
 * axis at a time. The `nonce` axis (made-up words) is the control: its spread is reported as context, with no
 * significance statement. The noun-only sentences ("I'm a woman.") are scored and kept, outside every axis.
 */
import { DATASETS } from '../datasets/index.js';
import type { GroupStat, ProbeStats, ResultRecord } from '../result/index.js';
import { analyzeProbe } from '../stats/index.js';
import type { Prediction } from '../types.js';
import { gapText, resolveOptions, seedFor } from './common.js';
import { hbUnit, type HbSentence } from './holisticbias-sentences.js';
import type { BreakdownRow, HbAxisSummary, HbDescriptorRow, HolisticBiasSummary, HolisticBiasVersion, SummaryOptions } from './types.js';

export const HB_CONTROL_AXIS = 'nonce';
const TOP = 5;
/** Descriptors ranked as most positive / negative need this many sentences (a sample may leave a phrase one). */
export const HB_MIN_RANKED = 5;

/** Records of one axis in the probes' shape: group = descriptor, template unit = template x noun. */
function axisRecords(items: { s: HbSentence; p: Prediction }[]): ResultRecord[] {
  return items.map(({ s, p }) => ({
    text: s.text,
    template: hbUnit(s),
    template_id: hbUnit(s),
    frame: 'neutral',
    paraphrase_of: null,
    slots: { descriptor: { value: s.descriptor } },
    control: false,
    group: s.descriptor,
    filler: s.descriptor,
    probs: p.probs,
    score: p.score,
    label: p.label,
  }));
}

function row(g: GroupStat, control: boolean): HbDescriptorRow {
  return {
    descriptor: g.key, n: g.n, mean: g.mean, ci: g.ci, effect: g.centred, effect_ci: g.centred_ci, effect_sim_ci: g.sim_ci,
    p: control ? null : g.p, p_adj: control ? null : g.p_adj,
    significant: control ? null : g.significant, direction: control ? null : g.direction,
  };
}

export function summarizeAxis(
  axis: string,
  items: { s: HbSentence; p: Prediction }[],
  options: { seed: number; resamples: number },
): HbAxisSummary {
  const stats = analyzeProbe(axisRecords(items), { attribute: 'descriptor', seed: seedFor(options.seed, axis),
    resamples: options.resamples });
  return axisSummary(axis, stats, items.length);
}

/** An axis's summary from its analysis (also the calibration's path from simulated stats to the policy's rule). */
export function axisSummary(axis: string, stats: ProbeStats, nSentences: number): HbAxisSummary {
  const control = axis === HB_CONTROL_AXIS;
  const rows = stats.groups.map((g) => row(g, control)).sort((a, b) => b.effect - a.effect || (a.descriptor < b.descriptor ? -1 : 1));
  return {
    axis,
    control,
    n_sentences: nSentences,
    n_descriptors: rows.length,
    n_units: stats.n_templates,
    mean: stats.overall_mean,
    mean_ci: stats.overall_ci,
    effect_range: rows.length > 0 ? rows[0].effect - rows[rows.length - 1].effect : 0,
    n_significant: control ? null : rows.filter((r) => r.significant).length,
    friedman_p: control ? null : stats.omnibus.friedman?.p ?? null,
    ...(!control && stats.summary.max_abs_effect ? { max_abs_effect: stats.summary.max_abs_effect } : {}),
    most_positive: rows.filter((r) => r.n >= HB_MIN_RANKED).slice(0, TOP),
    most_negative: rows.filter((r) => r.n >= HB_MIN_RANKED).slice(-TOP).reverse(),
    descriptors: rows,
  };
}

export interface HbSummaryOptions extends SummaryOptions {
  version: HolisticBiasVersion;
  sample: HolisticBiasSummary['sample'];
}

export function summarizeHolisticBias(
  sentences: HbSentence[],
  predictions: Map<string, Prediction>,
  options: HbSummaryOptions,
): HolisticBiasSummary {
  const { seed, resamples } = resolveOptions(options);
  const byAxis = new Map<string, { s: HbSentence; p: Prediction }[]>();
  const baseline: number[] = [];
  for (const s of sentences) {
    const p = predictions.get(s.text)!;
    if (s.axis === 'null') {
      baseline.push(p.score);
      continue;
    }
    const list = byAxis.get(s.axis);
    if (list) list.push({ s, p });
    else byAxis.set(s.axis, [{ s, p }]);
  }
  const axes = [...byAxis.keys()].sort().map((axis) => summarizeAxis(axis, byAxis.get(axis)!, { seed, resamples }));
  const real = axes.filter((a) => !a.control);
  const all = real.flatMap((a) => a.descriptors.map((d) => ({ axis: a.axis, d })));
  const byEffect = all.filter((x) => x.d.n >= HB_MIN_RANKED).sort((x, y) => y.d.effect - x.d.effect);
  const extremes = [...byEffect.slice(0, 10), ...byEffect.slice(-10)].filter((x, i, xs) => xs.indexOf(x) === i);
  const breakdown: BreakdownRow[] = extremes.map(({ axis, d }) => ({ key: `${axis}: ${d.descriptor}`, n: d.n, value: d.effect,
    ci: d.effect_ci, p: d.p, p_adj: d.p_adj }));
  const widest = real.slice().sort((a, b) => b.effect_range - a.effect_range)[0];
  const top = byEffect[0];
  const bottom = byEffect[byEffect.length - 1];
  const significant = real.reduce((n, a) => n + (a.n_significant ?? 0), 0);
  const info = DATASETS.find((d) => d.name === 'holisticbias')!;
  const nonce = axes.find((a) => a.control);
  return {
    suite: 'holisticbias',
    title: `HolisticBias ${options.version}`,
    version: options.version,
    sample: options.sample,
    headline: top && bottom
      ? `Across ${real.length} axes, ${significant} of ${all.length} descriptors score significantly differently from the other ` +
        `descriptors of their axis (Holm within each axis). `
        + `Most positive: "${top.d.descriptor}" (${top.axis}) ${gapText(top.d.effect, top.d.effect_ci)}; most negative: ` +
          `"${bottom.d.descriptor}" (${bottom.axis}) ${gapText(bottom.d.effect, bottom.d.effect_ci)}.`
      : 'No descriptors to compare.',
    n_items: all.length,
    n_sentences: sentences.length,
    citation: 'Smith et al. 2022. ' + info.citation,
    licence: 'CC BY-SA 4.0 (the dataset; facebookresearch/ResponsibleNLP)',
    source: info.source,
    caveat: 'HolisticBias was built to probe generative models with dialogue openers. Here each sentence is scored by a sentiment ' +
      'classifier: a descriptor effect is how much the descriptor alone moves P(positive) against its axis\'s other descriptors on the ' +
      'same template and noun.',
    metrics: {
      holisticbias_max_effect: { value: top ? top.d.effect : 0, ci: top ? top.d.effect_ci : [0, 0] },
      holisticbias_min_effect: { value: bottom ? bottom.d.effect : 0, ci: bottom ? bottom.d.effect_ci : [0, 0] },
      ...(widest ? { holisticbias_widest_axis_range: { value: widest.effect_range, ci: [widest.effect_range, widest.effect_range] } } : {}),
    },
    breakdown_label: 'Descriptor effect (P(positive) against the rest of its axis, same template and noun): the 10 highest and 10 lowest',
    breakdown_reference: 0,
    breakdown,
    notes: [
      `Effect = mean over template units (template x noun) of the sentence's score minus the unit's average over the axis's descriptors ` +
      `(the probes' estimand, docs/statistics.md); intervals and p-values as in the probes: bootstrap over units (${resamples} ` +
      `resamples) with a t-type correction; Holm within each axis.`,
      nonce ? `Context: the nonce axis (${nonce.n_descriptors} made-up words in the same slot) spreads ${nonce.effect_range.toFixed(3)} ` +
        `from its highest to its lowest word. It is context for the size of the effects, not a significance baseline; no significance is ` +
        `stated for it.` : 'No nonce axis in this run.',
      `Most positive / negative lists rank descriptors with at least ${HB_MIN_RANKED} sentences; every descriptor is in the ` +
      `per-axis tables.`,
      ...(options.sample ? [`A seeded sample: ${options.sample.n} of ${options.sample.of} sentences (seed ${options.sample.seed}), ` +
        `stratified by descriptor.`] : []),
    ],
    seed,
    resamples,
    axes,
    no_descriptor_mean: baseline.length > 0 ? baseline.reduce((a, b) => a + b, 0) / baseline.length : null,
  };
}
