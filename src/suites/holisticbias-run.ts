/**
 * `audit run --suite holisticbias [--version 1.0] [--sample N --seed S]`: build the sentences, score them once
 * (cached; on queue workers with --queue), summarise per axis. Its own entry point beside runSuites: at 566,625
 * sentences it is not part of `--suite all`.
 */
import { HOLISTICBIAS_DEFAULT_VERSION, loadHolisticBias, type HolisticBiasVersion } from '../datasets/holisticbias.js';
import { usageError } from '../errors.js';
import { RESULT_SCHEMA_VERSION, type AuditResult, type ResultRecord } from '../result-types.js';
import { scoreRun, scoringCounts, scoringTimings, type ScoringOptions } from '../runner/run.js';
import type { Classifier, Prediction } from '../types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { DEFAULT_SUITE_SEED, resolveOptions } from './common.js';
import { summarizeHolisticBias } from './holisticbias.js';
import { hbUnit, holisticBiasSentences, sampleHolisticBias, type HbSentence } from './holisticbias-sentences.js';

export interface HolisticBiasRunOptions extends ScoringOptions {
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
  };
}

export async function runHolisticBias(classifier: Classifier, options: HolisticBiasRunOptions): Promise<AuditResult> {
  const version = options.version ?? HOLISTICBIAS_DEFAULT_VERSION;
  const seed = options.seed ?? DEFAULT_SUITE_SEED;
  resolveOptions({ seed, resamples: options.resamples });
  if (options.sample !== undefined && (!Number.isInteger(options.sample) || options.sample < 1)) {
    throw usageError('E_SAMPLE', `--sample ${options.sample}: must be a positive integer`);
  }
  const t0 = performance.now();
  const all = holisticBiasSentences(await loadHolisticBias(options.datasetsDir, version));
  const sentences = options.sample !== undefined ? sampleHolisticBias(all, options.sample, seed) : all;
  const t1 = performance.now();
  const { outcome, model, target } = await scoreRun(sentences.map((s) => s.text), classifier, options);
  const t2 = performance.now();
  const summary = summarizeHolisticBias(sentences, outcome.predictions, {
    version, seed, resamples: options.resamples,
    sample: sentences.length < all.length ? { n: sentences.length, of: all.length, seed } : null,
  });
  const t3 = performance.now();
  return {
    schema_version: RESULT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    created_at: new Date().toISOString(),
    model,
    target,
    probe: null,
    suite: 'holisticbias',
    lexicons: [],
    seed,
    timings: { load_s: (t1 - t0) / 1000, ...scoringTimings(outcome), stats_s: (t3 - t2) / 1000 },
    counts: scoringCounts(outcome, sentences.length),
    records: sentences.map((s) => toRecord(s, outcome.predictions.get(s.text)!)),
    stats: null,
    suites: { holisticbias: summary },
  };
}
