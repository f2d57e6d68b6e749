import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** What the cache keeps for one text: enough to rebuild a Prediction for any target label. */
export interface CachedScore {
  probs: number[];
  logits: number[];
}

/**
 * Score cache in SQLite (WAL), keyed by model fingerprint and text. Each batch is written in one transaction, so a
 * process killed at any moment loses at most the batch in flight and never corrupts the file; a rerun resumes.
 */
export class ScoreCache {
  private readonly db: Database.Database;
  private readonly select: Database.Statement;
  private readonly insert: Database.Statement;

  constructor(readonly file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS scores (
      fingerprint TEXT NOT NULL, text TEXT NOT NULL, probs TEXT NOT NULL, logits TEXT NOT NULL,
      PRIMARY KEY (fingerprint, text)) WITHOUT ROWID`);
    this.select = this.db.prepare('SELECT probs, logits FROM scores WHERE fingerprint = ? AND text = ?');
    this.insert = this.db.prepare('INSERT OR REPLACE INTO scores (fingerprint, text, probs, logits) VALUES (?, ?, ?, ?)');
  }

  static open(dir: string): ScoreCache {
    mkdirSync(dir, { recursive: true });
    return new ScoreCache(join(dir, 'scores.sqlite'));
  }

  getMany(fingerprint: string, texts: string[]): Map<string, CachedScore> {
    const found = new Map<string, CachedScore>();
    const read = this.db.transaction(() => {
      for (const text of texts) {
        const row = this.select.get(fingerprint, text) as { probs: string; logits: string } | undefined;
        if (row) found.set(text, { probs: JSON.parse(row.probs), logits: JSON.parse(row.logits) });
      }
    });
    read();
    return found;
  }

  putMany(fingerprint: string, entries: { text: string; score: CachedScore }[]): void {
    const write = this.db.transaction(() => {
      for (const { text, score } of entries) this.insert.run(fingerprint, text, JSON.stringify(score.probs), JSON.stringify(score.logits));
    });
    write();
  }

  count(fingerprint?: string): number {
    const row = (fingerprint
      ? this.db.prepare('SELECT COUNT(*) AS n FROM scores WHERE fingerprint = ?').get(fingerprint)
      : this.db.prepare('SELECT COUNT(*) AS n FROM scores').get()) as { n: number };
    return row.n;
  }

  close(): void {
    this.db.close();
  }
}
