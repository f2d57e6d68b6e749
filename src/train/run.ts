/**
 * `npm run train:demo` end to end: SST-2 -> tokens -> Trainer (fresh or resumed) -> model directory (F16) ->
 * dev evaluation through the product's loadClassifier -> training.json + model card. Lines for the terminal
 * go to `log`; nothing here prints directly.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { inputError, usageError } from '../errors.js';
import { loadClassifier } from '../model/index.js';
import { selectBackend } from '../model/index.js';
import { loadTokenizer } from '../tokenizer/index.js';
import { countryCoverage } from './coverage.js';
import { checkpointDir, hasCheckpoint, readCheckpointState } from './checkpoint.js';
import { readSst2, type EncodedSet, type Example } from './data.js';
import { writeFileAtomic } from '../util/atomic.js';
import { modelCard } from './model-card.js';
import { loadModelDir, saveModelDir, TOKENIZER_CONFIG } from './model-dir.js';
import type { Recipe } from './recipe.js';
import type { TrainingReport } from './report.js';
import { runTraining, Trainer, type TrainEvent } from './trainer.js';

export interface TrainDemoOptions {
  outDir: string;
  datasetsDir: string;
  vocabFile: string;
  recipe: Recipe;
  resume: boolean;
  backend: 'wasm' | 'cpu';
  checkpointEvery: number;
  logEvery: number;
  /** Stop after this many updates in total and leave the checkpoint (no export). */
  stopAtStep?: number;
  keepCheckpoint: boolean;
}

function encodeAll(examples: Example[], encode: (text: string) => number[]): EncodedSet {
  return { ids: examples.map((e) => encode(e.text)), labels: examples.map((e) => e.label) };
}

function describe(event: TrainEvent): string {
  switch (event.type) {
    case 'start':
      return `${event.resumed ? 'resuming at' : 'starting'} step ${event.step}/${event.totalSteps} (${event.examples} training examples)`;
    case 'step':
      return `step ${event.step}/${event.totalSteps}  epoch ${event.epoch.toFixed(2)}  loss ${event.loss.toFixed(4)}  ` +
        `lr ${event.lr.toExponential(2)}  ${event.examplesPerSecond.toFixed(0)} ex/s`;
    case 'checkpoint':
      return `checkpoint at step ${event.step}: ${event.file}`;
    case 'eval':
      return `epoch ${event.epoch} done at step ${event.step}: SST-2 dev accuracy ${(100 * event.accuracy).toFixed(2)}%`;
    case 'done':
      return `training done: ${event.step} steps, ${(event.seconds / 60).toFixed(1)} min`;
  }
}

