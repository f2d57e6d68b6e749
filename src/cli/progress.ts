import cliProgress from 'cli-progress';
import type { ProgressCallback, ProgressEvent } from '../types.js';

/** Step names as the bars show them. */
const STEP_LABELS: Record<string, string> = { statistics: 'statistics (rows weighed)' };

/**
 * Renders the one progress channel (ProgressEvent): a bar per counted step with count, rate and ETA on a terminal
 * (the scoring step labelled `label`), a line per note, and warnings. Bars and notes are skipped with --quiet; bars
 * also in CI or when stderr is not a TTY (logs stay clean). Warnings go to stderr always: they change what the user
 * should expect.
 */
export function progressRenderer(label: string, quiet: boolean): ProgressCallback {
  const bars = !quiet && !process.env.CI && process.stderr.isTTY;
  let bar: { render: (e: ProgressEvent) => void } | null = null;
  return (e) => {
    if (e.status === 'warning') {
      process.stderr.write(`audit: warning: ${e.message}\n`);
    } else if (e.status === 'note') {
      info(quiet, e.message);
    } else if (bars) {
      if (e.status === 'start') bar = progressBar(e.step === 'scoring' ? label : STEP_LABELS[e.step] ?? e.step);
      bar?.render(e);
      if (e.status === 'done') bar = null;
    }
  };
}

function progressBar(label: string): { render: (e: ProgressEvent) => void } {
  const bar = new cliProgress.SingleBar({
    format: `${label} {bar} {value}/{total} | {rate}/s | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
  }, cliProgress.Presets.shades_classic);
  let started = 0;
  let base = 0;
  return {
    render: (e) => {
      if (e.status === 'start') {
        started = performance.now();
        base = e.cached;
        bar.start(e.total, e.cached, { rate: '0' });
      } else if (e.status === 'progress') {
        const rate = (e.done - base) / ((performance.now() - started) / 1000);
        bar.update(e.done, { rate: rate.toFixed(1) });
      } else if (e.status === 'done') {
        bar.stop();
      }
    },
  };
}

/** Status lines for the user go to stderr so stdout stays machine-readable. */
export function info(quiet: boolean, line: string): void {
  if (!quiet) process.stderr.write(`${line}\n`);
}
