import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES, PACKAGE_ROOT } from '../src/config/paths.js';
import { runAudit, runProbe } from '../src/index.js';
import { FakeClassifier } from './helpers/fake-classifier.js';

const MINI = join(PACKAGE_ROOT, 'test/fixtures/cli/mini.yaml');

describe('runAudit (the one path every run takes)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-run-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the run directory and renders the report from it when given `out`, as `audit run` does', async () => {
    const out = join(dir, 'run');
    const outcome = await runAudit({ kind: 'probe', probe: MINI, classifier: new FakeClassifier(), resamples: 50, out });
    expect(outcome.dir).toBe(out);
    expect(outcome.report).toBe(join(out, 'report.html'));
    const written = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(written.records).toHaveLength(16);
    expect(written.stats.groups).toHaveLength(3);
    expect(readFileSync(join(out, 'scores.csv'), 'utf8').split('\n')[0]).toContain('p_POSITIVE');
    expect(readFileSync(outcome.report!, 'utf8')).toContain('Mini countries probe');
  });

  it('writes nothing without `out`, and gives the same records and statistics as runProbe', async () => {
    const outcome = await runAudit({ kind: 'probe', probe: MINI, classifier: new FakeClassifier(), resamples: 50 });
    expect(outcome.dir).toBeUndefined();
    const direct = await runProbe(MINI, new FakeClassifier(), { resamples: 50 });
    expect(outcome.result.records).toEqual(direct.records);
    expect(outcome.result.stats).toEqual(direct.stats);
  });

  it('loads the model itself when given model options, records the engine and why, and releases it before the statistics', async () => {
    const events: string[] = [];
    const outcome = await runAudit({
      kind: 'probe', probe: MINI, resamples: 50,
      model: { model: join(HF_FIXTURES, 'tiny'), engine: 'tfjs', backend: 'cpu', workers: 1, onInfo: (line) => events.push(line) },
      onProgress: (e) => events.push(`${e.stage}/${e.step}/${e.status}`),
    });
    expect(outcome.result.model).toMatchObject({ engine: 'tfjs', engine_reason: '--engine tfjs', backend: 'tfjs-cpu', demo: false });
    expect(outcome.result.counts).toMatchObject({ sentences: 16, scored: 16, cached: 0 });
    expect(events.slice(-2)).toEqual(['score/scoring/done', 'score/release/note']);
    expect(events.some((line) => line.startsWith('engine: tfjs'))).toBe(true);
  });

  it('fails on a bad probe before any model is loaded', async () => {
    let loaded = false;
    const run = runAudit({
      kind: 'probe', probe: join(dir, 'missing.yaml'),
      model: { model: join(HF_FIXTURES, 'tiny'), onInfo: () => { loaded = true; } },
    });
    await expect(run).rejects.toMatchObject({ code: 'E_PROBE_NOT_FOUND' });
    expect(loaded).toBe(false);
    expect(existsSync(join(dir, 'run'))).toBe(false);
  });
});
