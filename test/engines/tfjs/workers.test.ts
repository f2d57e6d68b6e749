/** --workers above the core count is capped at the core count, with a warning. */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../../src/config/paths.js';
import { workerCount } from '../../../src/engines/tfjs/workers.js';
import { audit, ensureBuilt } from '../../helpers/cli.js';

describe('workerCount', () => {
  it('uses one worker per core by default (0 or absent)', () => {
    expect(workerCount(0, 2)).toEqual({ workers: 2, warning: null });
    expect(workerCount(undefined, 8)).toEqual({ workers: 8, warning: null });
  });

  it('keeps a request up to the core count', () => {
    expect(workerCount(1, 2)).toEqual({ workers: 1, warning: null });
    expect(workerCount(2, 2)).toEqual({ workers: 2, warning: null });
  });

  it('caps 64 at 2 cores and says why', () => {
    expect(workerCount(64, 2)).toEqual({
      workers: 2,
      warning: '--workers 64: this machine has 2 cores; using 2 workers (each holds its own copy of the model, and more threads than cores only add memory)',
    });
  });
});

describe('audit score --workers 64', () => {
  it('warns and scores with one worker per core', () => {
    ensureBuilt();
    const cores = availableParallelism();
    const r = audit(['score', 'I like you. I love you', '--model', join(HF_FIXTURES, 'tiny'), '--engine', 'tfjs', '--workers', '64', '--no-cache']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`audit: warning: --workers 64: this machine has ${cores} core${cores === 1 ? '' : 's'}; using ${cores} worker`);
    expect(r.stdout).toMatch(/POSITIVE|NEGATIVE/);
  });
});
