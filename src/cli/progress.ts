import cliProgress from 'cli-progress';
import type { ProgressCallback } from '../types.js';

/**
 * Renders runner progress events: a bar with count, rate and ETA on a terminal; nothing in CI, with --quiet, or
 * when stderr is not a TTY (logs stay clean).
 */
export function progressRenderer(label: string, quiet: boolean): ProgressCallback {
  if (quiet || process.env.CI || !process.stderr.isTTY) return () => {};
  const bar = new cliProgress.SingleBar({
    format: `${label} {bar} {value}/{total} | {rate}/s | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
  }, cliProgress.Presets.shades_classic);
  let started = 0;
  let base = 0;
  return (e) => {
    if (e.status === 'start') {
      started = performance.now();
      base = e.cached;
      bar.start(e.total, e.cached, { rate: '0' });
    } else if (e.status === 'progress') {
      const rate = (e.done - base) / ((performance.now() - started) / 1000);
      bar.update(e.done, { rate: rate.toFixed(1) });
    } else {
      bar.stop();
    }
  };
}

/** Status lines for the user go to stderr so stdout stays machine-readable. */
export function info(quiet: boolean, line: string): void {
  if (!quiet) process.stderr.write(`${line}\n`);
}
