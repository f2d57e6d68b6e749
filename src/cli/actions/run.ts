import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runAudit, type DataAudit, type ProbeAudit, type SuiteAudit } from '../../audit.js';
import { resolveRunPaths, type RunPaths } from '../../config/resolve.js';
import { loadProbeSpec } from '../../probe/index.js';
import { cacheWarning, isCacheStorageError, ScoreCache } from '../../runner/index.js';
import type { RunArgs } from '../commands/run.js';
import { info, progressRenderer } from '../progress.js';
import { classifierOptions, loadModelFromArgs } from './load-model.js';

/** `audit run --probe ID|FILE`, `--suite NAME` and `--data FILE`: runAudit with the command line's options, then --policy. */
export async function run(args: RunArgs): Promise<void> {
  const paths = resolveRunPaths(args);
  const cache = openScoreCache(paths);
  try {
    // With --queue the run is the coordinator: the model is identified here and scored by `audit worker` processes.
    const verbose = args.verbose ? (line: string) => info(args.quiet, line) : undefined;
    const queue = args.queue ? {
      url: args.queue, secretFile: args.queueSecretFile, insecure: args.insecureQueue,
      chunkSize: args.queueChunk, timeoutS: args.queueTimeout, verbose,
    } : undefined;
    const model = { ...classifierOptions(args), queue };
    const common = { model, cache, seed: args.seed, resamples: args.resamples, interactive: args.interactive };
    const outcome = args.data
      ? await dataAudit(args, paths, common)
      : args.suite ? await suiteAudit(args, paths, common) : await probeAudit(args, paths, common);
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
  }
}

async function probeAudit(args: RunArgs, paths: RunPaths, common: Omit<ProbeAudit, 'kind' | 'probe'>) {
  const probe = await loadProbeSpec(args.probe!); // its id names the run directory
  return runAudit({
    kind: 'probe', probe, limit: args.limit, ...common,
    out: paths.out(probe.spec.id), onProgress: progressRenderer(`scoring ${probe.spec.id}`, args.quiet),
  });
}

async function suiteAudit(args: RunArgs, paths: RunPaths, common: Omit<SuiteAudit, 'kind' | 'suites' | 'datasetsDir'>) {
  const { parseSuiteNames, suiteLabel } = await import('../../suites/index.js');
  if (args.suite === 'holisticbias') {
    const { holisticBiasOptions } = await import('./holisticbias.js');
    return runAudit({
      kind: 'suite', suites: ['holisticbias'], holisticbias: holisticBiasOptions(args), datasetsDir: paths.datasets,
      ...common, out: paths.out('holisticbias'), onProgress: progressRenderer('scoring holisticbias', args.quiet),
    });
  }
  const names = parseSuiteNames(args.suite!.split(','));
  const label = suiteLabel(names);
  return runAudit({
    kind: 'suite', suites: names, datasetsDir: paths.datasets, ...common,
    out: paths.out(label.replace(/,/g, '+')), onProgress: progressRenderer(`scoring ${label}`, args.quiet),
  });
}

/** `audit run --data FILE`: the user's texts, read and checked before the model loads (bad input fails fast). */
async function dataAudit(args: RunArgs, paths: RunPaths, common: Omit<DataAudit, 'kind' | 'source'>) {
  const { AXES, dataSubject, parseAxes } = await import('../../data/index.js');
  const { usageError } = await import('../../errors.js');
  const list = (s?: string) => s?.split(',').map((x) => x.trim()).filter(Boolean);
  const swap = args.swap === undefined ? undefined : parseAxes(args.swap);
  if (swap?.unknown.length) throw usageError('E_USAGE', `--swap: unknown axis ${swap.unknown.join(', ')} (axes: ${AXES.join(', ')})`);
  const subject = dataSubject(args.data!);
  const out = paths.out(subject.replace(/^data:/, 'data-').replace(/[^A-Za-z0-9_.-]/g, '_'));
  const redact = args.redact ? await redactionFor(args.redactKey!, [out, ...(args.redactOutside ?? [])], args.quiet) : undefined;
  return runAudit({
    kind: 'data', source: args.data!, ...common, redact,
    read: {
      textColumn: args.textColumn, labelColumn: args.labelColumn,
      positiveLabel: list(args.positiveLabel), groupColumns: list(args.groupColumns),
      maxRows: args.maxRows, sample: args.sample, seed: args.seed, datasetsDir: paths.datasets,
      onProgress: (line) => info(args.quiet, line),
    },
    threshold: args.threshold, swap: swap?.axes, swapSamples: args.swapSamples, swapGroups: args.swapGroups,
    minPerClass: args.minPerClass, includeUnsure: args.includeUnsure, intersect: list(args.intersect),
    out, onProgress: progressRenderer(`scoring ${subject}`, args.quiet),
  });
}

