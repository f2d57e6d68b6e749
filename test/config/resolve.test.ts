import { join, resolve } from 'node:path';
import { DEMO_MODEL_DIR } from '../../src/config/paths.js';
import { defaultRunDir, resolveRunPaths } from '../../src/config/resolve.js';

describe('resolveRunPaths: a run\u2019s paths from the command line, once', () => {
  const now = new Date('2026-12-07T14:05:09Z');
  const env = { ...process.env };
  beforeEach(() => {
    process.env.XDG_CACHE_HOME = '/xdg';
    delete process.env.AUDIT_DATASETS;
  });
  afterAll(() => { process.env = env; });

  it('puts scores and models in --cache DIR, datasets beside them unless given, and the run under --out', () => {
    const p = resolveRunPaths({ cache: 'my-cache', datasets: 'data', out: 'runs/a' }, now);
    expect(p.scoreCache).toBe(resolve('my-cache'));
    expect(p.modelCache).toBe('my-cache');
    expect(p.models).toBe(join(resolve('my-cache'), 'models'));
    expect(p.datasets).toBe(resolve('data'));
    expect(p.out('gender')).toBe('runs/a');
    expect(p.demoModel).toBe(DEMO_MODEL_DIR);
  });

  it('with --no-cache keeps no score cache but still finds models in the default cache', () => {
    const p = resolveRunPaths({ cache: false }, now);
    expect(p.scoreCache).toBeNull();
    expect(p.modelCache).toBeUndefined();
    expect(p.models).toBe(join('/xdg', 'bias-audit', 'models'));
  });

  it('names the default run directory after the run and the UTC time', () => {
    expect(resolveRunPaths({}, now).out('gender')).toBe(join('reports', 'gender-20261207-140509'));
    expect(defaultRunDir('data-reviews.csv', now)).toBe(join('reports', 'data-reviews.csv-20261207-140509'));
  });
});
