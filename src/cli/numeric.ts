/**
 * Numeric command-line options, the one place they are checked: `integerFlag`/`decimalFlag` give yargs an option
 * typed `number` (so `--help` says `[number]`) whose `coerce` refuses what is not a number in range as a usage error
 * (exit 2, one line naming the option) before anything runs. yargs alone turns `--limit abc` into NaN, which
 * downstream code read as "no limit", takes `--seed 1.5` as given, and `--limit` with no value as not given.
 */
import { usageError } from '../errors.js';

export interface IntegerRange {
  min: number;
  max: number;
  /** Why the bound is there, for the message (e.g. "the bootstrap's memory grows with it"). */
  why?: string;
}

/** The largest seed the generators take: mulberry32 uses 32 bits. */
export const MAX_SEED = 2 ** 32 - 1;

export const RANGES = {
  limit: { min: 1, max: Number.MAX_SAFE_INTEGER },
  seed: { min: 0, max: MAX_SEED, why: 'seeds are 32-bit' },
  resamples: { min: 1, max: 100_000, why: 'the bootstrap keeps every resample of every group in memory' },
  workers: { min: 0, max: 1024 },
  'batch-size': { min: 1, max: 4096 },
  'http-deadline': { min: 1, max: 86_400 },
  'max-requests': { min: 1, max: 1_000_000_000 },
  'max-tokens-budget': { min: 1, max: Number.MAX_SAFE_INTEGER },
  'sample-answers': { min: 2, max: 1000, why: 'the binomial SE (at most 0.5/sqrt(K)) shrinks too slowly beyond it to pay for the tokens' },
} satisfies Record<string, IntegerRange>;

/** `coerce` for an integer option: accepts a number or its decimal text; throws E_USAGE_NUMBER. */
export function integerOption(name: keyof typeof RANGES | string, range: IntegerRange = RANGES[name as keyof typeof RANGES]) {
  return (value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    const raw = Array.isArray(value) ? value[value.length - 1] : value; // a repeated option: the last one wins
    const text = String(raw).trim();
    const n = typeof raw === 'number' ? raw : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
    const shown = Number.isNaN(raw) ? ': not a number, it' : ` ${JSON.stringify(text)}:`; // yargs has made NaN of the text
    if (!Number.isInteger(n)) throw usageError('E_USAGE_NUMBER', `--${name}${shown} must be a whole number from ${fmt(range.min)} ` +
      `to ${fmt(range.max)}`);
    if (n < range.min || n > range.max) {
      throw usageError('E_USAGE_NUMBER', `--${name} ${fmt(n)}: must be from ${fmt(range.min)} ` +
        `to ${fmt(range.max)}${range.why ? ` (${range.why})` : ''}`);
    }
    return n;
  };
}

/** `coerce` for a decimal option in [min, max] (e.g. a probability); throws E_USAGE_NUMBER. */
export function decimalOption(name: string, min: number, max: number) {
  return (value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    const raw = Array.isArray(value) ? value[value.length - 1] : value;
    const text = String(raw).trim();
    const n = typeof raw === 'number' ? raw : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
    const shown = Number.isNaN(raw) ? ': not a number, it' : typeof raw === 'number' ? ` ${text}:` : ` ${JSON.stringify(text)}:`;
    if (!(n >= min && n <= max)) throw usageError('E_USAGE_NUMBER', `--${name}${shown} must be a number from ${min} to ${max}`);
    return n;
  };
}

/** yargs calls an option's coerce only when the option is there: `undefined` then means "given without a value". */
function given<T>(name: string, check: (value: unknown) => T) {
  return (value: unknown): T => {
    if (value === undefined) throw usageError('E_USAGE_NUMBER', `--${name} needs a value`);
    return check(value);
  };
}

/** A yargs option spec for a whole-number option (spread it: `.option('limit', { ...integerFlag('limit'), describe })`). */
export function integerFlag(name: keyof typeof RANGES | string, range?: IntegerRange) {
  return { type: 'number' as const, coerce: given(name, integerOption(name, range)) as (value: unknown) => number };
}

/** A yargs option spec for a decimal option in [min, max]. */
export function decimalFlag(name: string, min: number, max: number) {
  return { type: 'number' as const, coerce: given(name, decimalOption(name, min, max)) as (value: unknown) => number };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
