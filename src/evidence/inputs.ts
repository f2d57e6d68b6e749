/**
 * Every file a plan's runs read, found the way the runs will find them: the plan, the policy, each probe and its
 * lexicon files, each suite's and data run's files; and the model, by fingerprint. What the lock records.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { PACKAGE_ROOT, PROBES_DIR, LEXICONS_DIR, datasetsDir } from '../config/paths.js';
import { resolveModel } from '../config/model.js';
import { DATASETS } from '../datasets/index.js';
import { inputError } from '../errors.js';
import { modelFingerprint } from '../model/index.js';
import { isLexiconPath, lexiconRefs, parseProbeSpec } from '../probe/index.js';
import type { Plan, PlannedRun } from './plan.js';
import { sha256File } from './hash.js';

export type InputRole = 'policy' | 'probe' | 'lexicon' | 'dataset' | 'data';

export interface LockedInput {
  role: InputRole;
  /** The run that reads it; null for the policy. */
  run: string | null;
  /** Relative to the plan file's folder (built-in files: to the package, prefixed "bias-audit:"). */
  path: string;
  sha256: string;
}

export interface LockedModel {
  /** As the plan names it. */
  name: string;
  fingerprint: string;
  demo: boolean;
}

export interface InputOptions {
  datasets?: string;
  cache?: string;
}

export const BUILTIN_DATA = new Map([['sst2-dev', 'sst2']]);

export function policyPath(plan: Plan): string {
  return plan.policy === 'default' ? join(PACKAGE_ROOT, 'policies', 'default.yaml') : resolve(plan.baseDir, plan.policy);
}

/** A probe: a path when it has a slash or an extension (relative to the plan), else a built-in id. */
export function probePath(plan: Plan, probe: string): string {
  if (/[\\/]/.test(probe) || /\.(ya?ml|json)$/i.test(probe)) return resolve(plan.baseDir, probe);
  for (const ext of ['.yaml', '.yml', '.json']) {
    const p = join(PROBES_DIR, `${probe}${ext}`);
    if (existsSync(p)) return p;
  }
  return join(PROBES_DIR, `${probe}.yaml`);
}

/** A data run's file (a built-in dataset id is kept as is: runAudit resolves it). */
export function dataPath(plan: Plan, data: string): string {
  return BUILTIN_DATA.has(data) ? data : resolve(plan.baseDir, data);
}

export function modelArg(plan: Plan): string {
  const asPath = resolve(plan.baseDir, plan.model);
  return plan.model !== 'demo' && existsSync(asPath) ? asPath : plan.model;
}

export async function lockedModel(plan: Plan, options: InputOptions): Promise<LockedModel> {
  const resolved = resolveModel(modelArg(plan), options.cache);
  return { name: plan.model, fingerprint: await modelFingerprint(resolved.dir), demo: resolved.demo };
}

export function lockedInputs(plan: Plan, options: InputOptions): LockedInput[] {
  const show = (path: string) => displayOf(plan, path);
  const hashed = (role: InputRole, run: string | null, path: string, shown = show(path)): LockedInput => {
    if (!existsSync(path)) throw inputError('E_PLAN_INPUT', `${plan.path}: ${role} file ${shown}${run ? ` (run ${run})` : ''} ` +
      `does not exist`);
    return { role, run, path: shown, sha256: sha256File(path) };
  };
  const out: LockedInput[] = [hashed('policy', null, policyPath(plan))];
  const datasets = datasetsDir(options.datasets, options.cache);
  for (const run of plan.runs) {
    out.push(...runInputs(plan, run, datasets).map(([role, path]) => hashed(role, run.id, path,
      role === 'dataset' ? `datasets:${relative(datasets, path)}` : show(path))));
  }
  return out;
}

function runInputs(plan: Plan, run: PlannedRun, datasets: string): [InputRole, string][] {
  if (run.probe) {
    const path = probePath(plan, run.probe);
    if (!existsSync(path)) return [['probe', path]];
    const parsed = parseProbeSpec(readFileSync(path, 'utf8'), path);
    const lexicons = lexiconRefs(parsed).map((ref): [InputRole, string] =>
      ['lexicon', isLexiconPath(ref) ? resolve(dirname(path), ref) : join(LEXICONS_DIR, `${ref}.json`)]);
    return [['probe', path], ...lexicons];
  }
  if (run.suite) {
    const info = DATASETS.find((d) => d.name === run.suite)!;
    return info.files.map((f) => ['dataset', join(datasets, f)]);
  }
  const builtin = BUILTIN_DATA.get(run.data!);
  if (builtin) return DATASETS.find((d) => d.name === builtin)!.files.filter((f) => f.includes('dev')).map((f) => ['dataset',
    join(datasets, f)]);
  return [['data', resolve(plan.baseDir, run.data!)]];
}

/** Relative to the plan's folder; the package's own files as "bias-audit:<path>" (they move with the install). */
function displayOf(plan: Plan, path: string): string {
  const fromPackage = relative(PACKAGE_ROOT, path);
  if (!fromPackage.startsWith('..') && !isAbsolute(fromPackage) && !path.startsWith(plan.baseDir + '/')) return `bias-audit:${fromPackage}`;
  return relative(plan.baseDir, path);
}
