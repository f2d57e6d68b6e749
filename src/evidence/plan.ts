/**
 * Audit plan text -> Plan (pure), and loadPlan(path). Validated like probe and policy files: every problem at once,
 * one line each, `<file>:<line>: <dot.path>: <problem>`, exit 2.
 */
import { basename, dirname, extname, resolve } from 'node:path';
import { AXES } from '../data/index.js';
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
      for (const key of DATA_FIELDS) {
        if (r[key] !== undefined) problems.push({ path: ['runs', i, key], message: `${key} applies to data runs` });
      }
    } else problems.push(...axisProblems(r, i));
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

/** The fields of a data run (`audit run --data` options): refused on probe and suite runs. */
const DATA_FIELDS = ['sample', 'text_column', 'label_column', 'positive_label', 'group_columns', 'swap', 'intersect', 'swap_samples',
  'swap_groups', 'threshold', 'min_per_class', 'include_unsure', 'max_rows'] as const;

/** `swap` and `intersect` name axes the tool knows (intersect also the run's group_columns), checked before anything runs. */
function axisProblems(r: PlanRun, i: number): Problem[] {
  const problems: Problem[] = [];
  const axes = AXES as readonly string[];
  const swap = typeof r.swap === 'string' ? r.swap.split(',').map((x) => x.trim()).filter(Boolean) : r.swap ?? [];
  const unknownSwap = swap.filter((a) => !axes.includes(a));
  if (unknownSwap.length) problems.push({ path: ['runs', i, 'swap'], message: `unknown axis ${unknownSwap.join(', ')} (axes: ` +
    `${AXES.join(', ')})` });
  if (r.intersect !== undefined) {
    const columns = r.group_columns ?? [];
    const unknown = r.intersect.filter((a) => !axes.includes(a) && !columns.includes(a));
    if (unknown.length) {
      problems.push({ path: ['runs', i, 'intersect'], message: `unknown axis ${unknown.join(', ')} (axes: ${AXES.join(', ')}` +
        `${columns.length ? `; group_columns: ${columns.join(', ')}` : ''})` });
    } else if (r.intersect.length !== 2) {
      problems.push({ path: ['runs', i, 'intersect'], message: `name exactly two axes (got ${r.intersect.length})` });
    } else if (r.intersect[0] === r.intersect[1]) {
      problems.push({ path: ['runs', i, 'intersect'], message: `the same axis twice (${r.intersect[0]}); name two different axes` });
    }
  }
  return problems;
}

function defaultRunId(r: PlanRun): string {
  const name = r.probe ?? r.suite ?? r.data!;
  const stem = basename(name, extname(name)).toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${r.probe ? 'probe' : r.suite ? 'suite' : 'data'}-${stem || 'run'}`.slice(0, 64);
}
