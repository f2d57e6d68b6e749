/**
 * Result files of schema 2.1 (written before `kind` existed) still render, check and diff: readResult fills in the
 * kind. The fixtures are real run directories written by the 2.1 tool (a gender probe on the demo model, and a data
 * run on 60 labelled reviews), committed unchanged under test/fixtures/result-2.1/.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { loadDataRecords, readResult } from '../../src/result/index.js';
import { renderReport } from '../../src/report/index.js';
import { checkRunDir, diffRuns } from '../../src/review/index.js';
import { audit, ensureBuilt } from '../helpers/cli.js';

const FIXTURES = join(PACKAGE_ROOT, 'test', 'fixtures', 'result-2.1');
const NOW = new Date('2026-01-01T00:00:00Z');

/** A writable copy: check writes its files into the run directory. */
function copyOf(kind: 'probe' | 'data'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'audit-2x-')), kind);
  cpSync(join(FIXTURES, kind), dir, { recursive: true });
  return dir;
}

describe('a schema 2.1 run directory', () => {
  it('is committed as 2.1 and without kind (the fixture itself)', () => {
    for (const kind of ['probe', 'data']) {
      const json = JSON.parse(readFileSync(join(FIXTURES, kind, 'result.json'), 'utf8'));
      expect(json.schema_version).toBe('2.1');
      expect(json.kind).toBeUndefined();
    }
  });

  it('reads as a probe result and a data result, kind filled in', () => {
    const probe = readResult(join(FIXTURES, 'probe'));
    expect(probe.kind).toBe('probe');
    expect(probe.kind === 'probe' && probe.probe.id).toBe('gender');
    const data = readResult(join(FIXTURES, 'data'));
    expect(data.kind).toBe('data');
    expect(data.kind === 'data' && data.data.file_name).toBe('reviews.csv');
  });

  it('renders its report', () => {
    expect(renderReport(readResult(join(FIXTURES, 'probe')), { now: NOW })).toContain('Bias audit: Gender');
    expect(renderReport(readResult(join(FIXTURES, 'data')), { now: NOW })).toContain('Bias audit: data reviews.csv');
  });

  it('checks against the default policy, and a data run against itself as the baseline', async () => {
    const probe = await checkRunDir(copyOf('probe'));
    expect(probe.outcome.rules.length).toBeGreaterThan(0);
    const dir = copyOf('data');
    const data = await checkRunDir(dir, { baseline: dir });
    expect(data.outcome.rules.length).toBeGreaterThan(0);
  });

  it('diffs against itself: no change', async () => {
    const probe = readResult(join(FIXTURES, 'probe'));
    expect(diffRuns(probe, probe).conclusions.changed).toBe(0);
    const dataDir = join(FIXTURES, 'data');
    const data = readResult(dataDir);
    if (data.kind !== 'data') throw new Error('not a data run');
    const records = await loadDataRecords(join(dataDir, 'result.json'), data);
    expect(records).toHaveLength(120);
    const diff = diffRuns(data, data, { records: { a: records, b: records } });
    expect(diff.data?.texts.paired).toBe(60);
    expect(diff.data?.scores.mean_change.value).toBe(0);
  });
});

describe("a data run's records.jsonl, read through the line schema", () => {
  beforeAll(() => ensureBuilt(), 120_000);

  /** `audit export --format pairs` on a copy of the data run whose records.jsonl was changed by `change`. */
  function exportWith(change: (path: string, lines: string[]) => void): { code: number; stderr: string; path: string } {
    const dir = copyOf('data');
    const path = join(dir, 'records.jsonl');
    change(path, readFileSync(path, 'utf8').trimEnd().split('\n'));
    const r = audit(['export', dir, '--format', 'pairs']);
    return { code: r.code, stderr: r.stderr, path };
  }

  it('exports every counterfactual of an intact file', () => {
    const r = audit(['export', copyOf('data'), '--format', 'pairs']);
    expect(r.code).toBe(0);
  });

  it.each([
    ['a line that is not JSON', '{"kind":', /:3: not valid JSON/],
    ['a null line', 'null', /:3: not a data record/],
    ['a score that is not a number', 'SCORE', /:3: not a data record \(score: /],
  ])('refuses %s with exit 2, naming the file and the line', (_what, bad, message) => {
    const r = exportWith((path, lines) => {
      lines[2] = bad === 'SCORE' ? JSON.stringify({ ...JSON.parse(lines[2]), score: 'abc' }) : bad;
      writeFileSync(path, `${lines.join('\n')}\n`);
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(r.path);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses an empty file and a file with fewer records than result.json counts', () => {
    const empty = exportWith((path) => writeFileSync(path, ''));
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain(`${empty.path}: empty, but result.json counts 120 records`);
    const short = exportWith((path, lines) => writeFileSync(path, `${lines.slice(0, 100).join('\n')}\n`));
    expect(short.code).toBe(2);
    expect(short.stderr).toContain(`${short.path}: 100 records, but result.json counts 120`);
  });

  it('refuses a FIFO in its place at once instead of waiting on it', () => {
    const started = Date.now();
    const r = exportWith((path) => {
      execFileSync('rm', [path]);
      execFileSync('mkfifo', [path]);
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${r.path}: not a regular file`);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
