/**
 * Comparing two runs of one probe: align them by sentence text (the same sentences scored by both models), hand
 * the aligned records to the paired bootstrap of stats/probe/paired.ts, and combine independent intervals where
 * no pairing is possible. The statistics live in stats/; this file only compares.
 */
import type { AuditResult, Interval, ResultRecord } from '../result/index.js';
import {
  isPairedMetric, PAIRED_METRICS, pairedProbe, type PairedChange, type PairedEstimates, type PairedMetric, type PairedOptions,
} from '../stats/index.js';

export interface Alignment {
  /** Run A's non-duplicate records whose text run B also scored, in A's order. */
  a: ResultRecord[];
  /** The same records carrying run B's score and label. */
  b: ResultRecord[];
  matched: number;
  /** Distinct texts only one run scored. */
  onlyA: number;
  onlyB: number;
  /** Every text of each run is in the other. */
  complete: boolean;
}

export function alignByText(runA: AuditResult, runB: AuditResult): Alignment {
  const inB = new Map<string, ResultRecord>();
  for (const r of runB.records) if (!inB.has(r.text)) inB.set(r.text, r);
  const textsA = new Set(runA.records.map((r) => r.text));
  const a: ResultRecord[] = [];
  const b: ResultRecord[] = [];
  const seen = new Set<string>();
  for (const r of runA.records) {
    const other = inB.get(r.text);
    if (!other || seen.has(r.text)) continue;
    seen.add(r.text);
    a.push(r);
    b.push({ ...r, score: other.score, label: other.label, probs: other.probs });
  }
  const onlyA = textsA.size - seen.size;
  const onlyB = inB.size - seen.size;
  return { a, b, matched: a.length, onlyA, onlyB, complete: onlyA === 0 && onlyB === 0 };
}

/** The paired bootstrap of two aligned probe runs (stats/probe/paired.ts) on an alignment. */
export function pairedEstimates(alignment: Alignment, options: PairedOptions): PairedEstimates {
  return pairedProbe(alignment.a, alignment.b, options);
}

export { isPairedMetric, PAIRED_METRICS, type PairedChange, type PairedEstimates, type PairedMetric, type PairedOptions };

/** b - a for independent estimates: the half-widths of the two intervals add in quadrature, side by side. */
export function independentChange(a: Interval, b: Interval): Interval {
  const value = b.value - a.value;
  const lower = Math.hypot(b.value - b.ci[0], a.ci[1] - a.value);
  const upper = Math.hypot(b.ci[1] - b.value, a.value - a.ci[0]);
  return { value, ci: [value - lower, value + upper] };
}

/** Equal up to float noise: a recomputed metric reproduces the stored one. */
export function sameValue(x: number, y: number): boolean {
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}
