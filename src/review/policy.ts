/**
 * Policy file text -> Policy (pure), and loadPolicy(path) (the only I/O). Every problem is reported at once, one
 * line each: `<file>:<line>: <dot.path>: <problem>`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { inputError } from '../errors.js';
import { formatProblems, SourceLines, valueAt, type PathKey, type Problem } from '../util/problems.js';
import { REMOVED_METRICS } from '../result/index.js';
import { policyFileSchema, POLICY_FIELDS, type MetricRule } from './policy-schema.js';
import { limit, LIMITS } from '../config/limits.js';
import { readTextFile, TextFileError } from '../util/read-text.js';
import { documentData, yamlErrorText } from '../util/yaml-data.js';

export type { MetricRule } from './policy-schema.js';

/** Where a policy came from, so that later problems (unknown metrics) can point at their line too. */
export interface PolicySource {
  file: string;
  lineOf(path: PathKey[]): number;
}

export interface Policy {
  name: string;
  description: string;
  /** 2: three outcomes per rule (margins); 1: the fail-only reading of older policies (the default when absent). */
  version: 1 | 2;
  /** Version 2: whether an inconclusive rule fails the check (like --strict). */
  inconclusive: 'pass' | 'fail';
  /** sha256 of the policy text, so that check.json names exactly which policy was applied. */
  sha256: string;
  /** `audit diff`'s tolerance of "changed" / "unchanged" when the policy sets one (probability scale). */
  tolerance?: number;
  /** Selector (probe id, suite name or "*") -> metric -> rule. */
  rules: Record<string, Record<string, MetricRule>>;
  source?: PolicySource;
}

/** `file` names the policy in problem lines (and gives the default name). */
export function parsePolicy(text: string, file = '<policy>'): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const lines = new SourceLines(doc, lineCounter);
  const fail = (problems: Problem[]): never => {
    throw inputError('E_POLICY_INVALID', `${file}: invalid policy (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
      formatProblems(file, problems, lines));
  };
  if (doc.errors.length > 0) {
    fail(doc.errors.map((e) => ({ path: [], label: '(yaml)', line: e.linePos?.[0].line ?? 1, message: yamlErrorText(e.message) })));
  }
  const data = documentData(doc);
  if (!data.ok) fail([{ path: [], label: '(yaml)', line: 1, message: data.message }]);
  const raw: unknown = (data as { value: unknown }).value;
  if (raw === null || raw === undefined) fail([{ path: [], message: 'the policy file is empty' }]);
  if (typeof raw !== 'object' || Array.isArray(raw)) fail([{ path: [], message: 'expected a mapping with a "rules" field' }]);
  const parsed = policyFileSchema.safeParse(raw);
  if (!parsed.success) fail(parsed.error.issues.flatMap((issue) => issueProblems(issue, raw)));
  const policy = parsed.data!;
  const removed = Object.entries(policy.rules).flatMap(([selector, rules]) =>
    Object.keys(rules).flatMap((metric) => {
      const replacement = REMOVED_METRICS.get(metric);
      return replacement === undefined ? [] : [{ path: ['rules', selector, metric], atKey: true, message: `metric "${metric}" was ` +
        `removed (result schema 2); use ${replacement}` }];
    }),
  );
  if (removed.length > 0) {
    throw inputError('E_POLICY_METRIC_REMOVED', `${file}: the policy names` +
      ` ${removed.length === 1 ? 'a removed metric' : 'removed metrics'}`, formatProblems(file, removed, lines));
  }
  return {
    name: policy.name ?? basename(file, extname(file)),
    description: policy.description ?? '',
    version: policy.version ?? 1,
    inconclusive: policy.inconclusive ?? 'pass',
    sha256: createHash('sha256').update(text).digest('hex'),
    ...(policy.tolerance === undefined ? {} : { tolerance: policy.tolerance }),
    rules: policy.rules,
    source: { file, lineOf: (path) => lines.lineOf(path) },
  };
}

export function loadPolicy(path: string): Policy {
  if (!existsSync(path)) throw inputError('E_POLICY_MISSING', `${path}: no such policy file.`);
  let text: string;
  try {
    text = readTextFile(path, path, { maxBytes: limit('policyBytes'), limitHint: `set ${LIMITS.policyBytes.env} to change it` });
  } catch (e) {
    if (e instanceof TextFileError) throw inputError('E_POLICY_INVALID', e.message);
    throw e;
  }
  return parsePolicy(text, path);
}

/** "<file>:<line>: <dot.path>" for a policy path; "<policy>: ..." when the policy was built in code. */
export function policyLocation(policy: Policy, path: PathKey[]): string {
  const dotted = path.join('.');
  return policy.source ? `${policy.source.file}:${policy.source.lineOf(path)}: ${dotted}` : `<policy>: ${dotted}`;
}

function issueProblems(issue: z.core.$ZodIssue, raw: unknown): Problem[] {
  const path = issue.path as PathKey[];
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = path.length === 0 ? POLICY_FIELDS.policy : POLICY_FIELDS.rule;
      return issue.keys.map((key) => ({ path: [...path, key], atKey: true, message: `unknown field (allowed: ${allowed.join(', ')})` }));
    }
    case 'invalid_type':
      if (value === undefined) return [{ path, message: 'required field is missing' }];
      return [{ path, message: `expected ${article(issue.expected)}, got ${describe(value)}` }];
    case 'invalid_value':
      return [{ path, message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${describe(value)})` }];
    case 'invalid_key':
      return [{ path, atKey: true, message: issue.issues.map((i) => i.message).join('; ') }];
    default:
      return [{ path, message: issue.message }];
  }
}

function article(expected: string): string {
  const names: Record<string, string> = { number: 'a number', string: 'a string', object: 'a mapping', record: 'a mapping' };
  return names[expected] ?? expected;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}
