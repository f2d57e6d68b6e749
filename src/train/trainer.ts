/**
 * The training loop's state and one step of it. Pure of files except through checkpoint.ts; progress leaves as
 * events (the CLI prints them).
 *
 *   epochBatches(seed, epoch) -> padBatch -> rows of the word table the batch uses -> forward (dropout seeded
 *     from the saved PRNG) -> crossEntropy -> tf.variableGrads -> clip -> AdamW (dense weights) + lazy AdamW
 *     (those word rows) with linear warmup/decay -> every N steps: checkpoint
 *
 * The word-embedding table lives in a Float32Array, not in a tf.Variable: each step copies the rows the batch
 * uses into a small variable, differentiates with respect to it and updates only those rows (see optimizer.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { readCheckpoint, writeCheckpoint, type CheckpointState } from './checkpoint.js';
import { epochBatches, padBatch, type EncodedSet } from './data.js';
import { crossEntropy, forward, type Weights } from './model.js';
import { AdamW, ADAMW_DEFAULTS, clipScale, LazyRowAdamW, squaredNorm, type AdamWOptions } from './optimizer.js';
import { initParams, paramSpecs, type ParamSpec } from './params.js';
import { Rng } from './prng.js';
import { learningRate, type Recipe } from './recipe.js';
import type { NamedArrays } from './safetensors.js';

export type TrainEvent =
  | { type: 'start'; step: number; totalSteps: number; examples: number; resumed: boolean }
  | { type: 'step'; step: number; totalSteps: number; epoch: number; loss: number; lr: number; examplesPerSecond: number }
  | { type: 'checkpoint'; step: number; file: string }
  | { type: 'eval'; epoch: number; step: number; accuracy: number }
  | { type: 'done'; step: number; seconds: number };

export interface TrainData {
  train: EncodedSet;
  /** Evaluated at the end of every epoch when given. */
  dev?: EncodedSet;
}

export const WORD_EMBEDDINGS = 'distilbert.embeddings.word_embeddings.weight';

/** Used when the dropout PRNG is first created: distinct from the init and shuffling streams. */
const DROPOUT_STREAM = 0x5eed;

export class Trainer {
  readonly specs: ParamSpec[];
  readonly totalSteps: number;
  readonly batchesPerEpoch: number;
  step = 0;
  epoch = 0;
  batchInEpoch = 0;
  seconds = 0;
  evals: CheckpointState['evals'] = [];
  private rng: Rng;
  private readonly vars = new Map<string, tf.Variable>();
  private readonly nameOfVar = new Map<string, string>();
  private readonly optimizer: AdamW;
  private readonly table: Float32Array;
  private readonly tableOptimizer: LazyRowAdamW;
  private plan?: { epoch: number; batches: number[][] };

  /** Fresh weights from the recipe's seed, or `initial` (trainer layout). */
  constructor(readonly recipe: Recipe, readonly data: TrainData, initial?: NamedArrays) {
    this.specs = paramSpecs(recipe.model);
    const params = initial ?? initParams(recipe.model, recipe.seed);
    const dense = this.specs.filter((spec) => spec.name !== WORD_EMBEDDINGS);
    for (const spec of dense) {
      const v = tf.tidy(() => tf.variable(tf.tensor(params[spec.name].data, spec.shape), true));
      this.vars.set(spec.name, v);
      this.nameOfVar.set(v.name, spec.name);
    }
    const options: AdamWOptions = { ...ADAMW_DEFAULTS, weightDecay: recipe.weightDecay };
    this.optimizer = new AdamW(dense, this.vars, options);
    this.table = Float32Array.from(params[WORD_EMBEDDINGS].data);
    this.tableOptimizer = new LazyRowAdamW(this.table, recipe.model.dim, options);
    this.rng = new Rng((recipe.seed ^ DROPOUT_STREAM) >>> 0);
    this.batchesPerEpoch = Math.ceil(data.train.ids.length / recipe.batchSize);
    this.totalSteps = this.batchesPerEpoch * recipe.epochs;
  }

  /** Rebuilds a trainer from <outDir>/checkpoint exactly where it stopped. */
  static resume(outDir: string, data: TrainData): Trainer {
    const { state, arrays } = readCheckpoint(outDir);
    const trainer = new Trainer(state.recipe, data, arrays);
    trainer.optimizer.loadState(arrays);
    trainer.tableOptimizer.m.set(arrays[`m.${WORD_EMBEDDINGS}`].data);
    trainer.tableOptimizer.v.set(arrays[`v.${WORD_EMBEDDINGS}`].data);
    trainer.rng = new Rng(state.rng);
    trainer.step = state.step;
    trainer.epoch = state.epoch;
    trainer.batchInEpoch = state.batchInEpoch;
    trainer.seconds = state.seconds;
    trainer.evals = state.evals;
    return trainer;
  }

