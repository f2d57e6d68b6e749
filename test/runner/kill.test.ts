import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { ScoreCache } from '../../src/runner/cache.js';
import { scoreTexts } from '../../src/runner/score.js';
import { ensureBuilt } from '../helpers/cli.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

const SCRIPT = join(PACKAGE_ROOT, 'test', 'fixtures', 'runner', 'score-until-killed.mjs');
const TEXTS = 6000;
const CHUNK = 100;
const DELAY_MS = 5;
const texts = Array.from({ length: TEXTS }, (_, i) => `Sentence number ${i} about a film that was made somewhere.`);

interface Killed {
  /** Rows the child had reported stored when the kill was sent. */
  storedBeforeKill: number;
  signal: NodeJS.Signals | null;
  finished: boolean;
}

/** Runs the scoring script and SIGKILLs it `jitterMs` after it reports at least `afterRows` stored rows. */
function scoreAndKill(dir: string, afterRows: number, jitterMs: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', SCRIPT, dir, String(TEXTS), String(CHUNK), String(DELAY_MS)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let storedBeforeKill = -1;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const stored = [...out.matchAll(/^stored (\d+)$/gm)].map((m) => Number(m[1]));
      const last = stored.at(-1) ?? 0;
      if (storedBeforeKill < 0 && last >= afterRows) {
        storedBeforeKill = last;
        timer = setTimeout(() => child.kill('SIGKILL'), jitterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => { err += s; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (storedBeforeKill < 0) reject(new Error(`the script ended (code ${code}) before it was killed: ${err}`));
      else resolve({ storedBeforeKill, signal, finished: out.includes('finished') });
    });
  });
}

describe('a score run killed with SIGKILL', () => {
  let dir: string;
  beforeAll(() => ensureBuilt());
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-kill-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Three moments: early, midway and late; the jitter moves the kill off the print, into the next wait or write.
  it.each([
    [2 * CHUNK, 1 + Math.floor(Math.random() * 4)],
    [20 * CHUNK, 2 + Math.floor(Math.random() * 8)],
    [45 * CHUNK, Math.floor(Math.random() * 12)],
  ])('leaves a sound cache when killed after %i rows (+%i ms), and a rerun scores only what is missing', async (afterRows, jitterMs) => {
    const killed = await scoreAndKill(dir, afterRows, jitterMs);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.finished).toBe(false);

    // The file opens and SQLite finds nothing wrong with it.
    const db = new Database(join(dir, 'scores.sqlite'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT text, probs, logits FROM engine_scores WHERE fingerprint = ?').all('fake-0000') as { text: string; probs: string; logits: string }[];
    db.close();

    // Chunks are written whole or not at all: every row is complete, and the rows are a whole number of chunks.
    expect(rows.length).toBeGreaterThanOrEqual(killed.storedBeforeKill);
    expect(rows.length).toBeLessThan(TEXTS);
    expect(rows.length % CHUNK).toBe(0);
    const expected = new FakeClassifier();
    const reference = await expected.predict(rows.map((r) => r.text));
    rows.forEach((row, i) => {
      const probs = JSON.parse(row.probs) as number[];
      const logits = JSON.parse(row.logits) as number[];
      expect(probs).toHaveLength(2);
      expect(logits).toHaveLength(2);
      expect(probs[1]).toBeCloseTo(reference[i].probs[1], 12);
    });

    // A rerun scores the missing texts only, and ends with all of them.
    const cache = ScoreCache.open(dir);
    const model = new FakeClassifier();
    const outcome = await scoreTexts(texts, model, { cache, chunkSize: CHUNK });
    const stored = new Set(rows.map((r) => r.text));
    expect(outcome.cached).toBe(rows.length);
    expect(outcome.scored).toBe(TEXTS - rows.length);
    expect(model.seen.sort()).toEqual(texts.filter((t) => !stored.has(t)).sort());
    expect(cache.count('fake-0000')).toBe(TEXTS);
    expect(outcome.predictions.size).toBe(TEXTS);
    cache.close();
  });
});
