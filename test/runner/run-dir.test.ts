/**
 * A run directory is complete or visibly not, and environment failures (a full disk, a bad --out, a cache that
 * cannot be written) are input errors or warnings, never internal errors or lost work.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES, PACKAGE_ROOT } from '../../src/config/paths.js';
import { exitCodeFor } from '../../src/cli/exit.js';
import { AuditError } from '../../src/errors.js';
import { ScoreCache } from '../../src/runner/cache.js';
import { checkOutDir, commitRunDir } from '../../src/runner/run-dir.js';
import { scoreTexts } from '../../src/runner/score.js';
import { writeFileAtomic } from '../../src/util/atomic.js';
import { audit, ensureBuilt } from '../helpers/cli.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-rundir-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(f: () => unknown): AuditError {
  try {
    f();
  } catch (e) {
    if (e instanceof AuditError) return e;
    throw e;
  }
  throw new Error('no error');
}

/** A previous run: result.json and report.html. */
function previousRun(): string {
  const run = join(dir, 'run');
  mkdirSync(run);
  writeFileSync(join(run, 'result.json'), '{"old":true}');
  writeFileSync(join(run, 'report.html'), 'old report');
  return run;
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('commitRunDir', () => {
  it('replaces a previous run directory as a whole: no old report is left beside the new result.json', async () => {
    const run = previousRun();
    await commitRunDir(run, (tmp) => writeFileSync(join(tmp, 'result.json'), '{"new":true}'));
    expect(readdirSync(run)).toEqual(['result.json']);
    expect(readFileSync(join(run, 'result.json'), 'utf8')).toBe('{"new":true}');
    expect(readdirSync(dir)).toEqual(['run']); // no temporary directory left
  });

  it('on a full disk leaves the previous run as it was, removes its temporary files, and is exit 2', async () => {
    const run = previousRun();
    let error: unknown;
    try {
      await commitRunDir(run, (tmp) => {
        writeFileSync(join(tmp, 'result.json'), '{"new":true}');
        throw enospc();
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).code).toBe('E_DISK_FULL');
    expect(exitCodeFor(error)).toBe(2);
    expect((error as AuditError).message).toBe(`${run}: could not write the run directory: no space left on the device (ENOSPC)`);
    expect(readFileSync(join(run, 'result.json'), 'utf8')).toBe('{"old":true}');
    expect(readFileSync(join(run, 'report.html'), 'utf8')).toBe('old report');
    expect(readdirSync(dir)).toEqual(['run']);
  });

  it('creates missing parents', async () => {
    await commitRunDir(join(dir, 'a', 'b'), (tmp) => writeFileSync(join(tmp, 'result.json'), '{}'));
    expect(existsSync(join(dir, 'a', 'b', 'result.json'))).toBe(true);
  });
});

describe('checkOutDir', () => {
  it('accepts a new directory, an empty one and a previous run directory', () => {
    expect(() => checkOutDir(join(dir, 'new', 'deeper'))).not.toThrow();
    mkdirSync(join(dir, 'empty'));
    expect(() => checkOutDir(join(dir, 'empty'))).not.toThrow();
    expect(() => checkOutDir(previousRun())).not.toThrow();
  });

  it('refuses /, a file, a path under a file and a non-empty directory that is not a run directory (exit 2)', () => {
    expect(errorOf(() => checkOutDir('/')).message).toBe('--out /: is the root of the file system; give a directory for this run');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(errorOf(() => checkOutDir(join(dir, 'notes.txt'))).message).toMatch(/notes\.txt: is a file, not a directory/);
    expect(errorOf(() => checkOutDir(join(dir, 'notes.txt', 'run'))).message).toMatch(/notes\.txt is a file, not a directory$/);
    const e = errorOf(() => checkOutDir(dir));
    expect(e.message).toMatch(/is a non-empty directory that is not a run directory \(no result\.json\)/);
    expect(exitCodeFor(e)).toBe(2);
  });
});

describe('writeFileAtomic', () => {
  it('removes its temporary file when the write fails, and names the path in an input error', () => {
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'x'), 'x'); // a non-empty directory cannot be replaced by a file
    const e = errorOf(() => writeFileAtomic(target, 'data'));
    expect(exitCodeFor(e)).toBe(2);
    expect(e.message).toMatch(new RegExp(`^${target}: could not write it: `));
    expect(readdirSync(dir)).toEqual(['taken']);
  });
});

describe('a score cache that cannot be written', () => {
  it('is given up with one warning, and every text is still scored', async () => {
    const cache = ScoreCache.open(join(dir, 'cache'));
    // A real SQLITE_FULL: the database may not grow past its current size.
    const db = (cache as unknown as { db: { pragma(s: string, o?: object): unknown } }).db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const warnings: string[] = [];
    const texts = Array.from({ length: 600 }, (_, i) => `sentence number ${i} ${'x'.repeat(200)}`);
    const classifier = new FakeClassifier();
    const out = await scoreTexts(texts, classifier, {
      cache, chunkSize: 100, onProgress: (e) => { if (e.status === 'warning') warnings.push(`${e.stage}/${e.step}: ${e.message}`); },
    });
    expect(out.predictions.size).toBe(600);
    expect(out.scored).toBe(600);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^score\/scoring: the score cache could not be written \(SQLITE_FULL: .*\); continuing without caching/);
    cache.close();
  });
});

describe('audit run with a bad --out', () => {
  beforeAll(() => ensureBuilt());
  const probe = join(PACKAGE_ROOT, 'test', 'fixtures', 'cli', 'mini.yaml');
  const run = (out: string) => audit(['run', '--probe', probe, '--model', join(HF_FIXTURES, 'tiny'), '--out', out, '--no-cache', '--resamples', '20', '--workers', '1', '--quiet']);

  it('exits 2 before loading the model for a file, / or a foreign non-empty directory', () => {
    writeFileSync(join(dir, 'file'), 'x');
    for (const out of [join(dir, 'file'), '/', dir]) {
      const r = run(out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^audit: error E_OUT_DIR: --out /);
    }
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('x');
  });

  it('writes a run, then replaces it whole when --out is reused', () => {
    const out = join(dir, 'run');
    expect(run(out).code).toBe(0);
    writeFileSync(join(out, 'stale.txt'), 'from before');
    expect(run(out).code).toBe(0);
    // The verdict of the default policy travels with the run (check.*); the stale file is gone.
    expect(readdirSync(out).sort()).toEqual(['check.json', 'check.junit.xml', 'check.md', 'check.sarif', 'report.html', 'result.json', 'scores.csv']);
    expect(readdirSync(dir)).toEqual(['run']);
  });
});
