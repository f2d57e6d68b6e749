import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScoreCache } from '../../src/runner/cache.js';
import { scoreTexts } from '../../src/runner/score.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

describe('scoreTexts', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-score-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('scores each distinct text once', async () => {
    const model = new FakeClassifier();
    const out = await scoreTexts(['a', 'b', 'a', 'c', 'b'], model);
    expect(model.seen.sort()).toEqual(['a', 'b', 'c']);
    expect(out.predictions.size).toBe(3);
    expect(out.scored).toBe(3);
  });

  it('scores nothing again on a second run with the cache', async () => {
    const texts = Array.from({ length: 50 }, (_, i) => `text number ${i}`);
    const cache = ScoreCache.open(dir);
    const first = new FakeClassifier();
    const a = await scoreTexts(texts, first, { cache, chunkSize: 7 });
    const second = new FakeClassifier();
    const b = await scoreTexts(texts, second, { cache });
    expect(second.calls).toBe(0);
    expect(b.cached).toBe(50);
    for (const t of texts) expect(b.predictions.get(t)!.score).toBeCloseTo(a.predictions.get(t)!.score, 12);
    cache.close();
  });

  it('keeps every finished chunk when the classifier fails midway, and resumes from there', async () => {
    const texts = Array.from({ length: 30 }, (_, i) => `sentence ${String(i).padStart(2, '0')}`);
    const cache = ScoreCache.open(dir);
    const flaky = new FakeClassifier();
    const original = flaky.predict.bind(flaky);
    flaky.predict = async (batch: string[]) => {
      if (flaky.calls >= 2) throw new Error('killed');
      return original(batch);
    };
    await expect(scoreTexts(texts, flaky, { cache, chunkSize: 10 })).rejects.toThrow('killed');
    expect(cache.count('fake-0000')).toBe(20);
    const resumed = new FakeClassifier();
    const out = await scoreTexts(texts, resumed, { cache, chunkSize: 10 });
    expect(out.cached).toBe(20);
    expect(resumed.seen).toHaveLength(10);
    cache.close();
  });

  it('reports progress as events, ending with the totals', async () => {
    const events: string[] = [];
    await scoreTexts(['x', 'y', 'z'], new FakeClassifier(), { chunkSize: 2, onProgress: (e) => events.push(e.status) });
    expect(events).toEqual(['start', 'progress', 'progress', 'done']);
  });
});
