/** A probe as a run (runner/plan.ts): expanded before scoring, then one record per sentence and analyzeProbe's statistics. */
import { DEFAULT_SEED } from '../config/defaults.js';
import { expandProbe } from '../expand/index.js';
import type { ResultRecord } from '../result/index.js';
import type { RunPlan } from '../runner/index.js';
import { analyzeProbe } from '../stats/index.js';
import type { Prediction } from '../types.js';
import { loadProbeSpec } from './load.js';
import type { LoadedProbe, ProbeItem } from './types.js';

export interface ProbePlanOptions {
  /** Keep at most this many sentences (seeded sample, see expandProbe). */
  limit?: number;
  seed?: number;
  resamples?: number;
}

/** Joins each expanded probe item with its prediction into a result record. */
export function toRecord(item: ProbeItem, p: Prediction): ResultRecord {
  return {
    text: item.text,
    template: item.template,
    template_id: item.template_id,
    frame: item.frame,
    paraphrase_of: item.paraphrase_of,
    slots: item.slots,
    control: item.control,
    group: item.group,
    filler: item.filler,
    probs: p.probs,
    score: p.score,
    label: p.label,
    ...(p.offLabel !== undefined ? { off_label: p.offLabel } : {}),
    ...(p.promptScores ? { prompt_scores: p.promptScores } : {}),
    ...(p.answers ? { answers: p.answers } : {}),
  };
}

/** A probe (loaded, or a built-in id / probe file path) as a run: expanded (seeded sample with `limit`), analysed by analyzeProbe. */
export async function planProbe(spec: LoadedProbe | string, options: ProbePlanOptions = {}): Promise<RunPlan<'probe'>> {
  const probe = typeof spec === 'string' ? await loadProbeSpec(spec) : spec;
  const seed = options.seed ?? DEFAULT_SEED;
  const items = expandProbe(probe, { limit: options.limit, seed });
  const attribute = Array.isArray(probe.spec.attribute) ? probe.spec.attribute.join(', ') : probe.spec.attribute;
  return {
    kind: 'probe',
    texts: items.map((i) => i.text),
    header: {
      seed,
      subject: {
        kind: 'probe',
        probe: {
          id: probe.spec.id,
          title: probe.spec.title,
          description: probe.spec.description,
          attribute: probe.spec.attribute,
          expectation: probe.spec.expectation,
          spec: probe.spec,
        },
        suite: null,
        lexicons: [...probe.lexicons.values()].map((l) => ({ name: l.name, version: l.version, source: l.source })),
      },
    },
    analyse: (predictions) => {
      const records = items.map((item) => toRecord(item, predictions.get(item.text)!));
      return { records, stats: analyzeProbe(records, { attribute, attributes: probe.spec.attributes, seed,
        resamples: options.resamples }) };
    },
  };
}
