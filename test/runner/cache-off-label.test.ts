/**
 * The score cache keeps an LLM's off-label mass with each score, so a text read back from the cache carries it; a
 * cache of the previous schema (no off_label column) opens, and its rows read with the mass unknown.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScoreCache } from '../../src/runner/cache.js';
import { scoreTexts } from '../../src/runner/score.js';
import type { Prediction } from '../../src/types.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

const KEY = { fingerprint: 'fake-0000', engine: 'none' };
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-cache-off-label-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A classifier that answers like an LLM: each text's off-label mass is its length / 100. */
class OffLabelClassifier extends FakeClassifier {
  override async predict(texts: string[]): Promise<Prediction[]> {
    const out = await super.predict(texts);
    return out.map((p, i) => ({ ...p, offLabel: texts[i].length / 100 }));
  }
}

describe('the off-label mass in the score cache', () => {
  it('is stored with each score and read back with it, so a cached rerun carries it', async () => {
    const cache = ScoreCache.open(dir);
    const texts = ['a short one', 'a somewhat longer text'];
    const first = await scoreTexts(texts, new OffLabelClassifier(), { cache });
    const again = new OffLabelClassifier();
    const second = await scoreTexts(texts, again, { cache });
    expect(again.calls).toBe(0);
    expect(second.cached).toBe(2);
    for (const text of texts) {
      expect(first.predictions.get(text)!.offLabel).toBe(text.length / 100);
      expect(second.predictions.get(text)!.offLabel).toBe(text.length / 100);
    }
    cache.close();
  });

  it('is absent for a classifier that has none, and refused outside [0, 1]', () => {
    const cache = ScoreCache.open(dir);
    cache.putMany(KEY, [{ text: 'plain', score: { probs: [0.5, 0.5], logits: [0, 0] } }]);
    expect(cache.getMany(KEY, ['plain']).get('plain')).toEqual({ probs: [0.5, 0.5], logits: [0, 0] });
    expect(() => cache.putMany(KEY, [{ text: 'bad', score: { probs: [0.5, 0.5], logits: [0, 0], offLabel: 1.5 } }]))
      .toThrow(/refusing to cache an invalid score \(the off-label mass is 1\.5, outside \[0, 1\]\)/);
    cache.close();
  });

  it('opens a cache of the previous schema: the column is added, old rows read with the mass unknown', () => {
    const file = join(dir, 'scores.sqlite');
    const db = new Database(file);
    db.exec(`CREATE TABLE engine_scores (fingerprint TEXT NOT NULL, engine TEXT NOT NULL, text TEXT NOT NULL, probs TEXT NOT NULL,
      logits TEXT NOT NULL, source TEXT, PRIMARY KEY (fingerprint, engine, text)) WITHOUT ROWID`);
    db.prepare('INSERT INTO engine_scores VALUES (?, ?, ?, ?, ?, ?)').run('fake-0000', 'none', 'old', '[0.5,0.5]', '[0,0]', 'local');
    db.close();
    const cache = new ScoreCache(file);
    cache.putMany(KEY, [{ text: 'new', score: { probs: [0.25, 0.75], logits: [0, 1.0986122886681098], offLabel: 0.2 } }]);
    const read = cache.getMany(KEY, ['old', 'new']);
    expect(read.get('old')).toEqual({ probs: [0.5, 0.5], logits: [0, 0] });
    expect(read.get('new')!.offLabel).toBe(0.2);
    cache.close();
    const check = new Database(file);
    const columns = check.prepare('PRAGMA table_info(engine_scores)').all() as { name: string }[];
    check.close();
    expect(columns.map((c) => c.name)).toContain('off_label');
  });
});
