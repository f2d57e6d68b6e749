/**
 * Validators for numeric command-line options, used as yargs `coerce` functions: a value that is not an integer in
 * range is a usage error (exit 2) naming the option and the value, before anything runs. yargs alone turns
 * `--limit abc` into NaN, which downstream code read as "no limit", and takes `--seed 1.5` as given.
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
} satisfies Record<string, IntegerRange>;

/** `coerce` for an integer option: accepts a number or its decimal text; throws E_USAGE_NUMBER. */
export function integerOption(name: keyof typeof RANGES | string, range: IntegerRange = RANGES[name as keyof typeof RANGES]) {
  return (value: unknown): number | undefined => {
    if (value === undefined) return undefined;
    const raw = Array.isArray(value) ? value[value.length - 1] : value; // a repeated option: the last one wins
    const text = String(raw).trim();
    const n = typeof raw === 'number' ? raw : /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : Number.NaN;
    const shown = JSON.stringify(typeof raw === 'number' && Number.isNaN(raw) ? 'not a number' : text);
    if (!Number.isInteger(n)) throw usageError('E_USAGE_NUMBER', `--${name} ${shown}: must be a whole number from ${fmt(range.min)} ` +
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
    if (!(n >= min && n <= max)) throw usageError('E_USAGE_NUMBER', `--${name} ${JSON.stringify(text)}: must be a number from ${min} ` +
      `to ${max}`);
    return n;
  };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