export async function trainDemo(options: TrainDemoOptions, log: (line: string) => void): Promise<TrainingReport | null> {
  const { outDir } = options;
  if (!options.resume && hasCheckpoint(outDir)) {
    throw usageError('E_CHECKPOINT_EXISTS', `${checkpointDir(outDir)}: a checkpoint exists; pass --resume to continue it or delete it to ` +
      `start over`);
  }
  if (!existsSync(options.vocabFile)) throw inputError('E_VOCAB', `${options.vocabFile}: vocabulary file not found`);
  const backend = await selectBackend(options.backend);
  log(`backend ${backend.label}`);

  // The tokenizer is loaded from the output directory itself, so training sees exactly what the model ships.
  mkdirSync(outDir, { recursive: true });
  writeFileAtomic(join(outDir, 'vocab.txt'), readFileSync(options.vocabFile));
  writeFileAtomic(join(outDir, 'tokenizer_config.json'), `${JSON.stringify(TOKENIZER_CONFIG)}\n`);
  const tokenizer = await loadTokenizer(outDir);

  const sst2 = readSst2(options.datasetsDir);
  const t0 = performance.now();
  // A resumed run keeps the saved recipe, including its max length.
  const { maxLength } = options.resume ? readCheckpointState(outDir).recipe : options.recipe;
  let truncatedTrain = 0;
  const encode = (text: string): number[] => {
    const enc = tokenizer.encode(text, { maxLength });
    return enc.inputIds;
  };
  const train = encodeAll(sst2.train, (text) => {
    const enc = tokenizer.encode(text, { maxLength });
    if (enc.truncated) truncatedTrain += 1;
    return enc.inputIds;
  });
  const dev = encodeAll(sst2.dev, encode);
  log(`tokenized ${train.ids.length} train / ${dev.ids.length} dev examples in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const data = { train, dev };
  const trainer = options.resume ? Trainer.resume(outDir, data) : new Trainer(options.recipe, data);
  try {
    if (options.resume) checkResumeMatches(options.recipe, trainer.recipe, checkpointDir(outDir), log);
    await runTraining(
      trainer,
      {
        outDir, checkpointEvery: options.checkpointEvery, logEvery: options.logEvery, stopAtStep: options.stopAtStep,
        onEvent: (e) => log(describe(e)),
      },
      options.resume,
    );
    if (!trainer.done) {
      log(`stopped at step ${trainer.step}/${trainer.totalSteps}; continue with --resume`);
      return null;
    }

    const params = await trainer.params();
    saveModelDir(outDir, trainer.recipe.model, params, options.vocabFile);
    log(`saved ${outDir}`);

    // Final evaluation: trainer forward (F32 and the saved F16), and the product's own loader.
    const accuracyF32 = await trainer.accuracy(dev);
    const f32Logits = await trainer.logits(dev);
    const saved = loadModelDir(outDir);
    const f16Trainer = new Trainer(trainer.recipe, data, saved.params);
    const f16Logits = await f16Trainer.logits(dev);
    f16Trainer.dispose();
    const maxLogitDiffF32VsF16 = maxAbsDiff(f32Logits, f16Logits);

    let accuracyProduct: number | null = null;
    let maxLogitDiffTrainerVsProduct: number | null = null;
    let productError: string | undefined;
    try {
      const classifier = await loadClassifier(outDir, { backend: options.backend });
      const predictions = await classifier.predict(sst2.dev.map((e) => e.text));
      accuracyProduct = predictions.filter((p, i) => (p.label === 'POSITIVE' ? 1 : 0) === sst2.dev[i].label).length / sst2.dev.length;
      const productLogits = await classifier.forward(dev.ids, dev.ids.map((r) => r.map(() => 1)));
      maxLogitDiffTrainerVsProduct = maxAbsDiff(f16Logits, productLogits);
      await classifier.dispose();
    } catch (e) {
      productError = (e as Error).message.split('\n')[0];
      log(`product-path evaluation failed: ${productError}`);
    }
    log(`dev accuracy: trainer F32 ${(100 * accuracyF32).toFixed(2)}%, product ` +
      `F16 ${accuracyProduct === null ? 'n/a' : `${(100 * accuracyProduct).toFixed(2)}%`}`);
    log(`max |logit diff|: F32 vs F16 ${maxLogitDiffF32VsF16.toExponential(2)}, trainer vs ` +
      `product ${maxLogitDiffTrainerVsProduct?.toExponential(2) ?? 'n/a'}`);

    const cpu = cpus();
    const report: TrainingReport = {
      recipe: trainer.recipe,
      data: {
        trainFile: sst2.trainFile,
        devFile: sst2.devFile,
        trainExamples: train.ids.length,
        devExamples: dev.ids.length,
        truncatedTrain,
        countries: countryCoverage(sst2.train.map((e) => e.text)),
      },
      steps: trainer.step,
      trainSeconds: Math.round(trainer.seconds),
      hardware: {
        cpu: cpu[0]?.model ?? 'unknown CPU',
        cores: cpu.length,
        node: process.version,
        backend: backend.label,
        note: 'The cores were shared with other jobs during training, so the time is an upper bound for this hardware.',
      },
      evals: trainer.evals,
      dev: { accuracyF32, accuracyProduct, maxLogitDiffTrainerVsProduct, maxLogitDiffF32VsF16, ...(productError ? { productError } : {}) },
      files: {},
    };
    for (const f of ['config.json', 'model.safetensors', 'tokenizer_config.json', 'vocab.txt']) report.files[f] = statSync(join(outDir,
      f)).size;
    // Paths on this machine are not part of the model's description.
    report.data.trainFile = `sst2/${report.data.trainFile.split(/[\\/]/).pop()}`;
    report.data.devFile = `sst2/${report.data.devFile.split(/[\\/]/).pop()}`;
    writeFileAtomic(join(outDir, 'training.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileAtomic(join(outDir, 'README.md'), modelCard(report));
    if (!options.keepCheckpoint) rmSync(checkpointDir(outDir), { recursive: true, force: true });
    return report;
  } finally {
    trainer.dispose();
  }
}

/**
 * Re-renders <out>/README.md from <out>/training.json (e.g. after the card template changed), without training.
 * Fills in data facts that an older training.json lacks.
 */
export function renderCard(outDir: string, datasetsDir: string): void {
  const file = join(outDir, 'training.json');
  if (!existsSync(file)) throw inputError('E_TRAINING_REPORT', `${file}: not found; train first`);
  const report = JSON.parse(readFileSync(file, 'utf8')) as TrainingReport;
  report.data.countries ??= countryCoverage(readSst2(datasetsDir).train.map((e) => e.text));
  writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomic(join(outDir, 'README.md'), modelCard(report));
}

/** A resumed run continues the checkpoint's recipe; options given differently are reported, not applied. */
function checkResumeMatches(asked: Recipe, saved: Recipe, dir: string, log: (line: string) => void): void {
  const keys = ['seed', 'epochs', 'batchSize', 'lr', 'maxLength'] as const;
  const diff = keys.filter((k) => asked[k] !== saved[k]);
  if (diff.length) log(`note: resuming with the recipe saved in ${dir} (${diff.map((k) => `${k} ${saved[k]}`).join(', ')}); other values ` +
    `on the command line are ignored`);
}

function maxAbsDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}
