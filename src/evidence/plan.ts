/**
 * Audit plan text -> Plan (pure), and loadPlan(path). Validated like probe and policy files: every problem at once,
 * one line each, `<file>:<line>: <dot.path>: <problem>`, exit 2.
 */
import { basename, dirname, extname, resolve } from 'node:path';
import { inputError } from '../errors.js';
import { limit, LIMITS } from '../config/limits.js';
import type { Problem } from '../util/problems.js';
import { readTextFile, TextFileError } from '../util/read-text.js';
import { parseYamlFile } from '../util/yaml-file.js';
import { planFileSchema, PLAN_FIELDS, type PlanFile, type PlanRun } from './plan-schema.js';

export interface PlannedRun extends PlanRun {
  /** The folder under DIR/runs/. */
  id: string;
  kind: 'probe' | 'suite' | 'data';
}

export interface Plan extends Omit<PlanFile, 'runs'> {
  runs: PlannedRun[];
  /** The plan file, and the folder its relative paths start from. */
  path: string;
  baseDir: string;
  /** The file's text as read (what is locked and copied into DIR). */
  text: string;
}

export function parsePlan(text: string, file: string): Plan {
  const { data: plan, fail } = parseYamlFile(text, file, planFileSchema, {
    code: 'E_PLAN_INVALID', what: 'audit plan', empty: 'the plan file is empty (audit plan init writes one)',
    notMapping: 'expected a mapping (audit plan init writes one)',
    allowedAt: (path) => PLAN_FIELDS[path.length === 0 ? '' : String(path.find((p) => typeof p === 'string') ?? '')] ?? [],
  });
  const runs = plan.runs.map((r): PlannedRun => ({ ...r, kind: r.probe ? 'probe' : r.suite ? 'suite' : 'data',
    id: r.id ?? defaultRunId(r) }));
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  runs.forEach((r, i) => {
    const first = seen.get(r.id);
    if (first === undefined) seen.set(r.id, i);
    else problems.push({ path: ['runs', i], message: `run id "${r.id}" is also run ${first + 1}'s: give one of them an id` });
    if (r.kind !== 'probe' && r.limit !== undefined) problems.push({ path: ['runs', i, 'limit'], message: 'limit applies to probe runs' });
    if (r.kind !== 'data') {
      for (const key of ['sample', 'text_column', 'label_column', 'positive_label', 'group_columns', 'swap'] as const) {
        if (r[key] !== undefined) problems.push({ path: ['runs', i, key], message: `${key} applies to data runs` });
      }
    }
  });
  if (plan.data_handling.redact && !plan.data_handling.redact_key) {
    problems.push({ path: ['data_handling', 'redact'], message: 'redact needs redact_key: a key file kept outside the audit directory' });
  }
  if (problems.length > 0) fail(problems);
  return { ...plan, runs, path: file, baseDir: dirname(resolve(file)), text };
}

export function loadPlan(path: string): Plan {
  let text: string;
  try {
    text = readTextFile(path, path, { maxBytes: limit('policyBytes'), limitHint: `set ${LIMITS.policyBytes.env} to change it` });
  } catch (e) {
    if (e instanceof TextFileError) throw inputError(e.reason === 'missing' ? 'E_PLAN_MISSING' : 'E_PLAN_INVALID', e.message);
    throw e;
  }
  return parsePlan(text, path);
}

function defaultRunId(r: PlanRun): string {
  const name = r.probe ?? r.suite ?? r.data!;
  const stem = basename(name, extname(name)).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${r.probe ? 'probe' : r.suite ? 'suite' : 'data'}-${stem || 'run'}`.slice(0, 64);
}