  get done(): boolean {
    return this.step >= this.totalSteps;
  }

  /** The dense weights plus the given word-embedding tensor. */
  private weights(words: tf.Tensor): Weights {
    return { ...Object.fromEntries(this.vars), [WORD_EMBEDDINGS]: words };
  }

  private batchesOf(epoch: number): number[][] {
    if (this.plan?.epoch !== epoch) {
      const lengths = this.data.train.ids.map((s) => s.length);
      this.plan = { epoch, batches: epochBatches(lengths, this.recipe.batchSize, this.recipe.seed, epoch) };
    }
    return this.plan.batches;
  }

  /** One optimizer update; returns the batch loss (before the update) and the batch size. */
  async trainStep(): Promise<{ loss: number; examples: number; lr: number }> {
    const batch = this.batchesOf(this.epoch)[this.batchInEpoch];
    const { ids, mask, length } = padBatch(batch.map((i) => this.data.train.ids[i]));
    const lr = learningRate(this.recipe, this.step, this.totalSteps);
    // The word-table rows this batch uses, and the batch's ids renumbered into them.
    const rows = [...new Set(ids)].sort((a, b) => a - b);
    const rowOf = new Map(rows.map((id, r) => [id, r]));
    const localIds = ids.map((id) => rowOf.get(id)!);
    const dim = this.recipe.model.dim;
    const rowData = new Float32Array(rows.length * dim);
    rows.forEach((id, r) => rowData.set(this.table.subarray(id * dim, (id + 1) * dim), r * dim));
    // Inside tidy so the initial tensor is released; the variable itself survives until disposed below.
    const wordRows = tf.tidy(() => tf.variable(tf.tensor2d(rowData, [rows.length, dim]), true));

    const idsT = tf.tensor2d(localIds, [batch.length, length], 'int32');
    const maskT = tf.tensor2d(mask, [batch.length, length], 'int32');
    const labelsT = tf.tensor1d(batch.map((i) => this.data.train.labels[i]), 'int32');
    const dropout = { nextSeed: () => this.rng.nextUint32() };
    const w = this.weights(wordRows);
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(forward(w, this.recipe.model, idsT, maskT, dropout), labelsT),
      [...this.vars.values(), wordRows],
    );
    const sq = squaredNorm(Object.values(grads));
    const [loss, normSq] = [(await value.data())[0], (await sq.data())[0]];
    const scale = clipScale(Math.sqrt(normSq), ADAMW_DEFAULTS.clipNorm);
    const dense = Object.entries(grads).filter(([name]) => name !== wordRows.name);
    const named = new Map(dense.map(([name, g]) => [this.nameOfVar.get(name)!, g]));
    this.optimizer.apply(named, lr, scale, this.step + 1);
    this.tableOptimizer.apply(rows, (await grads[wordRows.name].data()) as Float32Array, lr, scale, this.step + 1);
    tf.dispose([wordRows, idsT, maskT, labelsT, value, sq, ...Object.values(grads)]);

