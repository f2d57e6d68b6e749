import { loadSst2Dev } from '../datasets/index.js';
import type { Classifier } from '../types.js';
import { binaryMetrics, type EvalMetrics } from './metrics.js';

export interface EvalResult extends EvalMetrics {
  model: string;
  dataset: 'sst2-dev';
  seconds: number;
  sentences_per_s: number;
}

/**
 * Accuracy, F1, ROC AUC and the confusion matrix on the 872 SST-2 dev sentences (GLUE label 1 = positive). The
 * classifier must have a POSITIVE label; its P(POSITIVE) is the score for AUC.
 */
export async function evalSst2Dev(classifier: Classifier, datasetsDir: string): Promise<EvalResult> {
  const rows = await loadSst2Dev(datasetsDir);
  const pos = classifier.labels.indexOf('POSITIVE');
  const t0 = performance.now();
  const preds = await classifier.predict(rows.map((r) => r.sentence));
  const seconds = (performance.now() - t0) / 1000;
  const scores = preds.map((p) => p.probs[pos]);
  const m = binaryMetrics(rows.map((r) => r.label), preds.map((p) => (p.label === 'POSITIVE' ? 1 : 0)), scores);
  return { model: classifier.name, dataset: 'sst2-dev', ...m, seconds, sentences_per_s: rows.length / seconds };
}
