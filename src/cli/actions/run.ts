import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAudit, type DataAudit, type ProbeAudit, type SuiteAudit } from '../../audit.js';
import { cacheDir } from '../../config/paths.js';
import { loadProbeSpec } from '../../probe/index.js';
import { cacheWarning, defaultRunDir, isCacheStorageError, ScoreCache } from '../../runner/index.js';
import type { RunArgs } from '../commands/run.js';
import { info, progressRenderer } from '../progress.js';
import { cacheArg, classifierOptions, loadModelFromArgs } from './load-model.js';

/** `audit run --probe ID|FILE`, `--suite NAME` and `--data FILE`: runAudit with the command line's options, then --policy. */
export async function run(args: RunArgs): Promise<void> {
  const cache = openScoreCache(args);
  // With --queue the run is the coordinator: the model is identified here and scored by `audit worker` processes.
  const queued = args.queue ? await (await import('./queue.js')).connectQueue(args) : null;
  try {
    const model = queued
      ? { classifier: queued.classifier, modelInfo: queued.modelInfo, remote: queued.remote }
      : { model: classifierOptions(args) };
    const common = { ...model, cache, seed: args.seed, resamples: args.resamples, interactive: args.interactive, onWarning: warn };
    const outcome = args.data
      ? await dataAudit(args, common)
      : args.suite ? await suiteAudit(args, common) : await probeAudit(args, common);
    for (const warning of outcome.warnings) info(args.quiet, `warning: ${warning}`);
    const c = outcome.result.counts;
    const seconds = outcome.result.timings.score_s.toFixed(1);
    const data = outcome.result.kind === 'data' ? outcome.result.data : null;
    const what = data ? `${data.rows} texts and ${data.swaps?.counterfactuals ?? 0} counterfactuals` : `${c.sentences} sentences`;
    info(args.quiet, `${what} (${c.unique_texts} distinct; ${c.scored} scored, ${c.cached} from cache) in ${seconds} s`);
    process.stdout.write(`${join(outcome.dir!, 'result.json')}\n${outcome.report}\n`);
    if (args.policy !== 'none') await checkAfterRun(outcome.dir!, args);
  } finally {
    cache?.close();
    await queued?.classifier.dispose();
  }
}

async function probeAudit(args: RunArgs, common: Omit<ProbeAudit, 'kind' | 'probe'>) {
  const probe = await loadProbeSpec(args.probe!); // its id names the run directory
  return runAudit({
    kind: 'probe', probe, limit: args.limit, ...common,
    out: args.out ?? defaultRunDir(probe.spec.id), onProgress: progressRenderer(`scoring ${probe.spec.id}`, args.quiet),
  });
}

async function suiteAudit(args: RunArgs, common: Omit<SuiteAudit, 'kind' | 'suites' | 'datasetsDir'>) {
  const { parseSuiteNames, suiteLabel } = await import('../../suites/index.js');
  const { datasetsDir } = await import('../../config/paths.js');
  if (args.suite === 'holisticbias') {
    const { holisticBiasOptions } = await import('./holisticbias.js');
    return runAudit({
      kind: 'suite', suites: ['holisticbias'], holisticbias: holisticBiasOptions(args), datasetsDir: datasetsDir(args.datasets, cacheArg(args.cache)),
      ...common, out: args.out ?? defaultRunDir('holisticbias'), onProgress: progressRenderer('scoring holisticbias', args.quiet),
    });
  }
  const names = parseSuiteNames(args.suite!.split(','));
  const label = suiteLabel(names);
  return runAudit({
    kind: 'suite', suites: names, datasetsDir: datasetsDir(args.datasets, cacheArg(args.cache)), ...common,
    out: args.out ?? defaultRunDir(label.replace(/,/g, '+')), onProgress: progressRenderer(`scoring ${label}`, args.quiet),
  });
}

/** `audit run --data FILE`: the user's texts, read and checked before the model loads (bad input fails fast). */
async function dataAudit(args: RunArgs, common: Omit<DataAudit, 'kind' | 'source'>) {
  const { dataSubject, parseAxes } = await import('../../data/index.js');
  const { datasetsDir } = await import('../../config/paths.js');
  const { usageError } = await import('../../errors.js');
  const list = (s?: string) => s?.split(',').map((x) => x.trim()).filter(Boolean);
  const swap = args.swap === undefined ? undefined : parseAxes(args.swap);
  if (swap?.unknown.length) {
    throw usageError('E_USAGE', `--swap: unknown axis ${swap.unknown.join(', ')} (axes: gender, names, country, nationality, religion, age, disability, `
      + 'sexual_orientation, race_ethnicity)');
  }
  const subject = dataSubject(args.data!);
  return runAudit({
    kind: 'data', source: args.data!, ...common,
    read: {
      textColumn: args.textColumn, labelColumn: args.labelColumn,
      positiveLabel: list(args.positiveLabel), groupColumns: list(args.groupColumns),
      maxRows: args.maxRows, sample: args.sample, seed: args.seed, datasetsDir: datasetsDir(args.datasets, cacheArg(args.cache)),
    },
    threshold: args.threshold, swap: swap?.axes, swapSamples: args.swapSamples, swapGroups: args.swapGroups,
    out: args.out ?? defaultRunDir(subject.replace(/^data:/, 'data-').replace(/[^A-Za-z0-9_.-]/g, '_')),
    onProgress: progressRenderer(`scoring ${subject}`, args.quiet), onStage: (line) => info(args.quiet, line),
    onStepProgress: (step) => progressRenderer(step === 'statistics' ? 'statistics (rows weighed)' : step, args.quiet),
  });
}

