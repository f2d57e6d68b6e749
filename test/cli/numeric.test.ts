/** Numeric options are whole numbers in range, checked before anything runs: a usage error (exit 2) otherwise. */
import { decimalFlag, decimalOption, integerFlag, integerOption, RANGES } from '../../src/cli/numeric.js';
import { AuditError } from '../../src/errors.js';
import { audit, ensureBuilt } from '../helpers/cli.js';

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AuditError);
    expect((e as AuditError).kind).toBe('usage');
    return (e as AuditError).message;
  }
  return 'accepted';
}

describe('integerOption', () => {
  it('takes whole numbers given as text or numbers, in any notation that is whole', () => {
    expect(integerOption('limit')('200')).toBe(200);
    expect(integerOption('seed')(0)).toBe(0);
    expect(integerOption('resamples')('1e3')).toBe(1000);
    expect(integerOption('limit')(undefined)).toBeUndefined();
    expect(integerOption('seed')(['1', '7'])).toBe(7);
  });

  it('refuses text, fractions, NaN and empty values, quoting what was given', () => {
    expect(messageOf(() => integerOption('limit')('abc'))).toBe('--limit "abc": must be a whole number from 1 to 9,007,199,254,740,991');
    expect(messageOf(() => integerOption('seed')('1.5'))).toBe('--seed "1.5": must be a whole number from 0 to 4,294,967,295');
    expect(messageOf(() => integerOption('seed')(Number.NaN))).toBe('--seed: not a number, it must be a whole number from 0 to 4,294,967,295');
    expect(messageOf(() => integerOption('batch-size')(''))).toMatch(/^--batch-size "": must be a whole number/);
  });

  it('refuses values out of range, saying why the bound is there', () => {
    expect(messageOf(() => integerOption('resamples')('1e9'))).toBe('--resamples 1,000,000,000: must be from 1 to 100,000 (the bootstrap keeps every resample of every group in memory)');
    expect(messageOf(() => integerOption('limit')('0'))).toBe('--limit 0: must be from 1 to 9,007,199,254,740,991');
    expect(messageOf(() => integerOption('workers')('-1'))).toBe('--workers -1: must be from 0 to 1,024');
    expect(messageOf(() => integerOption('seed')(2 ** 32))).toBe('--seed 4,294,967,296: must be from 0 to 4,294,967,295 (seeds are 32-bit)');
    expect(RANGES.seed.max).toBe(4294967295);
  });
});

describe('integerFlag and decimalFlag', () => {
  it('type the option as a number for yargs and check it with the same validators', () => {
    expect(integerFlag('limit').type).toBe('number');
    expect(integerFlag('limit').coerce(12)).toBe(12);
    expect(messageOf(() => integerFlag('limit').coerce(Number.NaN))).toBe('--limit: not a number, it must be a whole number from 1 to 9,007,199,254,740,991');
    expect(decimalFlag('threshold', 0, 1).type).toBe('number');
    expect(decimalFlag('threshold', 0, 1).coerce(0.25)).toBe(0.25);
    expect(messageOf(() => decimalFlag('threshold', 0, 1).coerce(2))).toBe('--threshold 2: must be a number from 0 to 1');
    expect(messageOf(() => decimalOption('tolerance', 0, 1)('x'))).toBe('--tolerance "x": must be a number from 0 to 1');
  });

  it('refuse an option given without a value (yargs hands it over as undefined)', () => {
    expect(messageOf(() => integerFlag('seed').coerce(undefined))).toBe('--seed needs a value');
    expect(messageOf(() => decimalFlag('tolerance', 0, 1).coerce(undefined))).toBe('--tolerance needs a value');
  });
});

describe('audit with a bad number', () => {
  beforeAll(() => ensureBuilt());

  it.each([
    [['run', '--probe', 'mini.yaml', '--limit', 'abc'], '--limit: not a number, it must be a whole number'],
    [['run', '--probe', 'mini.yaml', '--limit'], '--limit needs a value'],
    [['worker', '--queue', 'redis://localhost:1', '--lock-timeout', 'soon'], '--lock-timeout: not a number, it must be a number from 1'],
    [['diff', 'a', 'b', '--tolerance', '-0.1'], '--tolerance -0.1: must be a number from 0 to 1'],
    [['run', '--probe', 'mini.yaml', '--seed', '1.5'], '--seed "1.5": must be a whole number'],
    [['run', '--probe', 'mini.yaml', '--resamples', '1e9'], '--resamples 1,000,000,000: must be from 1 to 100,000'],
    [['run', '--probe', 'mini.yaml', '--limit', '0'], '--limit 0: must be from 1'],
    [['run', '--probe', 'mini.yaml', '--workers', '2.5'], '--workers "2.5": must be a whole number'],
    [['check', 'some-run', '--seed', 'x'], '--seed: not a number, it must be a whole number'],
    [['diff', 'a', 'b', '--resamples', '-3'], '--resamples -3: must be from 1 to 100,000'],
  ])('audit %j exits 2 with one line naming the option, before doing any work', (args, message) => {
    const r = audit(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^audit: error E_USAGE: /);
    expect(r.stderr).toContain(message);
  });
});
