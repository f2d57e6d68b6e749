import { join } from 'node:path';
import { cacheDir } from '../../config/paths.js';
import { loadProbeSpec } from '../../probe/index.js';
import { writeReport } from '../../report/index.js';
import { ScoreCache } from '../../runner/cache.js';
import { defaultRunDir, writeRunDir } from '../../runner/output.js';
import { runProbe } from '../../runner/run.js';
import type { RunArgs } from '../commands/run.js';
import { info, progressRenderer } from '../progress.js';
import { loadModelFromArgs } from './load-model.js';

/** `audit run --suite NAME`: the benchmark suites, through the same cache, run directory and report. */
export async function runSuite(args: RunArgs): Promise<void> {
  if (args.suite === 'holisticbias') return runHolisticBiasCommand(args);
  const { parseSuiteNames, runSuites, suiteLabel } = await import('../../suites/index.js');
  const { datasetsDir } = await import('../../config/paths.js');
  const names = parseSuiteNames(args.suite!.split(','));
  const { classifier, resolved, remote } = await loadRunModel(args);
  const cache = openScoreCache(args);
  try {
    const result = await runSuites(names, classifier, {
      datasetsDir: datasetsDir(args.datasets, args.cache), cache, seed: args.seed, resamples: args.resamples,
      onProgress: progressRenderer(`scoring ${suiteLabel(names)}`, args.quiet),
      model: { demo: resolved.demo, name: resolved.name, engine: resolved.source === 'http' ? 'http' : args.engine },
      remote,
      // Frees the scoring workers before statistics and the report (the later dispose() is then a no-op).
      afterScoring: () => classifier.dispose(),
    });
    await finishRun(args.out ?? defaultRunDir(suiteLabel(names).replace(/,/g, '+')), result, classifier, args);
  } finally {
    cache?.close();
    await classifier.dispose();
  }
}

/** `audit run --suite holisticbias`: its own sentences and summary, the same cache, run directory and report. */
async function runHolisticBiasCommand(args: RunArgs): Promise<void> {
  const { runHolisticBiasSuite, checkHolisticBiasArgs } = await import('./holisticbias.js');
  checkHolisticBiasArgs(args); // before the model loads
  const model = await loadRunModel(args);
  const cache = openScoreCache(args);
  try {
    const result = await runHolisticBiasSuite(args, model, cache);
    await finishRun(args.out ?? defaultRunDir('holisticbias'), result, model.classifier, args);
  } finally {
    cache?.close();
    await model.classifier.dispose();
  }
}

/** The local model, or with --queue the coordinator's stand-in whose scores come from the workers. */
async function loadRunModel(args: RunArgs) {
  if (args.queue) return (await import('./queue.js')).connectQueue(args);
  return { ...(await loadModelFromArgs(args)), remote: null };
}

/** The score cache, unless --no-cache (which yargs hands over as `cache: false`). */
function openScoreCache(args: RunArgs): ScoreCache | null {
  return (args.cache as unknown) === false ? null : ScoreCache.open(cacheDir(args.cache));
}

/** Writes the run directory and the report, prints where they are, and applies --policy. */
async function finishRun(dir: string, result: import('../../result-types.js').AuditResult, classifier: { takeWarnings(): string[] }, args: RunArgs): Promise<void> {
  for (const warning of classifier.takeWarnings()) info(args.quiet, `warning: ${warning}`);
  writeRunDir(dir, result);
  const report = await writeReport(dir, { interactive: args.interactive });
  const c = result.counts;
  info(args.quiet, `${c.sentences} sentences (${c.unique_texts} distinct; ${c.scored} scored, ${c.cached} from cache) in ${result.timings.score_s.toFixed(1)} s`);
  process.stdout.write(`${join(dir, 'result.json')}\n${report}\n`);
  if (args.policy) await checkAfterRun(dir, args);
}

export async function run(args: RunArgs): Promise<void> {
  // 1. Validate the probe before loading a model: a bad probe file fails fast.
  const probe = await loadProbeSpec(args.probe!);
  // 2. Load the model (or, with --queue, identify it for the workers).
  const { classifier, resolved, remote } = await loadRunModel(args);
  const cache = openScoreCache(args);
  try {
    // 3. Expand, score (cached), analyse.
    const result = await runProbe(probe, classifier, {
      limit: args.limit, seed: args.seed, cache, resamples: args.resamples,
      onProgress: progressRenderer(`scoring ${probe.spec.id}`, args.quiet),
      model: { demo: resolved.demo, name: resolved.name, engine: resolved.source === 'http' ? 'http' : args.engine },
      remote,
      // Frees the scoring workers before statistics and the report (the later dispose() is then a no-op).
      afterScoring: () => classifier.dispose(),
    });
    // 4. Write the run directory, then the report from result.json; apply --policy.
    await finishRun(args.out ?? defaultRunDir(probe.spec.id), result, classifier, args);
  } finally {
    cache?.close();
    await classifier.dispose();
  }
}

/** `audit run --policy FILE`: the same gate as `audit check`, after the run directory is complete. */
async function checkAfterRun(dir: string, args: RunArgs): Promise<void> {
  const { check } = await import('./check.js');
  await check({ ...args, runDir: dir, policy: args.policy });
}

/** `audit run --replay RUN_DIR`: re-score the stored sentences with the model of that fingerprint. */
export async function replay(args: RunArgs): Promise<void> {
  const { AuditError } = await import('../../errors.js');
  const { replayRun, replaySummary } = await import('../../review/replay.js');
  const model = args.model ?? (await findModelByFingerprint(args.replay!, args.cache));
  const { classifier } = await loadModelFromArgs({ ...args, model });
  try {
    const r = await replayRun(args.replay!, classifier, { force: args.force, onProgress: progressRenderer('replaying', args.quiet) });
    process.stdout.write(`${replaySummary(r)}\n`);
    if (!r.matched) throw new AuditError('E_REPLAY_MISMATCH', replaySummary(r), { kind: 'policy' });
  } finally {
    await classifier.dispose();
  }
}

/** The model a run was made with, looked up by fingerprint among the demo model and the cached models. */
async function findModelByFingerprint(runDir: string, cache?: string): Promise<string> {
  const { existsSync, readdirSync, readFileSync } = await import('node:fs');
  const { DEMO_MODEL_DIR, cacheDir } = await import('../../config/paths.js');
  const { modelFingerprint } = await import('../../model/index.js');
  const { inputError } = await import('../../errors.js');
  const file = existsSync(join(runDir, 'result.json')) ? join(runDir, 'result.json') : runDir;
  const run = JSON.parse(readFileSync(file, 'utf8')) as { model?: { fingerprint?: string; name?: string } };
  const wanted = run.model?.fingerprint;
  const models = join(cacheDir(cache), 'models');
  const candidates = [DEMO_MODEL_DIR, ...(existsSync(models) ? readdirSync(models).filter((d) => !d.endsWith('.partial')).map((d) => join(models, d)) : [])];
  if (run.model?.name && existsSync(join(run.model.name, 'config.json'))) candidates.unshift(run.model.name);
  for (const dir of candidates) {
    try {
      if ((await modelFingerprint(dir, cache)) === wanted) return dir;
    } catch {
      // A broken directory in the cache is not the one we look for.
    }
  }
  throw inputError('E_REPLAY_MODEL', `${file}: no cached model has fingerprint ${wanted}; give the model with --model`);
}
