/**
 * One audit, start to end: the path every run takes, from the CLI (`audit run`) and from library code alike.
 *
 *   model ── createClassifier (engines/) ──▶ Classifier          (or the caller's own Classifier)
 *   1. expand   probe ─ probe/ + expand/ ─▶ sentences          │ suite: datasets/ ─ suites/ ─▶ sentences
 *   2. score    scoreRun (runner/): each distinct text once, through the score cache; then the classifier
 *               may be released (its workers' memory returns before the statistics need theirs)
 *   3. analyse  records ─ analyzeProbe (stats/) ─▶ stats       │ suite: summarize<Suite> (suites/)
 *               ─▶ assembleResult (runner/result.ts): the one place an AuditResult (result.json's contract) is built
 *   4. write    run directory: result.json, scores.csv (runner/output)      only when `out` is given
 *   5. render   report.html from the written result.json (report/)         only when `out` is given
 *   Steps 4 and 5 write into a fresh temporary directory renamed into place (runner/run-dir): a run directory is
 *   complete or absent. `out` is checked before the model loads (no model load for a run that cannot be written).
 *
 *   kind 'data' (the user's own texts, data/): read and check the file first, find identity mentions, build the
 *   counterfactuals, then the same scoring step and run directory (with records.jsonl streamed beside result.json).
 */
import type { LoadedProbe } from './probe/index.js';
import { createClassifier, type ClassifierOptions } from './engines/index.js';
import { writeReport } from './report/index.js';
import type { AuditResult, ProbeResult, SuiteResult } from './result/index.js';
import { assembleResult, planProbe, scoreRun, writeRunDir, type RunOptions, type ScoringOptions } from './runner/index.js';
import { planHolisticBias, planSuites, type HolisticBiasRunOptions, type SuiteName, type SuiteRunOptions } from './suites/index.js';
import { checkOutDir, commitRunDir } from './runner/index.js';
import type { DataAuditOptions } from './data/index.js';
import { basename, join } from 'node:path';
import type { Classifier } from './types.js';

interface AuditCommon extends Omit<ScoringOptions, 'model'> {
  /** A ready classifier: the caller owns it (and disposes it). */
  classifier?: Classifier;
  /** Or what `createClassifier` needs: runAudit loads the model after the run is planned and disposes it once scoring is done. */
  model?: ClassifierOptions;
  /** How a given classifier was resolved (name, demo, engine and why), for result.json; filled in when runAudit loads the model. */
  modelInfo?: ScoringOptions['model'];
  seed?: number;
  resamples?: number;
  /** Run directory to write result.json, scores.csv and report.html into; nothing is written without it. */
  out?: string;
  /** With `out`: the report's charts can be hovered and zoomed. */
  interactive?: boolean;
}

export interface ProbeAudit extends AuditCommon {
  kind: 'probe';
  /** A loaded probe, a built-in probe id, or a probe file path. */
  probe: LoadedProbe | string;
  /** Keep at most this many sentences (seeded sample). */
  limit?: number;
}

export interface SuiteAudit extends AuditCommon {
  kind: 'suite';
  /** The four paired suites (any of them), or HolisticBias alone (its own plan: 566,625 sentences). */
  suites: SuiteName[] | ['holisticbias'];
  datasetsDir: string;
  /** HolisticBias: dataset version (default 1.1) and a seeded sample stratified by descriptor. */
  holisticbias?: Pick<HolisticBiasRunOptions, 'version' | 'sample'>;
}

export interface DataAudit extends AuditCommon, Omit<DataAuditOptions, keyof ScoringOptions> {
  kind: 'data';
}

export type AuditRequest = ProbeAudit | SuiteAudit | DataAudit;

export interface AuditOutcome {
  result: AuditResult;
  /** The classifier's warnings (renormalised scores, retries, a graph that could not be cached, ...). */
  warnings: string[];
  /** With `out`: the run directory and the report file. */
  dir?: string;
  report?: string;
}

