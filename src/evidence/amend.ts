/**
 * `audit plan amend`: the plan file gets the next `version`, the locked one is kept as DIR/plan-history/v<N>.yaml
 * with its sha256, and the lock is rebuilt on the new version (runs of an older version run again).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { inputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { sha256 } from './hash.js';
import type { InputOptions } from './inputs.js';
import { buildLock, HISTORY_DIR, PLAN_COPY, readLock, writeLock, type PlanLock } from './lock.js';
import { loadPlan, parsePlan } from './plan.js';

export interface Amended {
  from: number;
  to: number;
  kept: string;
  lock: PlanLock;
}

export async function amendPlan(planPath: string, dir: string, options: InputOptions): Promise<Amended> {
  const locked = readLock(dir);
  if (!locked) throw inputError('E_PLAN_LOCK', `${dir}: no plan.lock.json (run the plan first: audit run --plan ${planPath} --out ${dir})`);
  loadPlan(planPath); // a plan with problems is not amended
  const oldText = readFileSync(join(dir, PLAN_COPY), 'utf8');
  const from = locked.plan.version;
  const to = from + 1;
  const kept = join(HISTORY_DIR, `v${from}.yaml`);
  mkdirSync(join(dir, HISTORY_DIR), { recursive: true });
  writeFileAtomic(join(dir, kept), oldText);
  // Comments and layout of the user's file stay; only `version` changes.
  const doc = parseDocument(readFileSync(planPath, 'utf8'));
  doc.set('version', to);
  const text = doc.toString();
  writeFileAtomic(planPath, text);
  const plan = parsePlan(text, planPath);
  const history = [...locked.history, { version: from, file: kept, sha256: sha256(oldText) }];
  const lock = { ...(await buildLock(plan, options, history)), runs: locked.runs };
  writeFileAtomic(join(dir, PLAN_COPY), text);
  writeLock(dir, lock);
  return { from, to, kept, lock };
}
