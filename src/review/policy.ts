/**
 * Policy file text -> Policy (pure), and loadPolicy(path) (the only I/O). Every problem is reported at once, one
 * line each: `<file>:<line>: <dot.path>: <problem>`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { inputError } from '../errors.js';
import { formatProblems, type PathKey } from '../util/problems.js';
import { REMOVED_METRICS } from '../result/index.js';
import { policyFileSchema, POLICY_FIELDS, type MetricRule } from './policy-schema.js';
import { limit, LIMITS } from '../config/limits.js';
import { readTextFile, TextFileError } from '../util/read-text.js';
import { parseYamlFile } from '../util/yaml-file.js';

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
  /** Selector (probe id, suite name or "*") -> metric -> rule. */
  rules: Record<string, Record<string, MetricRule>>;
  source?: PolicySource;
}

/** `file` names the policy in problem lines (and gives the default name). */
export function parsePolicy(text: string, file = '<policy>'): Policy {
  const { data: policy, lines } = parseYamlFile(text, file, policyFileSchema, {
    code: 'E_POLICY_INVALID', what: 'policy', empty: 'the policy file is empty', notMapping: 'expected a mapping with a "rules" field',
    allowedAt: (path) => (path.length === 0 ? POLICY_FIELDS.policy : POLICY_FIELDS.rule),
  });
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
