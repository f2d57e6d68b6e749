/** `audit plan init|amend` and `audit run --plan`: the plan fixed before scoring, its runs, and the lock. */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  amendPlan, buildLock, compareLocks, dataPath, LOCK_FILE, loadPlan, modelArg, PLAN_COPY, planTemplate, policyPath, probePath,
  readLock, writeLock, type Plan, type PlannedRun, type PlanLock,
} from '../../evidence/index.js';
import { AuditError, inputError, isAuditError, usageError } from '../../errors.js';
import { writeFileAtomic } from '../../util/atomic.js';
import type { RunArgs } from '../commands/run.js';
import { info } from '../progress.js';

export interface PlanInitArgs {
  out: string;
  model?: string;
  probe?: string[];
  suite?: string[];
  data?: string[];
  force?: boolean;
  quiet: boolean;
}

export function planInit(args: PlanInitArgs): void {
  if (existsSync(args.out) && !args.force) throw usageError('E_OUT_DIR', `--out ${args.out}: exists; give a new file name (or --force to ` +
    `replace it)`);
  writeFileAtomic(args.out, planTemplate({ model: args.model, probes: args.probe, suites: args.suite, data: args.data }));
  loadPlan(args.out); // what init writes must load (TODO values are plain strings)
  process.stdout.write(`${args.out}\n`);
}

export interface PlanAmendArgs {
  plan: string;
  out: string;
  datasets?: string;
  cache?: string | false;
  quiet: boolean;
}

export async function planAmend(args: PlanAmendArgs): Promise<void> {
  const amended = await amendPlan(args.plan, args.out, inputOptions(args));
  info(args.quiet, `plan version ${amended.from} kept as ${join(args.out,
    amended.kept)}; ${args.plan} is version ${amended.to} and locked`);
  process.stdout.write(`${join(args.out, LOCK_FILE)}\n`);
}

/** `audit run --plan FILE --out DIR`: lock (or check the lock), then every run not yet made under this version. */
export async function runPlan(args: RunArgs): Promise<void> {
  if (!args.out) throw usageError('E_USAGE', '--plan needs --out DIR: the audit directory (plan.lock.json, runs/<id>/)');
  if (args.probe || args.suite || args.data || args.replay) throw usageError('E_USAGE', '--plan runs what the plan names: drop --probe, ' +
    '--suite, --data and --replay');
  const plan = loadPlan(args.plan!);
  const dir = resolve(args.out);
  const options = inputOptions(args);
  const now = await buildLock(plan, options);
  const locked = readLock(dir);
  let lock: PlanLock;
  if (locked) {
    const changes = compareLocks(locked, now);
    if (changes.length > 0) {
      throw inputError('E_PLAN_DRIFT', `${join(args.out, LOCK_FILE)}:` +
        ` ${changes.length === 1 ? changes[0] : `${changes.length} changes since the plan was locked`}`,
        changes.length === 1 ? [] : changes);
    }
    lock = locked;
  } else {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(join(dir, PLAN_COPY), plan.text);
    lock = now;
    writeLock(dir, lock);
  }
  const failed: string[] = [];
  for (const run of plan.runs) {
    const runDir = join(dir, 'runs', run.id);
    if (lock.runs[run.id]?.plan_version === plan.version && existsSync(join(runDir, 'result.json'))) {
      info(args.quiet, `${run.id}: already run under plan version ${plan.version}`);
      continue;
    }
    if (existsSync(runDir)) rmSync(runDir, { recursive: true, force: true }); // made under an earlier version
    info(args.quiet, `${run.id}: running`);
    try {
      await (await import('./run.js')).run(runArgs(args, plan, run, runDir, dir));
    } catch (e) {
      if (!(isAuditError(e) && e.kind === 'policy')) throw e;
      failed.push(run.id); // the run is written, with its check files; the next runs still run
    }
    lock.runs[run.id] = { plan_version: plan.version };
    writeLock(dir, lock);
  }
  if (failed.length > 0) throw new AuditError('E_POLICY_FAILED', `policy ${plan.policy}: a rule fails ` +
    `in ${failed.join(', ')}`, { kind: 'policy' });
}

function runArgs(args: RunArgs, plan: Plan, run: PlannedRun, out: string, auditDir: string): RunArgs {
  const redact = run.kind === 'data' && plan.data_handling.redact === true;
  return {
    ...args, plan: undefined, out, model: modelArg(plan), seed: plan.seed, resamples: plan.resamples, policy: policyPath(plan),
    redact, redactKey: redact ? resolve(plan.baseDir, plan.data_handling.redact_key!) : undefined, redactOutside: [auditDir],
    probe: run.probe === undefined ? undefined : probePath(plan, run.probe),
    suite: run.suite, limit: run.limit,
    data: run.data === undefined ? undefined : dataPath(plan, run.data),
    sample: run.sample, textColumn: run.text_column, labelColumn: run.label_column, positiveLabel: run.positive_label,
    groupColumns: run.group_columns?.join(','), swap: Array.isArray(run.swap) ? run.swap.join(',') : run.swap,
    // The plan's data options replace the command line's (and its defaults) where the plan sets them.
    intersect: run.intersect?.join(',') ?? args.intersect,
    swapSamples: run.swap_samples ?? args.swapSamples, swapGroups: run.swap_groups ?? args.swapGroups,
    threshold: run.threshold ?? args.threshold, minPerClass: run.min_per_class ?? args.minPerClass,
    includeUnsure: run.include_unsure ?? args.includeUnsure, maxRows: run.max_rows ?? args.maxRows,
  };
}

function inputOptions(args: { datasets?: string; cache?: string | false }): { datasets?: string; cache?: string } {
  return { datasets: args.datasets, cache: typeof args.cache === 'string' ? args.cache : undefined };
}
