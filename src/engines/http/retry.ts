/** When to retry a request and how long to wait first. Pure: the clock and the dice are arguments. */

/** 408 and 429 are "try later"; any 5xx may be a replica restarting or a model still loading. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * A `Retry-After` header in milliseconds: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; a date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Date.parse reads "-3" as a year: a date has to have a month or weekday name.
  const date = /[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with "equal jitter": half of min(max, base * 2^attempt) fixed, half random, so clients that
 * failed together do not retry together yet every wait keeps growing. `attempt` counts from 0.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** The server's wish (Retry-After, or HF's `estimated_time` while a model loads) wins over backoff, within maxMs. */
export function retryDelay(
  attempt: number,
  hintMs: number | undefined,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  if (hintMs !== undefined) return Math.min(hintMs, maxMs);
  return backoffDelay(attempt, baseMs, maxMs, random);
}
