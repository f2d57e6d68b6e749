import { beforeAll, describe, expect, it } from '@jest/globals';
import { audit, ensureBuilt } from '../helpers/cli.js';

beforeAll(() => ensureBuilt());

describe('audit run usage errors (issue 25): exit 2 with one line, never "internal error"', () => {
  it.each([
    [[], 'Name what to run'],
    [['--probe', 'countries', '--suite', 'winobias'], 'Give one of --probe, --suite or --data, not several'],
    [['--probe', 'gender', '--data', 'x.csv'], 'Give one of --probe, --suite or --data, not several'],
    [['--probe', 'gender', '--threshold', '2'], '--threshold: must be a number from 0 to 1'],
    [['--probe', 'gender', '--threshold', 'abc'], '--threshold: must be a number from 0 to 1'],
    [['--probe', 'gender', '--queue-chunk', '0'], '--queue-chunk 0: must be from 1 to 100,000'],
  ])('audit run %j', (args, message) => {
    const r = audit(['run', ...args]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^audit: error E_USAGE: /);
    expect(lines[0]).toContain(message);
    expect(r.stderr).not.toContain('internal error');
  });
});
