/**
 * Problems in a probe file, each printed as one line `<file>:<line>: <dot.path>: <problem>`. Lines come from the
 * YAML document (yaml's LineCounter), so a problem found on the parsed value can still point at its source line.
 */
import type { z } from 'zod';
import { describe } from '../expand/index.js';
import { valueAt, type PathKey, type Problem } from '../util/problems.js';
import { KNOWN_FIELDS } from './schema.js';

export { formatPath, formatProblems, SourceLines, valueAt, type PathKey, type Problem } from '../util/problems.js';

/** Zod issues as problems with plain messages ("required field is missing", "expected a string, got a number"). */
export function issueProblems(issues: readonly z.core.$ZodIssue[], raw: unknown, base: PathKey[] = []): Problem[] {
  return issues.flatMap((issue) => issueProblem(issue, raw, base));
}

function issueProblem(issue: z.core.$ZodIssue, raw: unknown, base: PathKey[]): Problem[] {
  const path = [...base, ...(issue.path as PathKey[])];
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownField(key, path), atKey: true }));
    case 'invalid_type':
      if (value === undefined) return [{ path, message: 'required field is missing' }];
      return [{ path, message: `expected ${typeName(issue.expected)}, got ${describeValue(value)}` }];
    case 'invalid_value':
      return [{ path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describeValue(value)})` }];
    case 'too_small':
      if (issue.origin === 'number') {
        return [{ path, message: issue.inclusive ? `must be at least ${issue.minimum}` : `must be greater than ${issue.minimum}` }];
      }
      return [{ path, message: issue.message }];
    case 'invalid_key': {
      const name = JSON.stringify(path[path.length - 1]);
      return [{ path, message: `slot name ${name}: ${issue.issues.map((i) => i.message).join('; ')}`, atKey: true }];
    }
    case 'invalid_union':
      return unionProblems(issue, raw, path);
    default:
      return [{ path, message: issue.message }];
  }
}

/**
 * A value matched none of a union's shapes. Report the shape it was evidently meant to be (the one whose own type
 * matched and that has the fewest problems); when that is unclear, say what the union accepts.
 */
function unionProblems(issue: z.core.$ZodIssueInvalidUnion, raw: unknown, path: PathKey[]): Problem[] {
  const value = valueAt(raw, path);
  if (value === undefined) return [{ path, message: 'required field is missing' }];
  if (issue.discriminator !== undefined && issue.errors.length === 0) {
    // A discriminated union ({type: ...}, {mode: ...}) whose discriminator matched no option.
    const options = 'options' in issue ? (issue.options ?? []) : [];
    return [{ path, message: `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')} (got ${describeValue(value)})` }];
  }
  if (isUnquotedTemplate(path, value)) {
    return [{ path, message: 'read as a mapping: quote a template that starts with "{", e.g. - "{country} is ..."' }];
  }
  const fitting = issue.errors.filter((branch) => !branch.some((i) => i.code === 'invalid_type' && i.path.length === 0));
  if (fitting.length > 0) {
    const fewest = Math.min(...fitting.map((b) => b.length));
    const best = fitting.filter((b) => b.length === fewest);
    if (best.length === 1) return issueProblems(best[0], raw, path);
  }
  return [{ path, message: `expected ${unionExpectation(path)}, got ${describeValue(value)}` }];
}

function unionExpectation(path: PathKey[]): string {
  const kind = objectKind(path);
  if (kind === 'template') return 'a template string or {id?, text, frame?, paraphrase_of?}';
  if (kind === 'slot') return 'either {lexicon, where?} or {values}';
  if (path.includes('values')) return 'a string or {name, ...attributes}';
  if (path.length === 1 && path[0] === 'attribute') return 'a slot name, "slot.attribute" or a list of them';
  return 'a different value';
}

function isUnquotedTemplate(path: PathKey[], value: unknown): boolean {
  if (objectKind(path) !== 'template' || value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return entries.length > 0 && entries.every(([, v]) => v === null);
}

/** Which kind of object sits at a path of the probe file. */
function objectKind(path: PathKey[]): string | null {
  if (path.length === 0) return 'probe';
  if (path.length === 2 && path[0] === 'templates') return 'template';
  if ((path.length === 2 && path[0] === 'slots') || (path.length === 1 && path[0] === 'control')) return 'slot';
  if (path.length === 1 && (path[0] === 'expectation' || path[0] === 'sampling')) return String(path[0]);
  return null;
}

function unknownField(key: string, path: PathKey[]): string {
  const kind = objectKind(path);
  const known = kind ? KNOWN_FIELDS[kind] : [];
  // A field of this kind of object that this form of it does not take ("where" beside "values"): not a typo.
  if (known.includes(key)) return kind === 'slot' ? `"${key}" does not go with the other fields here (a slot is either {lexicon, where?} ` +
    `or {values})` : `"${key}" is not allowed here`;
  const close = known.find((k) => editDistance(k, key) <= 2);
  if (close) return `unknown field (did you mean "${close}"?)`;
  return known.length > 0 ? `unknown field (allowed: ${known.join(', ')})` : 'unknown field';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
    null: 'null',
  };
  return names[expected] ?? expected;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `${describe(value).replace(/^an? /, '')} ${value}`;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return 'a mapping';
  return describe(value);
}
