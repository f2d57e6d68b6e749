/**
 * replayRun: re-score a run's stored sentences with a classifier and say whether the numbers match. It is how a
 * reader checks a published result: same weights (fingerprint), same texts, scores within 1e-5.
 */
import { inputError } from '../errors.js';
import type { Classifier, ProgressCallback } from '../types.js';
import { readDataRecords } from '../result/index.js';
import { loadRun, resultPath } from './run-dir.js';

/** Scores differ by float rounding between backends (wasm, cpu); more than this is a different computation. */
export const REPLAY_TOLERANCE = 1e-5;

export interface ReplayMismatch {
  text: string;
  stored: number;
  replayed: number;
  diff: number;
}

export interface ReplayResult {
  matched: boolean;
  maxAbsDiff: number;
  /** Distinct texts re-scored. */
  n: number;
  tolerance: number;
  fingerprint: { run: string; classifier: string; forced: boolean };
  /** Largest difference first. */
  mismatches: ReplayMismatch[];
}

export interface ReplayOptions {
  /** Re-score even when the classifier's fingerprint differs from the run's. */
  force?: boolean;
  batchSize?: number;
  tolerance?: number;
  onProgress?: ProgressCallback;
}

export async function replayRun(runDir: string, classifier: Classifier, options: ReplayOptions = {}): Promise<ReplayResult> {
  const result = loadRun(runDir);
  const runFingerprint = result.model.fingerprint;
  const differs = classifier.fingerprint !== runFingerprint;
  if (differs && !options.force) {
    throw inputError(
      'E_REPLAY_FINGERPRINT',
      `${runDir}: the run was scored by model ${runFingerprint} (${result.model.name}), the loaded model is ${classifier.fingerprint} ` +
      `(${classifier.name}); load that model, or pass --force to compare anyway`,
    );
  }
  if (classifier.target !== result.target) {
    throw inputError('E_REPLAY_TARGET', `${runDir}: the run scores P(${result.target}), the classifier P(${classifier.target}); use ` +
      `--target ${result.target}`);
  }
  const stored = new Map<string, number>();
  for (const r of result.records) if (!stored.has(r.text)) stored.set(r.text, r.score);
  // A data run keeps its records (originals and counterfactuals) in records.jsonl beside result.json.
  if (result.kind === 'data') {
    for await (const r of readDataRecords(resultPath(runDir), result)) {
      if (!stored.has(r.text)) stored.set(r.text, r.score);
    }
  }
  const texts = [...stored.keys()];
  const batchSize = options.batchSize ?? 32;
  const tolerance = options.tolerance ?? REPLAY_TOLERANCE;
  const started = performance.now();
  options.onProgress?.({ stage: 'score', step: 'scoring', status: 'start', total: texts.length, cached: 0 });
  const mismatches: ReplayMismatch[] = [];
  let maxAbsDiff = 0;
  for (let i = 0; i < texts.length; i += batchSize) {
    const batch = texts.slice(i, i + batchSize);
    const predictions = await classifier.predict(batch);
    predictions.forEach((prediction, j) => {
      const text = batch[j];
      const before = stored.get(text)!;
      const diff = Math.abs(prediction.score - before);
      // NaN never compares: a NaN score is a mismatch, not a match.
      if (!(diff <= tolerance)) mismatches.push({ text, stored: before, replayed: prediction.score, diff });
      if (!(diff <= maxAbsDiff)) maxAbsDiff = Number.isNaN(diff) ? Infinity : diff;
    });
    options.onProgress?.({ stage: 'score', step: 'scoring', status: 'progress', done: Math.min(i + batchSize, texts.length),
      total: texts.length });
  }
  options.onProgress?.({ stage: 'score', step: 'scoring', status: 'done', total: texts.length, scored: texts.length, cached: 0,
    seconds: (performance.now() - started) / 1000 });
  mismatches.sort((a, b) => (Number.isNaN(b.diff) ? Infinity : b.diff) - (Number.isNaN(a.diff) ? Infinity : a.diff));
  const fingerprint = { run: runFingerprint, classifier: classifier.fingerprint, forced: differs };
  return { matched: mismatches.length === 0, maxAbsDiff, n: texts.length, tolerance, fingerprint, mismatches };
}

/** One line for the CLI, e.g. "replay: 280 texts, max |difference| 3.1e-7 (tolerance 1e-5): the scores match". */
export function replaySummary(r: ReplayResult): string {
  const verdict = r.matched ? 'the scores match' : `${r.mismatches.length} score${r.mismatches.length === 1 ? '' : 's'} differ`;
  const forced = r.fingerprint.forced ? ' (different model fingerprint, compared with --force)' : '';
  return `replay: ${r.n} texts, max |difference| ${r.maxAbsDiff.toExponential(1)} (tolerance ${r.tolerance}): ${verdict}${forced}`;
}