/** `--redact`: the key (made when missing, never inside the directories it protects) and the redaction. */
async function redactionFor(keyFile: string, outside: string[], quiet: boolean) {
  const { redaction, redactKey } = await import('../../evidence/index.js');
  const { key, created } = redactKey(keyFile, outside);
  if (created) info(quiet,
    `made the redaction key ${keyFile} (keep it outside the audit directory; whoever holds it can test guesses of a text)`);
  return redaction(key);
}

/** The score cache, unless --no-cache; a cache that cannot open is skipped with a warning. */
function openScoreCache(paths: RunPaths): ScoreCache | null {
  if (paths.scoreCache === null) return null;
  try {
    return ScoreCache.open(paths.scoreCache);
  } catch (e) {
    if (!isCacheStorageError(e)) throw e;
    // Warnings go to stderr even with --quiet: they change what the user should expect.
    process.stderr.write(`audit: warning: ${cacheWarning(`opened at ${paths.scoreCache}`, e)}\n`);
    return null;
  }
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
    if (findings.findings.length === 0) lines.push(`  no findings: no effect reaches the margin of ${(findings.margin * 100).toFixed(
      0)} points`);
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
  const recorded = await readRecordedModel(args.replay!);
  const model = args.model ?? (await findModelByFingerprint(recorded, resolveRunPaths(args)));
  const recordedEngine = recorded.model.engine === 'tfjs' || recorded.model.engine === 'onnx' ? recorded.model.engine : null;
  const engine = args.engine === 'auto' && recordedEngine ? recordedEngine : args.engine;
  if (engine === recordedEngine && args.engine === 'auto') info(args.quiet, `replaying on ${engine}, the engine the run recorded ` +
    `(--engine chooses another)`);
  const { classifier } = await loadModelFromArgs({ ...args, model, engine });
  try {
    const r = await replayRun(args.replay!, classifier, { force: args.force, onProgress: progressRenderer('replaying', args.quiet) });
    process.stdout.write(`${replaySummary(r)}\n`);
    // An LLM's replay reports drift (replay.ts): a server need not answer the same twice, so there is no equality to fail.
    if (!r.matched && !r.drift) throw new AuditError('E_REPLAY_MISMATCH', replaySummary(r), { kind: 'policy' });
  } finally {
    await classifier.dispose();
  }
}

interface RecordedModel {
  file: string;
  model: { fingerprint?: string; name?: string; engine?: string };
}

/** The model part of a run's result.json (RUN_DIR or the file itself), read and checked by result/read.ts. */
async function readRecordedModel(runDir: string): Promise<RecordedModel> {
  const { readResult, resultPath } = await import('../../result/index.js');
  return { file: resultPath(runDir), model: readResult(runDir).model };
}

/** The model a run was made with, looked up by fingerprint among the demo model and the cached models. */
async function findModelByFingerprint({ file, model: recorded }: RecordedModel, paths: RunPaths): Promise<string> {
  const { modelFingerprint } = await import('../../model/index.js');
  const { inputError } = await import('../../errors.js');
  const wanted = recorded.fingerprint;
  const { models } = paths;
  const cached = existsSync(models) ? readdirSync(models).filter((d) => !d.endsWith('.partial')).map((d) => join(models, d)) : [];
  const candidates = [paths.demoModel, ...cached];
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
