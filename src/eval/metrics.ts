/** Binary classification metrics for `audit eval`. Labels are 0/1; `scores` are P(label 1). */

export interface Confusion {
  /** Rows: true label 0/1; columns: predicted 0/1 (sklearn's confusion_matrix layout). */
  matrix: [[number, number], [number, number]];
}

export interface EvalMetrics {
  n: number;
  accuracy: number;
  f1: number;
  auc: number;
  confusion: [[number, number], [number, number]];
}

/** ROC AUC as the Mann-Whitney probability that a positive outranks a negative (ties count one half). */
export function rocAuc(labels: number[], scores: number[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]] = avg;
    i = j + 1;
  }
  let nPos = 0;
  let rankSum = 0;
  labels.forEach((y, i) => { if (y === 1) { nPos++; rankSum += ranks[i]; } });
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function binaryMetrics(labels: number[], predicted: number[], scores: number[]): EvalMetrics {
  const m: [[number, number], [number, number]] = [[0, 0], [0, 0]];
  labels.forEach((y, i) => { m[y][predicted[i]] += 1; });
  const [[tn, fp], [fn, tp]] = m;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    n: labels.length,
    accuracy: (tp + tn) / labels.length,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    auc: rocAuc(labels, scores),
    confusion: m,
  };
}
