/**
 * DIR/plan.lock.json: what a plan's runs rest on, fixed when the plan is first run. A later `audit run --plan`
 * compares (pure: compareLocks) and refuses drift, naming each change; `audit plan amend` re-locks a new version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';
import { sha256 } from './hash.js';
import { lockedInputs, lockedModel, type InputOptions, type LockedInput, type LockedModel } from './inputs.js';
import type { Plan } from './plan.js';

export const LOCK_FILE = 'plan.lock.json';
/** The locked plan's text, copied into DIR so that the record holds it. */
export const PLAN_COPY = 'plan.yaml';
export const HISTORY_DIR = 'plan-history';

export interface PlanHistoryEntry {
  version: number;
  file: string;
  sha256: string;
}

export interface PlanLock {
  lock_version: 1;
  tool: { name: string; version: string };
  plan: { file: string; version: number; sha256: string };
  model: LockedModel;
  inputs: LockedInput[];
  /** Earlier versions of the plan (audit plan amend). */
  history: PlanHistoryEntry[];
  /** Run id -> the plan version it was run under (filled as runs complete). */
  runs: Record<string, { plan_version: number }>;
}

export async function buildLock(plan: Plan, options: InputOptions, history: PlanHistoryEntry[] = []): Promise<PlanLock> {
  return {
    lock_version: 1,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    plan: { file: PLAN_COPY, version: plan.version, sha256: sha256(plan.text) },
    model: await lockedModel(plan, options),
    inputs: lockedInputs(plan, options),
    history,
    runs: {},
  };
}

/** What changed from the locked state to now, one plain line each (empty: no drift). */
export function compareLocks(locked: PlanLock, now: PlanLock): string[] {
  const changes: string[] = [];
  if (locked.plan.sha256 !== now.plan.sha256) {
    changes.push(locked.plan.version === now.plan.version
      ? `the plan changed since version ${locked.plan.version} was locked (audit plan amend records a new version)`
      : `the plan is version ${now.plan.version}, the lock version ${locked.plan.version} (audit plan amend records a new version)`);
  }
  if (locked.model.fingerprint !== now.model.fingerprint) {
    changes.push(`model ${now.model.name}: fingerprint ${short(now.model.fingerprint)}, locked ${short(locked.model.fingerprint)} ` +
      `(${locked.model.name})`);
  }
  if (locked.tool.version !== now.tool.version) changes.push(`tool version ${now.tool.version}, locked ${locked.tool.version}`);
  const key = (i: LockedInput) => `${i.role}\u0000${i.run ?? ''}\u0000${i.path}`;
  const before = new Map(locked.inputs.map((i) => [key(i), i]));
  const after = new Map(now.inputs.map((i) => [key(i), i]));
  for (const [k, i] of after) {
    const was = before.get(k);
    const where = `${i.role} file ${i.path}${i.run ? ` (run ${i.run})` : ''}`;
    if (!was) changes.push(`${where}: not in the lock (a new input)`);
    else if (was.sha256 !== i.sha256) changes.push(`${where} changed: sha256 ${short(i.sha256)}, locked ${short(was.sha256)}`);
  }
  for (const [k, i] of before) if (!after.has(k)) changes.push(`${i.role} file ${i.path}${i.run ? ` (run ${i.run})` : ''}: locked, no ` +
    `longer read`);
  return changes;
}

function short(hash: string): string {
  return hash.slice(0, 12);
}

export function readLock(dir: string): PlanLock | null {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return null;
  let lock: unknown;
  try {
    lock = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw inputError('E_PLAN_LOCK', `${path}: not valid JSON (${(e as Error).message})`);
  }
  const l = lock as Partial<PlanLock>;
  if (l?.lock_version !== 1 || !l.plan || !l.model || !Array.isArray(l.inputs) || !Array.isArray(l.history) || typeof l.runs !== 'object') {
    throw inputError('E_PLAN_LOCK', `${path}: not a plan lock of version 1`);
  }
  return l as PlanLock;
}

export function writeLock(dir: string, lock: PlanLock): void {
  writeFileAtomic(join(dir, LOCK_FILE), `${JSON.stringify(lock, null, 2)}\n`);
}

/** The sha256 of plan.lock.json as written: where the decision record's hash chain starts. */
export function lockSha256(dir: string): string {
  return sha256(readFileSync(join(dir, LOCK_FILE)));
}
