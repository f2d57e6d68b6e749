/**
 * Size limits on input, so a hostile or mistaken file or server cannot take the machine's memory before the tool
 * says what is wrong. Each has a default far above any real input and an environment variable that overrides it
 * (a positive integer; README.md lists them).
 */
import { usageError } from '../errors.js';

export const LIMITS = {
  /** Bytes of one probe file (the built-in ones are under 10 kB). */
  probeBytes: { env: 'AUDIT_MAX_PROBE_BYTES', default: 4 * 1024 * 1024 },
  /** Bytes of one lexicon file (the largest built-in one, countries, is about 100 kB). */
  lexiconBytes: { env: 'AUDIT_MAX_LEXICON_BYTES', default: 32 * 1024 * 1024 },
  /** Characters of one template's text. */
  templateChars: { env: 'AUDIT_MAX_TEMPLATE_CHARS', default: 10_000 },
  /** Bytes of one HTTP response body (a batch of 32 scores with labels is a few kB). */
  responseBytes: { env: 'AUDIT_MAX_RESPONSE_BYTES', default: 16 * 1024 * 1024 },
  /**
   * Characters of one text of a --data file. The model reads at most 512 tokens (about 2,500 characters of English);
   * the default keeps 40 times that, and equals the most a queue job carries per text (src/queue/protocol.ts).
   */
  textChars: { env: 'AUDIT_MAX_TEXT_CHARS', default: 100_000 },
  /** Bytes of a policy file or a result.json read back. */
  policyBytes: { env: 'AUDIT_MAX_POLICY_BYTES', default: 1024 * 1024 },
} as const;

export type LimitName = keyof typeof LIMITS;

/** The limit in force: the environment variable when set (it must be a positive integer), else the default. */
export function limit(name: LimitName): number {
  const { env, default: fallback } = LIMITS[name];
  const raw = process.env[env];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw usageError('E_LIMIT', `${env}=${JSON.stringify(raw)}: must be a positive integer`);
  return n;
}

/** "4 MiB (AUDIT_MAX_PROBE_BYTES)": how messages name a limit and its override. */
export function describeLimit(name: LimitName): string {
  const n = limit(name);
  const unit = name.endsWith('Bytes') ? bytes(n) : `${n.toLocaleString('en-US')} characters`;
  return `${unit} (set ${LIMITS[name].env} to change it)`;
}

export function bytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}
