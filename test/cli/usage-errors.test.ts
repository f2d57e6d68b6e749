import { beforeAll, describe, expect, it } from '@jest/globals';
import { audit, ensureBuilt } from '../helpers/cli.js';

beforeAll(() => ensureBuilt());

describe('audit run usage errors (issue 25): exit 2 with one line, never "internal error"', () => {
  it.each([
    [[], 'Name what to run'],
    [['--probe', 'countries', '--suite', 'winobias'], 'Give one of --probe, --suite or --data, not several'],
    [['--probe', 'gender', '--data', 'x.csv'], 'Give one of --probe, --suite or --data, not several'],
    [['--probe', 'gender', '--threshold', '2'], '--threshold 2: must be a number from 0 to 1'],
    [['--probe', 'gender', '--threshold', 'abc'], '--threshold: not a number, it must be a number from 0 to 1'],
    [['--suite', 'holisticbias', '--version', '1.0'], '--version "1.0": the HolisticBias dataset version is --hb-version'],
    [['--suite', 'holisticbias', '--version=1.0'], '--version "1.0": the HolisticBias dataset version is --hb-version'],
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

describe('audit run --help (issue 25)', () => {
  const help = () => audit(['run', '--help']).stdout;

  it('groups the options under what to run, model, data, queue and output, in that order', () => {
    const headings = help().split('\n').filter((l) => /^\S.*:$/.test(l));
    expect(headings).toEqual(['What to run:', 'Model:', 'Data (with --data):', 'Queue (with --queue):', 'Output:', 'Options:', 'Examples:']);
  });

  it('types every numeric option as a number, none as a string', () => {
    const typeOf = (option: string) => {
      const text = help();
      const start = text.indexOf(`\n  --${option} `);
      expect(start).toBeGreaterThan(0);
      const next = text.slice(start + 1).search(/\n {2}--|\n\n/);
      return text.slice(start, start + 1 + next).match(/\[(string|number|boolean)\]/)?.[1];
    };
    for (const option of ['limit', 'seed', 'resamples', 'sample', 'max-rows', 'swap-samples', 'swap-groups', 'min-per-class', 'threshold',
      'queue-timeout', 'queue-chunk', 'workers', 'batch-size', 'max-requests', 'max-tokens-budget', 'http-deadline']) {
      expect([option, typeOf(option)]).toEqual([option, 'number']);
    }
    expect(typeOf('hb-version')).toBe('string');
  });

  it('keeps --version for the tool\'s version, as in every other command', () => {
    const r = audit(['run', '--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(help()).toMatch(/--hb-version +With --suite holisticbias: the dataset version, 1\.0 or 1\.1/);
  });
});