    this.step += 1;
    this.batchInEpoch += 1;
    if (this.batchInEpoch >= this.batchesPerEpoch) {
      this.epoch += 1;
      this.batchInEpoch = 0;
    }
    return { loss, examples: batch.length, lr };
  }

  /** Logits [n][2] of an encoded set with the current weights (no dropout), in the set's order. */
  async logits(set: EncodedSet, batchSize = 64): Promise<number[][]> {
    const order = set.ids.map((_, i) => i).sort((a, b) => set.ids[a].length - set.ids[b].length);
    const out: number[][] = new Array<number[]>(set.ids.length);
    const table = tf.tensor2d(this.table, [this.recipe.model.vocab_size, this.recipe.model.dim]);
    const w = this.weights(table);
    for (let start = 0; start < order.length; start += batchSize) {
      const idx = order.slice(start, start + batchSize);
      const { ids, mask, length } = padBatch(idx.map((i) => set.ids[i]));
      const logits = tf.tidy(() =>
        forward(w, this.recipe.model, tf.tensor2d(ids, [idx.length, length], 'int32'), tf.tensor2d(mask, [idx.length, length], 'int32')),
      );
      const values = (await logits.array()) as number[][];
      logits.dispose();
      idx.forEach((i, k) => (out[i] = values[k]));
    }
    table.dispose();
    return out;
  }

  async accuracy(set: EncodedSet): Promise<number> {
    const logits = await this.logits(set);
    const correct = logits.filter((l, i) => (l[1] > l[0] ? 1 : 0) === set.labels[i]).length;
    return correct / set.labels.length;
  }

  /** Current weights in trainer layout (copies). */
  async params(): Promise<NamedArrays> {
    const out: NamedArrays = {};
    for (const spec of this.specs) {
      const data = spec.name === WORD_EMBEDDINGS
        ? Float32Array.from(this.table)
        : ((await this.vars.get(spec.name)!.data()) as Float32Array);
      out[spec.name] = { shape: spec.shape, data };
    }
    return out;
  }

  async saveCheckpoint(outDir: string): Promise<string> {
    const shape = [this.recipe.model.vocab_size, this.recipe.model.dim];
    const arrays = {
      ...(await this.params()),
      ...(await this.optimizer.stateArrays()),
      [`m.${WORD_EMBEDDINGS}`]: { shape, data: this.tableOptimizer.m },
      [`v.${WORD_EMBEDDINGS}`]: { shape, data: this.tableOptimizer.v },
    };
    return writeCheckpoint(
      outDir,
      {
        recipe: this.recipe,
        step: this.step,
        epoch: this.epoch,
        batchInEpoch: this.batchInEpoch,
        rng: this.rng.state(),
        seconds: this.seconds,
        evals: this.evals,
      },
      arrays,
    );
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.optimizer.dispose();
  }
}

export interface RunOptions {
  outDir: string;
  /** Checkpoint after every this many updates (and at every epoch end and at the end). */
  checkpointEvery: number;
  /** Emit a 'step' event every this many updates (loss averaged over them). */
  logEvery: number;
  /** Stop (after checkpointing) once this many updates are done in total, e.g. for a smoke run. */
  stopAtStep?: number;
  onEvent?: (event: TrainEvent) => void;
}

/** Runs the trainer to the end of its recipe (or `stopAtStep`), checkpointing as it goes. */
export async function runTraining(trainer: Trainer, options: RunOptions, resumed = false): Promise<void> {
  const emit = options.onEvent ?? (() => undefined);
  const stopAt = Math.min(options.stopAtStep ?? Infinity, trainer.totalSteps);
  emit({ type: 'start', step: trainer.step, totalSteps: trainer.totalSteps, examples: trainer.data.train.ids.length, resumed });
  let windowLoss = 0;
  let windowSteps = 0;
  let windowExamples = 0;
  let windowStart = performance.now();
  let segmentStart = performance.now();
  const addTime = (): void => {
    const now = performance.now();
    trainer.seconds += (now - segmentStart) / 1000;
    segmentStart = now;
  };
  while (trainer.step < stopAt) {
    const epochBefore = trainer.epoch;
    const { loss, examples, lr } = await trainer.trainStep();
    windowLoss += loss;
    windowSteps += 1;
    windowExamples += examples;
    if (trainer.step % options.logEvery === 0 || trainer.step === stopAt) {
      const seconds = (performance.now() - windowStart) / 1000;
      emit({
        type: 'step',
        step: trainer.step,
        totalSteps: trainer.totalSteps,
        epoch: trainer.epoch + (trainer.batchInEpoch / trainer.batchesPerEpoch),
        loss: windowLoss / windowSteps,
        lr,
        examplesPerSecond: windowExamples / seconds,
      });
      windowLoss = windowSteps = windowExamples = 0;
      windowStart = performance.now();
    }
    const epochEnded = trainer.epoch !== epochBefore;
    if (epochEnded && trainer.data.dev) {
      const accuracy = await trainer.accuracy(trainer.data.dev);
      trainer.evals.push({ epoch: epochBefore + 1, step: trainer.step, accuracy });
      emit({ type: 'eval', epoch: epochBefore + 1, step: trainer.step, accuracy });
    }
    if (trainer.step % options.checkpointEvery === 0 || epochEnded || trainer.step === stopAt) {
      addTime();
      emit({ type: 'checkpoint', step: trainer.step, file: await trainer.saveCheckpoint(options.outDir) });
    }
  }
  addTime();
  emit({ type: 'done', step: trainer.step, seconds: trainer.seconds });
}
