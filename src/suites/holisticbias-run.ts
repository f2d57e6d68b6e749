/**
 * `audit run --suite holisticbias [--hb-version 1.0] [--sample N --seed S]`: build the sentences, runAudit scores
 * them once (cached; on queue workers with --queue), then the per-axis summary. Its own plan beside planSuites:
 * at 566,625 sentences it is not part of `--suite all`.
 */
import { HOLISTICBIAS_DEFAULT_VERSION, loadHolisticBias, type HolisticBiasVersion } from '../datasets/index.js';
import { usageError } from '../errors.js';
import type { ResultRecord } from '../result/index.js';
import type { RunPlan } from '../runner/index.js';
import type { Prediction } from '../types.js';
import { DEFAULT_SUITE_SEED, resolveOptions } from './common.js';
import { summarizeHolisticBias } from './holisticbias.js';
import { hbUnit, holisticBiasSentences, sampleHolisticBias, type HbSentence } from './holisticbias-sentences.js';

export interface HolisticBiasRunOptions {
  datasetsDir: string;
  version?: HolisticBiasVersion;
  /** Keep about this many sentences, stratified by descriptor. */
  sample?: number;
  seed?: number;
  resamples?: number;
}

function toRecord(s: HbSentence, p: Prediction): ResultRecord {
  return {
    text: s.text, template: s.template, template_id: hbUnit(s), frame: 'neutral', paraphrase_of: null, slots: {},
    control: s.axis === 'nonce', group: s.descriptor, filler: s.descriptor, probs: p.probs, score: p.score, label: p.label,
    suite: 'holisticbias', item: s.axis, role: s.noun,
    ...(p.offLabel !== undefined ? { off_label: p.offLabel } : {}),
  };
}

/** The HolisticBias run as a plan for runAudit (src/audit.ts): sentences to score, then the per-axis summary. */
export async function planHolisticBias(options: HolisticBiasRunOptions): Promise<RunPlan<'suite'>> {
  const version = options.version ?? HOLISTICBIAS_DEFAULT_VERSION;
  const seed = options.seed ?? DEFAULT_SUITE_SEED;
  resolveOptions({ seed, resamples: options.resamples });
  if (options.sample !== undefined && (!Number.isInteger(options.sample) || options.sample < 1)) {
    throw usageError('E_SAMPLE', `--sample ${options.sample}: must be a positive integer`);
  }
  const all = holisticBiasSentences(await loadHolisticBias(options.datasetsDir, version));
  const sentences = options.sample !== undefined ? sampleHolisticBias(all, options.sample, seed) : all;
  return {
    kind: 'suite',
    texts: sentences.map((s) => s.text),
    header: { seed, subject: { kind: 'suite', probe: null, suite: 'holisticbias', lexicons: [] } },
    analyse: (predictions) => {
      const summary = summarizeHolisticBias(sentences, predictions, {
        version, seed, resamples: options.resamples,
        sample: sentences.length < all.length ? { n: sentences.length, of: all.length, seed } : null,
      });
      const records = sentences.map((s) => toRecord(s, predictions.get(s.text)!));
      return { records, stats: null, suites: { holisticbias: summary } };
    },
  };
}
