import { backoffDelay, isRetryableStatus, parseRetryAfter, retryDelay } from '../../../src/engines/http/retry.js';

describe('isRetryableStatus', () => {
  it('retries 408, 429 and every 5xx, and nothing else', () => {
    expect([408, 429, 500, 502, 503, 504, 599].map(isRetryableStatus)).toEqual([true, true, true, true, true, true, true]);
    expect([200, 400, 401, 403, 404, 413, 422].map(isRetryableStatus)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');

  it('reads delay-seconds as milliseconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date as the time left until then, and a past date as 0', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt and jitters within its upper half', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 100, 10_000, () => 0))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 100, 10_000, () => 1))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum', () => {
    expect(backoffDelay(20, 100, 3000, () => 1)).toBe(3000);
  });
});

describe('retryDelay', () => {
  it("takes the server's hint over backoff, capped at the maximum", () => {
    expect(retryDelay(0, 2000, 100, 60_000, () => 0)).toBe(2000);
    expect(retryDelay(0, 3_600_000, 100, 60_000, () => 0)).toBe(60_000);
    expect(retryDelay(2, undefined, 100, 60_000, () => 0)).toBe(200);
  });
});
