import type { Classifier, Prediction } from '../../src/types.js';

/**
 * A deterministic classifier for tests that do not need the network: the score is a function of the text
 * given by the test (default: a hash-like value in (0, 1)).
 */
export class FakeClassifier implements Classifier {
  readonly labels = ['NEGATIVE', 'POSITIVE'];
  readonly target = 'POSITIVE';
  readonly fingerprint = 'fake-0000';
  readonly name = 'fake';
  readonly backend: string = 'none';
  calls = 0;
  seen: string[] = [];

  constructor(private readonly scoreOf: (text: string) => number = defaultScore) {}

  async predict(texts: string[]): Promise<Prediction[]> {
    this.calls += 1;
    this.seen.push(...texts);
    return texts.map((text) => {
      const p = this.scoreOf(text);
      const logits = [0, Math.log(p / (1 - p))];
      return { label: p >= 0.5 ? 'POSITIVE' : 'NEGATIVE', score: p, probs: [1 - p, p], logits, inputIds: [] };
    });
  }

  dispose(): void {}
}

function defaultScore(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return 0.05 + 0.9 * ((h % 10007) / 10007);
}
