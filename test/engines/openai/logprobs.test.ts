import { labelScores, readChatLogprobs } from '../../../src/engines/openai/index.js';

const LABELS = [{ name: 'NEGATIVE', verbalizers: ['negative'] }, { name: 'POSITIVE', verbalizers: ['positive'] }];
const lp = (token: string, p: number) => ({ token, logprob: Math.log(p) });

describe('label probabilities from the first answer token', () => {
  it('sums the spellings of a verbalizer, normalises over the labels and keeps the off-label mass', () => {
    const s = labelScores([lp(' positive', 0.4), lp('Positive', 0.1), lp(' negative', 0.25), lp(' maybe', 0.2)], LABELS)!;
    expect(s.probs[0]).toBeCloseTo(0.25 / 0.75, 15);
    expect(s.probs[1]).toBeCloseTo(0.5 / 0.75, 15);
    expect(s.offLabel).toBeCloseTo(0.25, 15);
    expect(s.missing).toEqual([]);
  });

  it('names a label outside the top k (its mass taken as 0) and gives null when no label is there', () => {
    const s = labelScores([lp(' positive', 0.6), lp(' maybe', 0.3)], LABELS)!;
    expect(s.probs).toEqual([0, 1]);
    expect(s.missing).toEqual(['NEGATIVE']);
    expect(labelScores([lp(' maybe', 0.9)], LABELS)).toBeNull();
  });

  it('reads top_logprobs, model and system fingerprint from a Chat Completions body; null without logprobs', () => {
    const body = { model: 'm', system_fingerprint: 'fp', choices: [{ logprobs: { content: [{ token: 'a', logprob: -0.1, top_logprobs: [{ token: 'a', logprob: -0.1 }] }] } }] };
    expect(readChatLogprobs(body)).toEqual({ top: [{ token: 'a', logprob: -0.1 }], model: 'm', systemFingerprint: 'fp' });
    expect(readChatLogprobs({ choices: [{ logprobs: null }] }).top).toBeNull();
    expect(readChatLogprobs({ choices: [{ logprobs: { content: [{ token: 'a', logprob: -1 }] } }] }).top).toBeNull();
    expect(() => readChatLogprobs({ choices: [] })).toThrow(/choices/);
    expect(() => readChatLogprobs({ choices: [{ logprobs: { content: [{ top_logprobs: [{ token: 'a', logprob: 2 }] }] } }] })).toThrow(/logprob/);
  });
});
