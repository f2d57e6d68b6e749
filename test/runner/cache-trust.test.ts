/**
 * Nothing invalid reaches the score cache from any engine, rows an older version cached anyway read as misses,
 * caches of the previous schema open and gain the source column, and each row says where its score came from.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAuditError } from '../../src/errors.js';
import { LOCAL_SOURCE, ScoreCache } from '../../src/runner/cache.js';
import { headProblem, scoreProblem } from '../../src/runner/score-check.js';
import { scoreTexts } from '../../src/runner/score.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

const KEY = { fingerprint: 'fake-0000', engine: 'none' };
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-cache-trust-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A classifier whose weights went NaN: every logit and probability is NaN. */
class NanClassifier extends FakeClassifier {
  override async predict(texts: string[]) {
    return texts.map(() => ({ label: 'NEGATIVE', score: NaN, probs: [NaN, NaN], logits: [NaN, NaN], inputIds: [] }));
  }
}

describe('what the cache accepts', () => {
  it('refuses to store a non-finite or out-of-range score, and stores a valid one with its source', () => {
    const cache = ScoreCache.open(dir);
    expect(() => cache.putMany(KEY, [{ text: 'a', score: { probs: [NaN, NaN], logits: [NaN, NaN] } }])).toThrow(/refusing to cache an invalid score \(a logit is NaN/);
    expect(() => cache.putMany(KEY, [{ text: 'a', score: { probs: [-41, 42], logits: [0, 1] } }])).toThrow(/a probability is -41, outside \[0, 1\]/);
    cache.putMany(KEY, [{ text: 'a', score: { probs: [0.4, 0.6], logits: [0, 0.405] } }], 'worker host:12');
    expect(cache.count()).toBe(1);
    expect([...cache.sources('fake-0000')]).toEqual([['worker host:12', 1]]);
    cache.close();
  });

  it('ends a local run whose model gives NaN with exit 2 naming the model, and caches nothing', async () => {
    const cache = ScoreCache.open(dir);
    const e = await scoreTexts(['one', 'two'], new NanClassifier(), { cache }).then(() => null, (x: unknown) => x);
    expect(isAuditError(e) && [e.code, e.kind]).toEqual(['E_MODEL_SCORES', 'input']);
    expect((e as Error).message).toMatch(/^model fake \(none\): unusable scores for text "(one|two)" \(a logit is NaN, not a finite number\)/);
    expect(cache.count()).toBe(0);
    cache.close();
  });

  it('reads a row an older version cached with invalid numbers as a miss: the text is scored again and replaced', async () => {
    const file = join(dir, 'scores.sqlite');
    new ScoreCache(file).close();
    const db = new Database(file);
    db.prepare('INSERT INTO engine_scores (fingerprint, engine, text, probs, logits) VALUES (?, ?, ?, ?, ?)').run('fake-0000', 'none', 'poisoned', '[-41,42]', '[0,1]');
    db.prepare('INSERT INTO engine_scores (fingerprint, engine, text, probs, logits) VALUES (?, ?, ?, ?, ?)').run('fake-0000', 'none', 'nulls', '[null,null]', '[null,null]');
    db.close();
    const cache = new ScoreCache(file);
    const model = new FakeClassifier(() => 0.25);
    const out = await scoreTexts(['poisoned', 'nulls'], model, { cache });
    expect([out.cached, out.scored]).toEqual([0, 2]);
    expect([...out.predictions.values()].map((p) => p.score)).toEqual([0.25, 0.25]);
    expect(cache.getMany(KEY, ['poisoned']).get('poisoned')!.probs).toEqual([0.75, 0.25]);
    expect([...cache.sources('fake-0000')]).toEqual([[LOCAL_SOURCE, 2]]);
    cache.close();
  });

  it('opens a cache of the previous schema (no source column): its rows stay, with the source not recorded', () => {
    const file = join(dir, 'scores.sqlite');
    const db = new Database(file);
    db.exec(`CREATE TABLE engine_scores (fingerprint TEXT NOT NULL, engine TEXT NOT NULL, text TEXT NOT NULL, probs TEXT NOT NULL,
      logits TEXT NOT NULL, PRIMARY KEY (fingerprint, engine, text)) WITHOUT ROWID`);
    db.prepare('INSERT INTO engine_scores VALUES (?, ?, ?, ?, ?)').run('fake-0000', 'none', 'old', '[0.5,0.5]', '[0,0]');
    db.close();
    const cache = new ScoreCache(file);
    expect(cache.getMany(KEY, ['old']).get('old')).toEqual({ probs: [0.5, 0.5], logits: [0, 0] });
    cache.putMany(KEY, [{ text: 'new', score: { probs: [0.5, 0.5], logits: [1, 1] } }]);
    expect(new Map(cache.sources('fake-0000'))).toEqual(new Map([[null, 1], [LOCAL_SOURCE, 1]]));
    cache.close();
  });
});

describe('the checks on a score', () => {
  it('take finite logits and probabilities in [0, 1], one per label', () => {
    expect(scoreProblem({ probs: [0.3, 0.7], logits: [0, 0.85] }, 2)).toBeNull();
    expect(scoreProblem({ probs: [0.3, 0.7], logits: [0, Infinity] }, 2)).toBe('a logit is Infinity, not a finite number');
    expect(scoreProblem({ probs: [0.3, 0.7, 0], logits: [0, 1, 2] }, 2)).toBe('3 probabilities and 3 logits for 2 labels');
    expect(scoreProblem({ probs: [1.5, 0.7], logits: [0, 1] }, 2)).toBe('a probability is 1.5, outside [0, 1]');
  });

  it('hold the probabilities to the softmax, or the sigmoids, of the logits within 1e-5', () => {
    const logits = [-2.2975599, 2.2975599];
    expect(headProblem({ probs: [0.01, 0.99], logits }, 2, false)).toBeNull();
    expect(headProblem({ probs: [0.01, 0.99], logits: [0, 0] }, 2, false)).toMatch(/^probability 0\.01 of label 0 is not the softmax of the logits \(0\.5\)$/);
    expect(headProblem({ probs: [0.01, 0.99002], logits }, 2, false)).toMatch(/label 1 is not the softmax/);
    expect(headProblem({ probs: [0.5, 0.880797], logits: [0, 2] }, 2, true)).toBeNull();
    expect(headProblem({ probs: [0.5, 0.880797], logits: [0, 2] }, 2, false)).toMatch(/not the softmax/);
  });
});
