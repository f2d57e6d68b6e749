import { binaryMetrics, rocAuc } from '../../src/eval/metrics.js';

describe('binary metrics', () => {
  // Expected values counted by hand (layout and definitions as scikit-learn's).
  const y = [0, 0, 1, 1, 1, 0, 1, 0, 1, 1];
  const s = [0.1, 0.4, 0.35, 0.8, 0.7, 0.6, 0.9, 0.2, 0.55, 0.3];
  const pred = s.map((v) => (v >= 0.5 ? 1 : 0));

  it('computes accuracy, F1 and the confusion matrix in sklearn layout', () => {
    const m = binaryMetrics(y, pred, s);
    expect(m.confusion).toEqual([[3, 1], [2, 4]]);
    expect(m.accuracy).toBeCloseTo(0.7, 12);
    expect(m.f1).toBeCloseTo(8 / 11, 12);
  });

  it('computes ROC AUC as the share of positive-negative pairs ranked correctly', () => {
    // 6 positives x 4 negatives = 24 pairs; the positive scores higher in 2+4+4+4+3+2 = 19.
    expect(rocAuc(y, s)).toBeCloseTo(19 / 24, 12);
  });

  it('counts tied scores as half a correct ranking', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
  });
});
