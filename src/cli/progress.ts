import cliProgress from 'cli-progress';
import type { ProgressCallback, ProgressEvent } from '../types.js';
import { count } from '../util/format.js';

/** Step names as the bars show them. */
const STEP_LABELS: Record<string, string> = { statistics: 'statistics (rows weighed)' };

/**
 * Renders the one progress channel (ProgressEvent): a bar per counted step with count, rate and ETA on a terminal
 * (the scoring step labelled `label`), a line per note, and warnings. Off a terminal (CI, logs) a counted step writes
 * plain lines instead (plainProgress: every ~10 s or 10% done), so a slow LLM run shows it is moving. Bars, lines and
 * notes are skipped with --quiet. Warnings go to stderr always: they change what the user should expect.
 */
export function progressRenderer(label: string, quiet: boolean, clock: () => number = () => performance.now()): ProgressCallback {
  const bars = !quiet && !process.env.CI && process.stderr.isTTY;
  let bar: { render: (e: ProgressEvent) => void } | null = null;
  return (e) => {
    if (e.status === 'warning') {
      process.stderr.write(`audit: warning: ${e.message}\n`);
    } else if (e.status === 'note') {
      info(quiet, e.message);
    } else if (!quiet) {
      const name = e.step === 'scoring' ? label : STEP_LABELS[e.step] ?? e.step;
      if (e.status === 'start') bar = bars ? progressBar(name) : plainProgress(name, clock, (line) => process.stderr.write(`${line}\n`));
      bar?.render(e);
      if (e.status === 'done') bar = null;
    }
  };
}

/** Off a terminal: a line at most this often, and at each tenth done. */
export const PLAIN_EVERY_MS = 10_000;
/** ... but not twice within this (a fast step passes its tenths in a blink; its log stays short). */
export const PLAIN_MIN_GAP_MS = 1_000;

/** One plain progress line: done/total, rate (per second, over what this step scored) and ETA. Pure. */
export function plainProgressLine(label: string, p: { done: number; total: number; base: number; elapsedMs: number }): string {
  const rate = p.elapsedMs > 0 ? (p.done - p.base) / (p.elapsedMs / 1000) : 0;
  const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100;
  const eta = p.done >= p.total ? '0 s' : rate > 0 ? duration((p.total - p.done) / rate) : 'unknown';
  return `${label}: ${count(p.done)}/${count(p.total)} (${percent}%), ${rate < 10 ? rate.toFixed(1) : count(Math.round(rate))}/s, ` +
    `ETA ${eta}`;
}

/** Whether a plain line is due: 10 s since the last one, or a new tenth done (at least 1 s after the last). Pure. */
export function plainLineDue(p: { done: number; total: number; lastDone: number; sinceLastMs: number }): boolean {
  if (p.sinceLastMs >= PLAIN_EVERY_MS) return true;
  const tenth = (n: number) => (p.total > 0 ? Math.floor((10 * n) / p.total) : 0);
  return p.sinceLastMs >= PLAIN_MIN_GAP_MS && tenth(p.done) > tenth(p.lastDone);
}

/** Seconds as "42 s", "3 min 20 s", "2 h 05 min". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${count(Math.floor(s / 3600))} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A counted step's plain lines (off a terminal), throttled by plainLineDue; nothing for the start or the end. */
function plainProgress(label: string, clock: () => number, write: (line: string) => void): { render: (e: ProgressEvent) => void } {
  let started = 0;
  let base = 0;
  let last = { at: 0, done: 0 };
  return {
    render: (e) => {
      if (e.status === 'start') {
        started = clock();
        base = e.cached;
        last = { at: started, done: e.cached };
      } else if (e.status === 'progress') {
        const now = clock();
        if (!plainLineDue({ done: e.done, total: e.total, lastDone: last.done, sinceLastMs: now - last.at })) return;
        write(plainProgressLine(label, { done: e.done, total: e.total, base, elapsedMs: now - started }));
        last = { at: now, done: e.done };
      }
    },
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
