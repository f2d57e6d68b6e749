import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { loadProbeSpec } from '../../src/probe/index.js';
import { ScoreCache } from '../../src/runner/cache.js';
import { runAudit, runProbe } from '../../src/audit.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

const MINI = join(PACKAGE_ROOT, 'test', 'fixtures', 'cli', 'mini.yaml');

describe('a rerun of a probe with the same score cache', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-rerun-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('calls the classifier zero times and gives the same records and statistics', async () => {
    const probe = await loadProbeSpec(MINI);
    const cache = ScoreCache.open(dir);
    const first = new FakeClassifier();
    const a = await runProbe(probe, first, { cache, resamples: 100 });
    expect(first.seen).toHaveLength(16);
    expect(a.counts).toEqual({ sentences: 16, unique_texts: 16, scored: 16, cached: 0 });

    const second = new FakeClassifier();
    const b = await runProbe(probe, second, { cache, resamples: 100 });
    expect(second.calls).toBe(0);
    expect(b.counts).toEqual({ sentences: 16, unique_texts: 16, scored: 0, cached: 16 });
    expect(b.timings.sentences_per_s).toBe(0);
    expect(b.records.map((r) => [r.text, r.label, r.probs])).toEqual(a.records.map((r) => [r.text, r.label, r.probs]));
    expect(b.stats).toEqual(a.stats);
    cache.close();
  });

  it('reads all 24,104 sentences of the built-in countries probe from a reopened cache without the classifier', async () => {
    const probe = await loadProbeSpec('countries');
    const fill = ScoreCache.open(dir);
    await runProbe(probe, new FakeClassifier(), { cache: fill, resamples: 20 });
    fill.close();

    const reopened = ScoreCache.open(dir);
    const model = new FakeClassifier();
    const r = await runProbe(probe, model, { cache: reopened, resamples: 20 });
    reopened.close();
    expect(model.calls).toBe(0);
    expect(r.counts).toEqual({ sentences: 24104, unique_texts: 24104, scored: 0, cached: 24104 });
  });
});

describe('runProbe and the model it is given', () => {
  it('leaves a given model to its caller (never disposed), takes its warnings, and still reports the model', async () => {
    const probe = await loadProbeSpec(MINI);
    const model = new FakeClassifier();
    const events: string[] = [];
    const predict = model.predict.bind(model);
    model.predict = async (texts) => { events.push('predict'); return predict(texts); };
    model.dispose = () => { events.push('disposed'); };
    const withWarnings = Object.assign(model, { takeWarnings: () => ['renormalised 1 score'] });
    const outcome = await runAudit({ kind: 'probe', probe, classifier: withWarnings, resamples: 100, chunkSize: 5 });
    const result = outcome.result;
    expect(events.filter((e) => e === 'predict').length).toBeGreaterThan(1);
    expect(events).not.toContain('disposed');
    expect(outcome.warnings).toEqual(['renormalised 1 score']);
    expect(result.model).toMatchObject({ name: 'fake', fingerprint: 'fake-0000', labels: ['NEGATIVE', 'POSITIVE'] });
    expect(result.target).toBe('POSITIVE');
    expect(result.stats?.groups.length).toBeGreaterThan(0);
  });
});
