import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryHash, hashFiles, sha256, UNHASHED, verifyRecord, type DecisionEntry } from '../../src/evidence/index.js';
import { signEntry } from '../../src/evidence/decisions.js';

/** An audit directory with two entries, written by hand so that each check can be broken on its own. */
function record(edit: (entries: DecisionEntry[]) => void = () => {}, key = generateKeyPairSync('ed25519')) {
  const dir = mkdtempSync(join(tmpdir(), 'record-'));
  writeFileSync(join(dir, 'plan.lock.json'), '{"lock_version":1}\n');
  writeFileSync(join(dir, 'result.json'), '{"a":1}\n');
  const base = { reviewer: 'Ada <ada@example.org>', time_utc: '2026-12-07T12:00:00Z', rationale: 'ok', conditions: [] as string[], files: hashFiles(dir, UNHASHED) };
  const first = signEntry({ ...base, entry: 1, decision: 'reject', previous_sha256: sha256('{"lock_version":1}\n') }, key.privateKey);
  const second = signEntry({ ...base, entry: 2, decision: 'approve', previous_sha256: entryHash(first) }, key.privateKey);
  const entries = [first, second];
  edit(entries);
  writeFileSync(join(dir, 'decisions.jsonl'), `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
  return { dir, key };
}

describe('verifyRecord', () => {
  it('finds nothing wrong in an intact chain but the missing review (the only problem)', () => {
    const { dir, key } = record();
    expect(verifyRecord(dir, key.publicKey).problems).toEqual(['review.json: missing']);
  });

  it('names the entry after an edited one: the chain is broken there', () => {
    const { dir } = record((e) => { e[0] = { ...e[0], rationale: 'edited' }; });
    expect(verifyRecord(dir, null).problems[0]).toBe('decisions.jsonl entry 2: previous_sha256 is not the hash of entry 1 (the chain is broken)');
  });

  it('names an entry whose signature does not verify, and one signed by another key', () => {
    const { dir } = record((e) => { e[1] = { ...e[1], decision: 'reject' }; });
    const problems = verifyRecord(dir, null).problems;
    expect(problems).toEqual(['review.json: missing']); // integrity only: the last entry has nothing after it
    const { dir: same, key } = record((e) => { e[1] = { ...e[1], decision: 'reject' }; });
    expect(verifyRecord(same, key.publicKey).problems[0]).toBe('decisions.jsonl entry 2: the signature does not verify with the given public key');
    const other = generateKeyPairSync('ed25519');
    expect(verifyRecord(record().dir, other.publicKey).problems.slice(0, 2)).toEqual([
      'decisions.jsonl entry 1: the signature does not verify with the given public key',
      'decisions.jsonl entry 2: the signature does not verify with the given public key',
    ]);
  });

  it('names a file added after the decision', () => {
    const { dir } = record();
    writeFileSync(join(dir, 'late.txt'), 'x');
    expect(verifyRecord(dir, null).problems[0]).toBe('late.txt: not in entry 2 (added after the decision)');
  });
});
