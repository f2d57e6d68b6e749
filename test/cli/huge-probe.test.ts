/** A probe of a billion implied sentences (sampling.max raised): --limit runs it, without --limit it is exit 2 with the number. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { audit, ensureBuilt } from '../helpers/cli.js';
import { hugeProbeYaml } from '../helpers/huge-probe.js';

describe('audit run on a probe of 1,000,000,000 sentences', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'audit-huge-'));
    writeFileSync(join(dir, 'huge.yaml'), hugeProbeYaml());
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (extra: string[]) => audit(['run', '--probe', join(dir, 'huge.yaml'), '--model', join(HF_FIXTURES, 'tiny'), '--out', join(dir, 'run'), '--no-cache', '--resamples', '20', '--workers', '1', '--quiet', ...extra]);

  it('scores the 200 sentences --limit 200 keeps', () => {
    const r = run(['--limit', '200']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'run', 'result.json'), 'utf8')) as { counts: { sentences: number } };
    expect(result.counts.sentences).toBe(200);
  });

  it('refuses to build them all, with exit 2 and the numbers', () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^audit: error E_PROBE_TOO_LARGE: probe "huge": 1,000,000,000 sentences of 1,000,000,000 would have to be built, above the limit of 2,500,000 held in memory; pass --limit N or lower sampling.n\n$/);
  });
});
