/**
 * check.json, the verdict beside result.json (written by review/check-io.ts, read by the report and the export): its
 * shape and a guard for reading it back. Types only besides the guard; nothing here imports a stage.
 */
import type { Interval } from './types.js';

export const CHECK_SCHEMA = 'bias-audit/check/1';

export type CheckStatus = 'pass' | 'fail' | 'inconclusive' | 'no_rules';

export interface CheckCounts {
  fail: number;
  inconclusive: number;
  pass: number;
  not_applicable: number;
}

/** One ranked finding (review/findings.ts). */
export interface Finding {
  severity: 'major' | 'medium';
  /** What it is about: a group key or a breakdown row. */
  subject: string;
  value: number;
  ci: [number, number];
  /** |bound of the interval nearest 0| (0 when the interval contains 0): the ranking key. */
  nearest: number;
  sentence: string;
  example?: { a: { text: string; score: number }; b: { text: string; score: number } };
}

export interface CheckFile {
  schema: string;
  checked_at: string;
  policy: { name: string; version: 1 | 2; sha256: string; file: string };
  strict: boolean;
  status: CheckStatus;
  passed: boolean;
  counts: CheckCounts;
  subject: { probe: string | null; suite: string | null; data?: string | null; model: string; fingerprint: string };
  baseline: { model: string; fingerprint: string; created_at: string } | null;
  rules: {
    id: string; metric: string; part?: string; selector: string; kind: string; status: string; threshold: number; on: string;
    value: number | null; ci: Interval['ci'] | null; compared: number | null; message: string;
  }[];
  findings: Finding[];
  /** The margin findings were read against, and the control's scale line (probe runs). */
  finding_margin: number;
  scale: string | null;
  warnings: string[];
}

/** A check.json as read (it crossed a file boundary): only the shape is trusted after this guard. */
export function isCheckFile(value: unknown): value is CheckFile {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<CheckFile>;
  return v.schema === CHECK_SCHEMA && Array.isArray(v.rules) && Array.isArray(v.findings) && typeof v.status === 'string'
    && typeof v.counts === 'object' && v.counts !== null && typeof v.policy === 'object' && v.policy !== null;
}
