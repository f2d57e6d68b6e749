/** Progress off a terminal (CI, logs): plain lines with done/total, rate and ETA, every ~10 s or 10% done. */
import { jest } from '@jest/globals';
import { duration, plainLineDue, plainProgressLine, progressRenderer } from '../../src/cli/progress.js';

describe('a plain progress line', () => {
  it('says done/total, the percentage, the rate over what this step scored and the ETA', () => {
    // 300 of 1,000 done, 100 of them from the cache, in 40 s: 5/s, 700 left -> 140 s.
    expect(plainProgressLine('scoring countries', { done: 300, total: 1000, base: 100, elapsedMs: 40_000 }))
      .toBe('scoring countries: 300/1,000 (30%), 5.0/s, ETA 2 min 20 s');
    expect(plainProgressLine('scoring x', { done: 12_000, total: 24_104, base: 0, elapsedMs: 60_000 }))
      .toBe('scoring x: 12,000/24,104 (49%), 200/s, ETA 1 min 01 s');
    expect(plainProgressLine('scoring x', { done: 10, total: 10, base: 0, elapsedMs: 1000 })).toBe('scoring x: 10/10 (100%), 10/s, ETA 0 s');
    expect(plainProgressLine('scoring x', { done: 5, total: 10, base: 5, elapsedMs: 1000 })).toBe('scoring x: 5/10 (50%), 0.0/s, ETA unknown');
  });

  it('writes seconds as s, min and h', () => {
    expect([duration(0), duration(59.4), duration(61), duration(3599), duration(3600 * 26 + 65)])
      .toEqual(['0 s', '59 s', '1 min 01 s', '59 min 59 s', '26 h 01 min']);
  });

  it('is due every 10 s, or at a new tenth done but not within 1 s of the last line', () => {
    expect(plainLineDue({ done: 11, total: 1000, lastDone: 10, sinceLastMs: 10_000 })).toBe(true);
    expect(plainLineDue({ done: 11, total: 1000, lastDone: 10, sinceLastMs: 9_999 })).toBe(false);
    expect(plainLineDue({ done: 100, total: 1000, lastDone: 99, sinceLastMs: 1_000 })).toBe(true);
    expect(plainLineDue({ done: 100, total: 1000, lastDone: 99, sinceLastMs: 999 })).toBe(false);
    expect(plainLineDue({ done: 199, total: 1000, lastDone: 100, sinceLastMs: 5_000 })).toBe(false);
  });
});

describe('the progress renderer off a terminal', () => {
  let written: string[];
  let tty: boolean | undefined;
  beforeEach(() => {
    written = [];
    tty = process.stderr.isTTY;
    (process.stderr as { isTTY?: boolean }).isTTY = false;
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    (process.stderr as { isTTY?: boolean }).isTTY = tty;
  });

  /** A slow run: 64 texts every 4 s of 640, none cached. */
  function slowRun(quiet: boolean): void {
    let now = 0;
    const render = progressRenderer('scoring countries', quiet, () => now);
    render({ stage: 'score', step: 'scoring', status: 'start', total: 640, cached: 0 });
    for (let done = 64; done <= 640; done += 64) {
      now += 4000;
      render({ stage: 'score', step: 'scoring', status: 'progress', done, total: 640 });
    }
    render({ stage: 'score', step: 'scoring', status: 'done', total: 640, scored: 640, cached: 0, seconds: 40 });
  }

  it('writes a line at each tenth of a slow step, with its rate and ETA', () => {
    slowRun(false);
    expect(written).toHaveLength(10);
    expect(written[0]).toBe('scoring countries: 64/640 (10%), 16/s, ETA 36 s\n');
    expect(written[9]).toBe('scoring countries: 640/640 (100%), 16/s, ETA 0 s\n');
  });

  it('writes nothing with --quiet, and warnings always', () => {
    slowRun(true);
    expect(written).toEqual([]);
    progressRenderer('scoring', true)({ stage: 'score', step: 'scoring', status: 'warning', message: 'the cache failed' });
    expect(written).toEqual(['audit: warning: the cache failed\n']);
  });
});
