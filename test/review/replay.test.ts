import { AuditError } from '../../src/errors.js';
import { replayRun, replaySummary } from '../../src/review/replay.js';
import type { ProgressEvent } from '../../src/types.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';
import { makeRun, writeRun } from './helpers/synthetic.js';

/** A run whose stored scores are the fake classifier's own (fingerprint fake-0000). */
async function storedRun() {
  const run = makeRun({ model: { fingerprint: 'fake-0000', name: 'fake' } });
  const scores = await new FakeClassifier().predict(run.records.map((r) => r.text));
  run.records.forEach((r, i) => {
    r.score = scores[i].score;
  });
  return run;
}

describe('replayRun', () => {
  it('re-scores every distinct text and reports a match when scores agree', async () => {
    const run = await storedRun();
    run.records.push({ ...run.records[0] }); // a repeated sentence is scored once
    run.counts.sentences += 1;
    const dir = writeRun(run);
    const classifier = new FakeClassifier();
    const events: ProgressEvent['status'][] = [];
    const result = await replayRun(dir, classifier, { batchSize: 10, onProgress: (e) => events.push(e.status) });
    expect(result).toMatchObject({ matched: true, maxAbsDiff: 0, n: 24, mismatches: [], fingerprint: { run: 'fake-0000', classifier: 'fake-0000', forced: false } });
    expect(classifier.calls).toBe(3);
    expect(events).toEqual(['start', 'progress', 'progress', 'progress', 'done']);
    expect(replaySummary(result)).toBe('replay: 24 texts, max |difference| 0.0e+0 (tolerance 0.00001): the scores match');
  });

  it('accepts differences within 1e-5 and lists larger ones, largest first', async () => {
    const run = await storedRun();
    run.records[0].score += 4e-6;
    run.records[1].score += 2e-5;
    run.records[2].score -= 0.3;
    const result = await replayRun(writeRun(run), new FakeClassifier());
    expect(result.matched).toBe(false);
    expect(result.mismatches.map((m) => m.text)).toEqual([run.records[2].text, run.records[1].text]);
    expect(result.mismatches[0].diff).toBeCloseTo(0.3, 12);
    expect(result.maxAbsDiff).toBeCloseTo(0.3, 12);
    expect(replaySummary(result)).toMatch(/: 2 scores differ$/);
  });

  it('refuses a classifier with another fingerprint unless forced', async () => {
    const run = await storedRun();
    run.model.fingerprint = 'sha256:other';
    const dir = writeRun(run);
    await expect(replayRun(dir, new FakeClassifier())).rejects.toThrow(AuditError);
    await expect(replayRun(dir, new FakeClassifier())).rejects.toMatchObject({ code: 'E_REPLAY_FINGERPRINT', kind: 'input' });
    const forced = await replayRun(dir, new FakeClassifier(), { force: true });
    expect(forced).toMatchObject({ matched: true, fingerprint: { forced: true } });
  });

  it('refuses a classifier that scores another label', async () => {
    const run = await storedRun();
    run.target = 'NEGATIVE';
    await expect(replayRun(writeRun(run), new FakeClassifier())).rejects.toMatchObject({ code: 'E_REPLAY_TARGET' });
  });
});
