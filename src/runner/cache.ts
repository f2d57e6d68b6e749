import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

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

/**
 * Score cache in SQLite (WAL), keyed by model fingerprint, engine and text. Each batch is written in one
 * transaction, so a process killed at any moment loses at most the batch in flight and never corrupts the file;
 * a rerun resumes. The table of earlier versions (keyed without the engine, so of unknown engine) is dropped.
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
    this.select = this.db.prepare('SELECT probs, logits FROM engine_scores WHERE fingerprint = ? AND engine = ? AND text = ?');
    this.insert = this.db.prepare('INSERT OR REPLACE INTO engine_scores (fingerprint, engine, text, probs, logits) VALUES (?, ?, ?, ?, ?)');
  }

  static open(dir: string): ScoreCache {
    mkdirSync(dir, { recursive: true });
    return new ScoreCache(join(dir, 'scores.sqlite'));
  }

  getMany(key: CacheKey, texts: string[]): Map<string, CachedScore> {
    const found = new Map<string, CachedScore>();
    const read = this.db.transaction(() => {
      for (const text of texts) {
        const row = this.select.get(key.fingerprint, key.engine, text) as { probs: string; logits: string } | undefined;
        if (row) found.set(text, { probs: JSON.parse(row.probs), logits: JSON.parse(row.logits) });
      }
    });
    read();
    return found;
  }

  putMany(key: CacheKey, entries: { text: string; score: CachedScore }[]): void {
    const write = this.db.transaction(() => {
      for (const { text, score } of entries) {
        this.insert.run(key.fingerprint, key.engine, text, JSON.stringify(score.probs), JSON.stringify(score.logits));
      }
    });
    write();
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

/** Whose scores: the model (fingerprint) and the engine that ran it (see engineOf). */
export interface CacheKey {
  fingerprint: string;
  engine: string;
}
