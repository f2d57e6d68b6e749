import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, cacheDir, datasetsDir } from '../../src/config/paths.js';

describe('paths', () => {
  it('finds the package root from the source tree', () => {
    expect(existsSync(join(PACKAGE_ROOT, 'package.json'))).toBe(true);
  });

  it('puts the cache under XDG_CACHE_HOME when it is set', () => {
    const before = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = '/tmp/xdg-test';
    expect(cacheDir()).toBe('/tmp/xdg-test/bias-audit');
    if (before === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = before;
  });

  it('prefers an explicit datasets directory over the environment', () => {
    process.env.AUDIT_DATASETS = '/tmp/env-datasets';
    expect(datasetsDir('/tmp/explicit')).toBe('/tmp/explicit');
    expect(datasetsDir()).toBe('/tmp/env-datasets');
    delete process.env.AUDIT_DATASETS;
  });
});
