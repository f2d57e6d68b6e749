/**
 * replayRun: re-score a run's stored sentences with a classifier and say whether the numbers match. It is how a
 * reader checks a published result: same weights (fingerprint), same texts, scores within 1e-5.
 */
import { inputError } from '../errors.js';
import type { Classifier, ProgressCallback } from '../types.js';
import { readDataRecords } from '../result/index.js';
import { loadRun, resultPath } from './run-dir.js';

/** LLM servers: a score change beyond this is counted as drift (batching and GPU kernels move the last digits). */
export const DRIFT_THRESHOLD = 1e-6;

/**
 * A replay of an LLM run (engine openai): the server is asked again, and its answers need not be the same twice
 * (batch composition, kernels, a silent model update behind the name), so the replay measures drift instead of
 * claiming equality: per text the score change, and over texts the mean and largest change and how many moved more
 * than DRIFT_THRESHOLD.
 */
export interface ReplayDrift {
  mean: number;
  max: number;
  beyond: number;
  threshold: number;
  /** The largest changes, largest first (at most 5). */
  largest: { text: string; stored: number; replayed: number; change: number }[];
}

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
  /** LLM runs: the drift measured (`matched` is then not a claim of equality; replaySummary reports drift). */
  drift?: ReplayDrift;
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
  const changes: ReplayMismatch[] = [];
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
      changes.push({ text, stored: before, replayed: prediction.score, diff });
      if (!(diff <= maxAbsDiff)) maxAbsDiff = Number.isNaN(diff) ? Infinity : diff;
    });
    options.onProgress?.({ stage: 'score', step: 'scoring', status: 'progress', done: Math.min(i + batchSize, texts.length),
      total: texts.length });
  }
  options.onProgress?.({ stage: 'score', step: 'scoring', status: 'done', total: texts.length, scored: texts.length, cached: 0,
    seconds: (performance.now() - started) / 1000 });
  mismatches.sort((a, b) => (Number.isNaN(b.diff) ? Infinity : b.diff) - (Number.isNaN(a.diff) ? Infinity : a.diff));
  const fingerprint = { run: runFingerprint, classifier: classifier.fingerprint, forced: differs };
  const llm = classifier.backend === 'openai';
  return { matched: mismatches.length === 0, maxAbsDiff, n: texts.length, tolerance, fingerprint, mismatches,
    ...(llm ? { drift: driftOf(changes) } : {}) };
}

/** The drift of re-asked LLM scores (pure): mean and largest change, how many beyond DRIFT_THRESHOLD, the largest 5. */
export function driftOf(changes: ReplayMismatch[]): ReplayDrift {
  const d = changes.map((c) => (Number.isNaN(c.diff) ? Infinity : c.diff));
  const sorted = [...changes].sort((a, b) => (Number.isNaN(b.diff) ? Infinity : b.diff) - (Number.isNaN(a.diff) ? Infinity : a.diff));
  return {
    mean: d.length === 0 ? 0 : d.reduce((a, b) => a + b, 0) / d.length,
    max: d.length === 0 ? 0 : Math.max(...d),
    beyond: d.filter((x) => x > DRIFT_THRESHOLD).length,
    threshold: DRIFT_THRESHOLD,
    largest: sorted.slice(0, 5).filter((c) => c.diff > DRIFT_THRESHOLD).map((c) => ({ text: c.text, stored: c.stored, replayed: c.replayed,
      change: c.replayed - c.stored })),
  };
}

/** One line for the CLI, e.g. "replay: 280 texts, max |difference| 3.1e-7 (tolerance 1e-5): the scores match". */
export function replaySummary(r: ReplayResult): string {
  if (r.drift) return driftSummary(r, r.drift);
  const verdict = r.matched ? 'the scores match' : `${r.mismatches.length} score${r.mismatches.length === 1 ? '' : 's'} differ`;
  const forced = r.fingerprint.forced ? ' (different model fingerprint, compared with --force)' : '';
  return `replay: ${r.n} texts, max |difference| ${r.maxAbsDiff.toExponential(1)} (tolerance ${r.tolerance}): ${verdict}${forced}`;
}

/**
 * An LLM replay's lines: the drift, never "the scores match", e.g. "replay (LLM re-asked): 280 texts, score change
 * mean 2.1e-7, max 3.0e-6; 4 texts moved more than 1e-6", then the largest changes.
 */
function driftSummary(r: ReplayResult, d: ReplayDrift): string {
  const forced = r.fingerprint.forced ? ' (different model fingerprint, compared with --force)' : '';
  const head = `replay (LLM re-asked; its answers need not repeat, so this measures drift): ${r.n} texts, score change mean ` +
    `${d.mean.toExponential(1)}, max ${d.max.toExponential(1)}; ${d.beyond} text${d.beyond === 1 ? '' : 's'} moved more than ` +
    `${d.threshold.toExponential(0)}${forced}`;
  const rows = d.largest.map((c) => `  ${c.change >= 0 ? '+' : ''}${c.change.toExponential(2)}  ${JSON.stringify(c.text.slice(0, 80))}`);
  return [head, ...rows].join('\n');
}
