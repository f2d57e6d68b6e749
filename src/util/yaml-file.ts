/**
 * A YAML file read into a zod schema, every problem at once, one line each: `<file>:<line>: <dot.path>: <problem>`.
 * The one reader behind policies, audit plans and prompt files (probe files add their own rules on top of the
 * same pieces in probe/). Pure: the caller reads the text.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { ErrorCode } from '../error-codes.js';
import { inputError } from '../errors.js';
import { formatProblems, SourceLines, valueAt, type PathKey, type Problem } from './problems.js';
import { documentData, yamlErrorText } from './yaml-data.js';

export interface YamlFileKind {
  /** The error code of every refusal, e.g. E_POLICY_INVALID. */
  code: ErrorCode;
  /** What the file is, in the summary line: "<file>: invalid <what> (N problems)". */
  what: string;
  /** The problem line for an empty file, and for one that is not a mapping. */
  empty: string;
  notMapping: string;
  /** The fields allowed where an unknown one was found, listed in its problem line. */
  allowedAt?: (path: PathKey[]) => readonly string[];
}

export interface YamlFile<T> {
  data: T;
  /** Source lines of the document, for problems found later on the parsed value. */
  lines: SourceLines;
  /** Throws the kind's refusal listing these problems. */
  fail: (problems: Problem[]) => never;
}

export function parseYamlFile<S extends z.ZodType>(text: string, file: string, schema: S, kind: YamlFileKind): YamlFile<z.infer<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lines = new SourceLines(doc, lineCounter);
  const fail = (problems: Problem[]): never => {
    const n = problems.length;
    throw inputError(kind.code, `${file}: invalid ${kind.what} (${n} problem${n === 1 ? '' : 's'})`, formatProblems(file, problems, lines));
  };
  if (doc.errors.length > 0) {
    fail(doc.errors.map((e) => ({ path: [], label: '(yaml)', line: e.linePos?.[0].line ?? 1, message: yamlErrorText(e.message) })));
  }
  const read = documentData(doc);
  if (!read.ok) fail([{ path: [], label: '(yaml)', line: 1, message: read.message }]);
  const raw: unknown = (read as { value: unknown }).value;
  if (raw === null || raw === undefined) fail([{ path: [], message: kind.empty }]);
  if (typeof raw !== 'object' || Array.isArray(raw)) fail([{ path: [], message: kind.notMapping }]);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) fail(parsed.error.issues.flatMap((issue) => zodProblems(issue, raw, kind.allowedAt)));
  return { data: parsed.data as z.infer<S>, lines, fail };
}

/** A zod issue as plain problem lines ("required field is missing", "expected a number, got a list"). */
export function zodProblems(issue: z.core.$ZodIssue, raw: unknown, allowedAt?: (path: PathKey[]) => readonly string[]): Problem[] {
  const path = issue.path as PathKey[];
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedAt?.(path) ?? [];
      const hint = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
      return issue.keys.map((key) => ({ path: [...path, key], atKey: true, message: `unknown field${hint}` }));
    }
    case 'invalid_type':
      if (value === undefined) return [{ path, message: 'required field is missing' }];
      return [{ path, message: `expected ${typeName(issue.expected)}, got ${describeValue(value)}` }];
    case 'invalid_value':
      return [{ path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describeValue(value)})` }];
    case 'invalid_key':
      return [{ path, atKey: true, message: issue.issues.map((i) => i.message).join('; ') }];
    default:
      return [{ path, message: issue.message }];
  }
}

function typeName(expected: string): string {
  const names: Record<string, string> = { object: 'a mapping', record: 'a mapping', array: 'a list', int: 'an integer' };
  return names[expected] ?? `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}
