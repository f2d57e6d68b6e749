/**
 * One audit, start to end: the path every kind of run takes, from the CLI (`audit run`) and from library code alike.
 *
 *   1. prepare  a plan (runner/plan.ts): probe ─ probe/plan + expand/ ─▶ sentences │ suite: datasets/ ─ suites/
 *               │ data: readData, then planData (data/): identity mentions and counterfactuals
 *   model ── createClassifier (engines/: TF.js, ONNX, HTTP, or the queue's workers) ──▶ Classifier  (or the caller's)
 *   2. score    scoreRun (runner/): each distinct text once, through the score cache (or the classifier's remote
 *               scorer); then a classifier loaded here is released (its workers' memory returns before the statistics)
 *   3. analyse  plan.analyse: records + analyzeProbe (stats/) │ summarize<Suite> (suites/) │ group metrics and swaps
 *               ─▶ assembleResult (runner/result.ts): the one place an AuditResult (result.json's contract) is built
 *   4. write    run directory: result.json, scores.csv (runner/output); data: records.jsonl streamed from plan.records
 *   5. render   report.html from the written result.json (report/)         4 and 5 only when `out` is given
 *   Steps 4 and 5 write into a fresh temporary directory renamed into place (runner/run-dir): a run directory is
 *   complete or absent. `out` is checked before anything is read (no model load for a run that cannot be written).
 *   Only this file keeps clocks: prepare / score / analyse land in result.json's timings, write in the outcome.
 *   Progress of every stage goes through one callback, `onProgress` (ProgressEvent: stage, step, status).
 */
import type { LoadedProbe } from './probe/index.js';
import { planProbe } from './probe/index.js';
import { createClassifier, type ClassifierOptions } from './engines/index.js';
import { writeReport } from './report/index.js';
import type { AuditResult, DataRecord, ProbeResult, SuiteResult } from './result/index.js';
import {
  assembleResult, checkOutDir, commitRunDir, scoreRun, writeRunDir, type RunOptions, type RunPlan, type ScoringOptions,
} from './runner/index.js';
import { planHolisticBias, planSuites, type HolisticBiasRunOptions, type SuiteName, type SuiteRunOptions } from './suites/index.js';
import type { DataPlanOptions, DataRedaction, ReadOptions } from './data/index.js';
import { basename, join } from 'node:path';
import type { Classifier, Prediction } from './types.js';

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

export interface DataAudit extends AuditCommon, DataPlanOptions {
  kind: 'data';
  /** A file path or a built-in id (sst2-dev). */
  source: string;
  read?: Omit<ReadOptions, 'target'>;
  /** `--redact`: texts and group values are replaced before any file is written (the result returned keeps them). */
  redact?: DataRedaction;
}

export type AuditRequest = ProbeAudit | SuiteAudit | DataAudit;

export interface AuditOutcome {
  result: AuditResult;
  /** The classifier's warnings (renormalised scores, retries, a graph that could not be cached, ...). */
  warnings: string[];
  /** With `out`: the run directory and the report file. */
  dir?: string;
  report?: string;
  /** Seconds per stage (prepare, score and analyse are also in result.json's timings; write only here). */
  seconds: { prepare: number; score: number; analyse: number; write?: number };
}

export async function runAudit(request: AuditRequest): Promise<AuditOutcome> {
  if (request.out) checkOutDir(request.out);
  const { onProgress } = request;
  // 1. prepare (a bad probe file, a missing dataset or a bad data file fails before a model is loaded)
  const started = clock();
  const { plan, prepared } = await prepare(request);
  const seconds: AuditOutcome['seconds'] = { prepare: started(), score: 0, analyse: 0 };
  // 2. score, then release a classifier loaded here
  const { classifier, modelInfo, owned } = await classifierFor(request);
  const warnings: string[] = [];
  let scored: Awaited<ReturnType<typeof scoreRun>>;
  try {
    const scoring = clock();
    scored = await scoreRun(plan.texts, classifier, { cache: request.cache, chunkSize: request.chunkSize, onProgress, model: modelInfo });
    seconds.score = scoring();
    warnings.push(...(classifier.takeWarnings?.() ?? []));
  } finally {
    if (owned) await classifier.dispose(); // before the statistics: the scoring workers' memory returns first
  }
  if (owned) onProgress?.({ stage: 'score', step: 'release', status: 'note', message: 'model released before the statistics' });
  // 3. analyse
  const analysing = clock();
  const predictions = scored.outcome.predictions;
  const analysed = plan.analyse(predictions, onProgress);
  seconds.analyse = analysing();
  const result = assembleResult(plan.header, scored, analysed, { prepared, score: seconds.score, analyse: seconds.analyse });
  if (result.kind === 'data') warnings.push(...result.data.warnings);
  if (!request.out) return { result, warnings, seconds };
  // 4. write, 5. render (from result.json, as `audit report` would)
  const writing = clock();
  const report = await commitRun(request.out, request.interactive, (dir) => writeRun(dir, plan, result, predictions, request.kind === 'data' ? request.redact : undefined));
  seconds.write = writing();
  return { result, warnings, dir: request.out, report, seconds };
}

type AnyPlan = RunPlan<'probe'> | RunPlan<'suite'> | RunPlan<'data', DataRecord>;

/** Step 1 for each kind, timed: the names of the parts are result.json's (expand_s, load_s, read_s + detect_s). */
async function prepare(request: AuditRequest): Promise<{ plan: AnyPlan; prepared: Record<string, number> }> {
  const { seed, resamples } = request;
  const took = clock();
  switch (request.kind) {
    case 'probe': {
      const plan = await planProbe(request.probe, { limit: request.limit, seed, resamples });
      return { plan, prepared: { expand_s: took() } };
    }
    case 'suite': {
      const plan = isHolisticBias(request.suites)
        ? await planHolisticBias({ datasetsDir: request.datasetsDir, seed, resamples, ...request.holisticbias })
        : await planSuites(request.suites, { datasetsDir: request.datasetsDir, seed, resamples });
      return { plan, prepared: { load_s: took() } };
    }
    case 'data': {
      const { planData, readData, winkTagger } = await import('./data/index.js');
      // The label column's classes are read against the target label, known before any model loads.
      const target = request.model?.target ?? request.classifier?.target ?? 'POSITIVE';
      const table = await readData(request.source, { ...request.read, target });
      const read_s = took();
      const detecting = clock();
      const plan = planData(table, request, { tagger: await winkTagger(), onProgress: request.onProgress });
      return { plan, prepared: { read_s, detect_s: detecting() } };
    }
    default: {
      const unknown: never = request;
      throw new Error(`unknown kind of run: ${JSON.stringify(unknown)}`);
    }
  }
}

/** Step 4: result.json and scores.csv; a data run streams its records (records.jsonl) beside them. */
async function writeRun(
  dir: string, plan: AnyPlan, result: AuditResult, predictions: Map<string, Prediction>, redact?: DataRedaction,
): Promise<void> {
  if (plan.kind !== 'data' || result.kind !== 'data') return writeRunDir(dir, result);
  const { writeDataRunDir } = await import('./data/index.js');
  await writeDataRunDir(dir, result, () => plan.records!(predictions), redact);
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

/** A stopwatch: call it for the seconds since it was made. */
function clock(): () => number {
  const t0 = performance.now();
  return () => (performance.now() - t0) / 1000;
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
  const modelInfo = {
    demo: resolved.demo, name: resolved.name, engine: engine.name, engine_reason: engine.reason,
    ...(created.queue ? { queue: created.queue } : {}), ...request.modelInfo,
  };
  return { classifier: created.classifier, modelInfo, owned: true };
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
