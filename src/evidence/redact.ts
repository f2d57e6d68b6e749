/**
 * `--redact`: a data run's files keep no per-row text and no group-column value. Each text becomes
 * "hmac-sha256:<hex>" under a key kept outside the run directory (the same text gives the same value, so rows can
 * still be matched by whoever holds the key and the data); per-row mentions and group memberships are dropped.
 * Counts, aggregate group names and metrics stay. Pure, given the key.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { inputError } from '../errors.js';
import type { DataRecord, DataResult } from '../result/index.js';

export interface Redaction {
  text(text: string): string;
  record(record: DataRecord): DataRecord;
  result(result: DataResult): DataResult;
}

export function redaction(key: Buffer): Redaction {
  const text = (t: string) => `hmac-sha256:${createHmac('sha256', key).update(t, 'utf8').digest('hex')}`;
  return {
    text,
    record: (r) => (r.kind === 'original' ? { ...r, text: text(r.text), mentions: [], groups: undefined } : { ...r, text: text(r.text) }),
    result: (result) => {
      if (!result.data.swaps) return result;
      // Every swap example carries two texts: the largest changes and each pair's typical example.
      const example = <T extends { original: string; counterfactual: string }>(x: T): T =>
        ({ ...x, original: text(x.original), counterfactual: text(x.counterfactual) });
      const axes = result.data.swaps.axes.map((a) => ({
        ...a,
        largest_changes: a.largest_changes.map(example),
        pairs: a.pairs.map((pair) => (pair.example ? { ...pair, example: example(pair.example) } : pair)),
      }));
      return { ...result, data: { ...result.data, swaps: { ...result.data.swaps, axes } } };
    },
  };
}

const KEY_BYTES = 32;

/**
 * The HMAC key: read from `path`, or made (32 random bytes, mode 0600) when the file does not exist. It must lie
 * outside every directory in `outside` (the run or audit directory), or the files would carry their own key.
 */
export function redactKey(path: string, outside: string[]): { key: Buffer; created: boolean } {
  const file = resolve(path);
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  for (const dir of outside) {
    const rel = relative(real(dir), existsSync(file) ? realpathSync(file) : resolve(real(dirname(file)), basename(file)));
    if (!rel.startsWith('..') && !isAbsolute(rel)) throw inputError('E_REDACT_KEY', `--redact-key ${path}: inside ${dir}; keep the key ` +
      `outside the directory it protects`);
  }
  if (!existsSync(file)) {
    const key = randomBytes(KEY_BYTES);
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return { key, created: true };
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/i.test(hex)) throw inputError('E_REDACT_KEY', `${path}: not a redaction key (at least 64 hex digits; a missing ` +
    `file is created)`);
  return { key: Buffer.from(hex, 'hex'), created: false };
}
