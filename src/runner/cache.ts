import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { scoreProblem } from './score-check.js';

import type { CachedScore } from '../types.js';

/** What the cache keeps for one text (probs and logits): enough to rebuild a Prediction for any target label. */
export type { CachedScore };

/**
 * The engine part of a cache key, read off the classifier's backend label ("tfjs-wasm", "tfjs-node x2 workers",
 * "onnxruntime-cpu", "http"): engines agree on logits to about 1e-4, not exactly, so their scores stay apart.
 */
export function engineOf(backend: string): string {
  if (backend.startsWith('tfjs')) return 'tfjs';
  if (backend.startsWith('onnx')) return 'onnx'; // onnxruntime-cpu, or "onnx on queue workers (...)"
  return backend;
}

/** Where a cached score came from: this machine, or the queue worker that computed it ("worker HOST:PID"). */
export const LOCAL_SOURCE = 'local';

/**
 * Score cache in SQLite (WAL), keyed by model fingerprint, engine and text. Each batch is written in one
 * transaction, so a process killed at any moment loses at most the batch in flight and never corrupts the file;
 * a rerun resumes. The table of earlier versions (keyed without the engine, so of unknown engine) is dropped.
 *
 * Each row records its source (LOCAL_SOURCE or the worker) and, for LLM classifiers, the off-label mass (the share of
 * the answer that was none of the labels), so a text read back from the cache carries it. Caches written before
 * either column existed are migrated in place (ALTER TABLE ADD COLUMN: their rows keep NULL, "not recorded": source
 * unknown, off-label mass unknown). Nothing invalid is ever written
 * (putMany throws), and a row that is invalid anyway (written by an older version, which cached any numbers a
 * worker sent) reads as a miss, so it is scored again and replaced rather than breaking every later run.
 */
export class ScoreCache {
  private readonly db: Database.Database;
  private readonly select: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`DROP TABLE IF EXISTS scores;
      CREATE TABLE IF NOT EXISTS engine_scores (
      fingerprint TEXT NOT NULL, engine TEXT NOT NULL, text TEXT NOT NULL, probs TEXT NOT NULL, logits TEXT NOT NULL,
      PRIMARY KEY (fingerprint, engine, text)) WITHOUT ROWID`);
    const columns = this.db.prepare('PRAGMA table_info(engine_scores)').all() as { name: string }[];
    if (!columns.some((c) => c.name === 'source')) this.db.exec('ALTER TABLE engine_scores ADD COLUMN source TEXT');
    if (!columns.some((c) => c.name === 'off_label')) this.db.exec('ALTER TABLE engine_scores ADD COLUMN off_label REAL');
    this.select = this.db.prepare('SELECT probs, logits, off_label FROM engine_scores WHERE fingerprint = ? AND engine = ? AND text = ?');
    this.insert = this.db.prepare(
      'INSERT OR REPLACE INTO engine_scores (fingerprint, engine, text, probs, logits, source, off_label) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  static open(dir: string): ScoreCache {
    mkdirSync(dir, { recursive: true });
    return new ScoreCache(join(dir, 'scores.sqlite'));
  }

  /** The cached scores of `texts` with `width` labels; invalid rows are left out (misses). */
  getMany(key: CacheKey, texts: string[], width?: number): Map<string, CachedScore> {
    const found = new Map<string, CachedScore>();
    const read = this.db.transaction(() => {
      for (const text of texts) {
        const row = this.select.get(key.fingerprint, key.engine, text) as Row | undefined;
        if (!row) continue;
        const score = parseRow(row);
        if (score && scoreProblem(score, width ?? score.probs.length) === null) found.set(text, score);
      }
    });
    read();
    return found;
  }

  /** Stores valid scores only: an invalid one is a bug upstream (every engine checks its numbers first), so it throws. */
  putMany(key: CacheKey, entries: { text: string; score: CachedScore }[], source: string = LOCAL_SOURCE): void {
    for (const { score } of entries) {
      const problem = scoreProblem(score, score.probs?.length ?? 0);
      if (problem) throw new Error(`refusing to cache an invalid score (${problem})`);
    }
    const write = this.db.transaction(() => {
      for (const { text, score } of entries) {
        this.insert.run(key.fingerprint, key.engine, text, JSON.stringify(score.probs), JSON.stringify(score.logits), source,
          score.offLabel ?? null);
      }
    });
    write();
  }

  /** Where each stored score of `fingerprint` came from, with counts (null: recorded before sources were kept). */
  sources(fingerprint: string): Map<string | null, number> {
    const rows = this.db.prepare('SELECT source, COUNT(*) AS n FROM engine_scores WHERE fingerprint = ? GROUP BY source')
      .all(fingerprint) as { source: string | null; n: number }[];
    return new Map(rows.map((r) => [r.source, r.n]));
  }

  /** Rows stored, for one fingerprint (every engine) or in all. */
  count(fingerprint?: string): number {
    const row = (fingerprint
      ? this.db.prepare('SELECT COUNT(*) AS n FROM engine_scores WHERE fingerprint = ?').get(fingerprint)
      : this.db.prepare('SELECT COUNT(*) AS n FROM engine_scores').get()) as { n: number };
    return row.n;
  }

  close(): void {
    this.db.close();
  }
}

type Row = { probs: string; logits: string; off_label: number | null };

function parseRow(row: Row): CachedScore | null {
  try {
    const score: CachedScore = { probs: JSON.parse(row.probs), logits: JSON.parse(row.logits) };
    return row.off_label === null ? score : { ...score, offLabel: row.off_label };
  } catch {
    return null;
  }
}

/** Whose scores: the model (fingerprint) and the engine that ran it (see engineOf). */
export interface CacheKey {
  fingerprint: string;
  engine: string;
}