export async function runAudit(request: AuditRequest): Promise<AuditOutcome> {
  if (request.out) checkOutDir(request.out);
  if (request.kind === 'data') return runDataKind(request);
  // 1. expand (a bad probe file or a missing dataset fails before a model is loaded)
  const plan = request.kind === 'probe'
    ? await planProbe(request.probe, { limit: request.limit, seed: request.seed, resamples: request.resamples })
    : isHolisticBias(request.suites)
      ? await planHolisticBias({
        datasetsDir: request.datasetsDir, seed: request.seed, resamples: request.resamples, ...request.holisticbias,
      })
      : await planSuites(request.suites, { datasetsDir: request.datasetsDir, seed: request.seed, resamples: request.resamples });
  const { classifier, modelInfo, owned } = await classifierFor(request);
  let scored: Awaited<ReturnType<typeof scoreRun>>;
  let warnings: string[] = [];
  try {
    // 2. score
    scored = await scoreRun(plan.texts, classifier, {
      cache: request.cache, chunkSize: request.chunkSize, onProgress: request.onProgress, onWarning: request.onWarning, model: modelInfo,
      remote: request.remote,
      afterScoring: async () => {
        warnings = takeWarnings(classifier);
        if (owned) await classifier.dispose();
        await request.afterScoring?.();
      },
    });
  } finally {
    if (owned) await classifier.dispose(); // on failure; after scoring it is already released (a no-op then)
  }
  // 3. analyse
  const t2 = performance.now();
  const analysed = plan.analyse(scored.outcome.predictions);
  const statsSeconds = (performance.now() - t2) / 1000;
  const result = assembleResult(plan, scored, analysed, statsSeconds);
  if (!request.out) return { result, warnings };
  // 4. write, 5. render (from result.json, as `audit report` would)
  const report = await commitRun(request.out, request.interactive, (dir) => writeRunDir(dir, result));
  return { result, warnings, dir: request.out, report };
}

/** Steps 4 and 5 into a temporary directory renamed to `out`; returns the report's final path. */
async function commitRun(out: string, interactive: boolean | undefined, write: (dir: string) => void | Promise<void>): Promise<string> {
  let written = '';
  await commitRunDir(out, async (tmp) => {
    await write(tmp);
    written = await writeReport(tmp, { interactive });
  });
  return join(out, basename(written));
}

/** kind 'data': read (before any model loads), detect and swap, score, analyse (data/run.ts), write, render. */
async function runDataKind(request: DataAudit): Promise<AuditOutcome> {
  const { readData, runDataAudit, winkTagger, writeDataRunDir } = await import('./data/index.js');
  const { kind: _kind, classifier: _c, model: _m, modelInfo: _i, out, interactive, ...options } = request;
  const target = request.model?.target ?? request.classifier?.target ?? 'POSITIVE';
  const table = await readData(request.source, { ...request.read, target });
  const tagger = await winkTagger();
  const { classifier, modelInfo, owned } = await classifierFor(request);
  let warnings: string[] = [];
  try {
    const { result, records } = await runDataAudit({
      ...options, model: modelInfo,
      afterScoring: async () => {
        warnings = takeWarnings(classifier);
        if (owned) await classifier.dispose();
        await request.afterScoring?.();
      },
    }, { classifier, tagger, table });
    warnings.push(...result.data.warnings);
    if (!out) return { result, warnings };
    const report = await commitRun(out, interactive, (dir) => writeDataRunDir(dir, result, records));
    return { result, warnings, dir: out, report };
  } finally {
    if (owned) await classifier.dispose();
  }
}

function isHolisticBias(suites: SuiteAudit['suites']): suites is ['holisticbias'] {
  return suites.length === 1 && suites[0] === 'holisticbias';
}

interface ClassifierFor {
  classifier: Classifier;
  modelInfo?: ScoringOptions['model'];
  /** Loaded here, so released here. */
  owned: boolean;
}

async function classifierFor(request: AuditRequest): Promise<ClassifierFor> {
  if (request.classifier) return { classifier: request.classifier, modelInfo: request.modelInfo, owned: false };
  const created = await createClassifier(request.model);
  const { resolved, engine } = created;
  const modelInfo = { demo: resolved.demo, name: resolved.name, engine: engine.name, engine_reason: engine.reason, ...request.modelInfo };
  return { classifier: created.classifier, modelInfo, owned: true };
}

function takeWarnings(classifier: Classifier): string[] {
  const c = classifier as Classifier & { takeWarnings?: () => string[] };
  return typeof c.takeWarnings === 'function' ? c.takeWarnings() : [];
}


/** Runs one probe against any Classifier (the library's short form of runAudit): expand -> score -> analyse. */
export async function runProbe(spec: LoadedProbe | string, classifier: Classifier, options: RunOptions = {}): Promise<ProbeResult> {
  const { model, ...rest } = options;
  const { result } = await runAudit({ kind: 'probe', probe: spec, classifier, modelInfo: model, ...rest });
  if (result.kind !== 'probe') throw new Error(`runProbe: a ${result.kind} result`);
  return result;
}

/** Runs benchmark suites against any Classifier (the library's short form of runAudit). */
export async function runSuites(
  names: SuiteName[],
  classifier: Classifier,
  options: SuiteRunOptions & ScoringOptions,
): Promise<SuiteResult> {
  const { model, ...rest } = options;
  const { result } = await runAudit({ kind: 'suite', suites: names, classifier, modelInfo: model, ...rest });
  if (result.kind !== 'suite') throw new Error(`runSuites: a ${result.kind} result`);
  return result;
}

export { assembleResult };