/** The score cache, unless --no-cache (which yargs hands over as `cache: false`); a cache that cannot open is skipped. */
function openScoreCache(args: RunArgs): ScoreCache | null {
  if (args.cache === false) return null;
  try {
    return ScoreCache.open(cacheDir(args.cache));
  } catch (e) {
    if (!isCacheStorageError(e)) throw e;
    warn(cacheWarning(`opened at ${cacheDir(args.cache)}`, e));
    return null;
  }
}

/** Warnings go to stderr even with --quiet: they change what the user should expect. */
function warn(message: string): void {
  process.stderr.write(`audit: warning: ${message}\n`);
}

/**
 * After the run directory is complete (result.json as written, never rewritten): the verdict of the policy
 * (`--policy FILE`, else the shipped default) into check.* and the report's first screen, then the verdict line and
 * the top 3 findings (`--quiet`: the verdict line only). Only an explicit --policy can change the exit code.
 */
async function checkAfterRun(dir: string, args: RunArgs): Promise<void> {
  const { applyPolicy } = await import('./check.js');
  const { verdictLine } = await import('../../review/markdown.js');
  const call = {
    runDir: dir, policy: args.policy, baseline: undefined, seed: args.seed, resamples: args.resamples, quiet: true, strict: args.strict,
  };
  const { outcome, findings, failure } = await applyPolicy(call, args.policy !== undefined, false);
  // The terminal ends with the verdict, before a failing gate's error.
  const lines = [`verdict (policy ${outcome.policy}): ${verdictLine(outcome)}`];
  if (!args.quiet) {
    lines.push(...findings.findings.slice(0, 3).map((f, i) => `  ${i + 1}. [${f.severity}] ${f.sentence}`));
    if (findings.findings.length === 0) lines.push(`  no findings: no effect reaches the margin of ${(findings.margin * 100).toFixed(0)} points`);
    if (findings.scale) lines.push(`  ${findings.scale}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failure) throw failure;
}

/**
 * `audit run --replay RUN_DIR`: re-score the stored sentences with the model of that fingerprint, on the engine the
 * run recorded (engines agree to about 1e-4, not exactly) unless --engine names one.
 */
export async function replay(args: RunArgs): Promise<void> {
  const { AuditError } = await import('../../errors.js');
  const { replayRun, replaySummary } = await import('../../review/replay.js');
  const recorded = readRecordedModel(args.replay!);
  const model = args.model ?? (await findModelByFingerprint(recorded, cacheArg(args.cache)));
  const recordedEngine = recorded.model.engine === 'tfjs' || recorded.model.engine === 'onnx' ? recorded.model.engine : null;
  const engine = args.engine === 'auto' && recordedEngine ? recordedEngine : args.engine;
  if (engine === recordedEngine && args.engine === 'auto') info(args.quiet, `replaying on ${engine}, the engine the run recorded (--engine chooses another)`);
  const { classifier } = await loadModelFromArgs({ ...args, model, engine });
  try {
    const r = await replayRun(args.replay!, classifier, { force: args.force, onProgress: progressRenderer('replaying', args.quiet) });
    process.stdout.write(`${replaySummary(r)}\n`);
    if (!r.matched) throw new AuditError('E_REPLAY_MISMATCH', replaySummary(r), { kind: 'policy' });
  } finally {
    await classifier.dispose();
  }
}

interface RecordedModel {
  file: string;
  model: { fingerprint?: string; name?: string; engine?: string };
}

/** The model part of a run's result.json (RUN_DIR or the file itself). */
function readRecordedModel(runDir: string): RecordedModel {
  const file = existsSync(join(runDir, 'result.json')) ? join(runDir, 'result.json') : runDir;
  const run = JSON.parse(readFileSync(file, 'utf8')) as { model?: RecordedModel['model'] };
  return { file, model: run.model ?? {} };
}

/** The model a run was made with, looked up by fingerprint among the demo model and the cached models. */
async function findModelByFingerprint({ file, model: recorded }: RecordedModel, cache?: string): Promise<string> {
  const { DEMO_MODEL_DIR, cacheDir } = await import('../../config/paths.js');
  const { modelFingerprint } = await import('../../model/index.js');
  const { inputError } = await import('../../errors.js');
  const wanted = recorded.fingerprint;
  const models = join(cacheDir(cache), 'models');
  const cached = existsSync(models) ? readdirSync(models).filter((d) => !d.endsWith('.partial')).map((d) => join(models, d)) : [];
  const candidates = [DEMO_MODEL_DIR, ...cached];
  if (recorded.name && existsSync(join(recorded.name, 'config.json'))) candidates.unshift(recorded.name);
  for (const dir of candidates) {
    try {
      if ((await modelFingerprint(dir)) === wanted) return dir;
    } catch {
      // A broken directory in the cache is not the one we look for.
    }
  }
  throw inputError('E_REPLAY_MODEL', `${file}: no cached model has fingerprint ${wanted}; give the model with --model`);
}
