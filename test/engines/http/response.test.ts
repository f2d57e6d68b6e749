import { readScores, ResponseShapeError } from '../../../src/engines/http/response.js';

function problemOf(body: unknown, texts: string[], known: string[] | null = ['NEGATIVE', 'POSITIVE']): ResponseShapeError {
  try {
    readScores(body, texts, known);
  } catch (e) {
    if (e instanceof ResponseShapeError) return e;
    throw e;
  }
  throw new Error('readScores accepted the body');
}

const pair = (neg: number, pos: number) => [{ label: 'POSITIVE', score: pos }, { label: 'NEGATIVE', score: neg }];

describe('readScores', () => {
  it('takes the labels of a first list-form answer sorted by name, not by score', () => {
    const out = readScores([pair(0.2, 0.8), pair(0.9, 0.1)], ['a', 'b'], null);
    expect(out.labels).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(out.probs).toEqual([[0.2, 0.8], [0.9, 0.1]]);
    expect(out.maxDeviation).toBe(0);
  });

  it("keeps the server's order in the labels form, and maps later answers onto known labels by name", () => {
    const first = readScores({ labels: ['pos', 'neu', 'neg'], scores: [[0.5, 0.3, 0.2]] }, ['a'], null);
    expect(first.labels).toEqual(['pos', 'neu', 'neg']);
    const later = readScores({ labels: ['neg', 'neu', 'pos'], scores: [[0.2, 0.3, 0.5]] }, ['a'], first.labels);
    expect(later.probs).toEqual([[0.5, 0.3, 0.2]]);
  });

  it('accepts a flat list for one text, and a flat scores list in the labels form for one text', () => {
    expect(readScores(pair(0.25, 0.75), ['a'], null).probs).toEqual([[0.25, 0.75]]);
    expect(readScores({ labels: ['NEGATIVE', 'POSITIVE'], scores: [0.25, 0.75] }, ['a'], null).probs).toEqual([[0.25, 0.75]]);
  });

  it('rescales sums within 1% to exactly 1 and reports the deviation', () => {
    const out = readScores([pair(0.3, 0.705)], ['a'], null);
    expect(out.probs[0][0] + out.probs[0][1]).toBeCloseTo(1, 15);
    expect(out.probs[0][1]).toBeCloseTo(0.705 / 1.005, 15);
    expect(out.maxDeviation).toBeCloseTo(0.005, 12);
  });

  it('rejects scores that are not one distribution (a sigmoid head)', () => {
    const e = problemOf([pair(0.4, 0.9)], ['It was fine.']);
    expect(e.message).toBe('1 of 1 results are not usable');
    expect(e.problems[0]).toMatch(/^text 0 "It was fine\.": scores sum to 1\.3, not 1/);
  });

  it('names the wrong count', () => {
    expect(problemOf([pair(0.5, 0.5)], ['a', 'b']).message).toBe('expected 2 results (one per text), got 1');
    expect(problemOf([], ['a']).message).toBe('expected 1 result (one per text), got 0');
  });

  it('names unknown, missing and repeated labels per text', () => {
    const e = problemOf(
      [
        [{ label: 'NEUTRAL', score: 1 }],
        [{ label: 'POSITIVE', score: 1 }],
        [{ label: 'POSITIVE', score: 0.5 }, { label: 'POSITIVE', score: 0.5 }],
        pair(0.5, 0.5),
      ],
      ['a', 'b', 'c', 'd'],
    );
    expect(e.message).toBe('3 of 4 results are not usable');
    expect(e.problems).toEqual([
      'text 0 "a": unknown label "NEUTRAL" (labels: NEGATIVE, POSITIVE)',
      'text 1 "b": missing label "NEGATIVE"',
      'text 2 "c": label "POSITIVE" appears twice',
    ]);
  });

  it('points at non-numeric and null scores by path', () => {
    const e = problemOf([pair(0.5, 0.5), [{ label: 'POSITIVE', score: null }, { label: 'NEGATIVE', score: '0.5' }]], ['a', 'b']);
    expect(e.problems).toEqual(['[1][0].score: score is null (NaN or Infinity on the server?)', '[1][1].score: expected a number']);
  });

  it('rejects negative scores and scores above 1', () => {
    expect(problemOf([pair(-0.2, 1.2)], ['a']).problems).toEqual(['text 0 "a": score 1.2 for POSITIVE is not a probability']);
  });

  it('explains a top-1-only answer and a first answer with a single label', () => {
    expect(problemOf([{ label: 'POSITIVE', score: 0.9 }, { label: 'NEGATIVE', score: 0.8 }], ['a', 'b']).message).toMatch(/only each text's top label.*"top_k": null/);
    expect(problemOf([{ label: 'POSITIVE', score: 0.9 }], ['a'], null).message).toMatch(/^only one label \("POSITIVE"\) in the response/);
  });

  it("quotes the server's own error and describes other bodies", () => {
    expect(problemOf({ error: 'Model is overloaded' }, ['a']).message).toBe('the server answered with an error: "Model is overloaded"');
    expect(problemOf({ result: 1 }, ['a']).message).toBe('expected [[{label, score}, ...], ...] or {labels, scores}, got an object with keys ["result"]');
    expect(problemOf('ok', ['a']).message).toBe('expected [[{label, score}, ...], ...] or {labels, scores}, got a string');
    expect(problemOf({ labels: ['NEGATIVE', 'POSITIVE'], scores: [[0.5]] }, ['a']).message).toBe('scores[0] has 1 values for 2 labels');
  });
});
