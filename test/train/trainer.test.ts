import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpoint } from '../../src/train/checkpoint.js';
import { loadModelDir, saveModelDir } from '../../src/train/model-dir.js';
import { paramSpecs } from '../../src/train/params.js';
import type { NamedArrays } from '../../src/train/safetensors.js';
import { runTraining, Trainer, type TrainEvent } from '../../src/train/trainer.js';
import { tinyRecipe, toyData, useWasm } from './helpers.js';

const data = { train: toyData(48), dev: toyData(32, 7) };
let dir: string;

beforeAll(useWasm);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'train-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Mean cross-entropy over a set, without dropout. */
async function meanLoss(trainer: Trainer): Promise<number> {
  const logits = await trainer.logits(data.train);
  return logits.reduce((sum, [a, b], i) => {
    const m = Math.max(a, b);
    const logZ = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    return sum + logZ - (data.train.labels[i] ? b : a);
  }, 0) / logits.length;
}

function expectSameArrays(a: NamedArrays, b: NamedArrays): void {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const name of Object.keys(a)) expect(Buffer.from(a[name].data.buffer).equals(Buffer.from(b[name].data.buffer))).toBe(true);
}

describe('Trainer', () => {
  it('reduces the training loss of a toy task within a few dozen steps', async () => {
    const trainer = new Trainer(tinyRecipe({ epochs: 6 }), data);
    const before = await meanLoss(trainer);
    await runTraining(trainer, { outDir: dir, checkpointEvery: 1000, logEvery: 1000 });
    const after = await meanLoss(trainer);
    trainer.dispose();
    expect(trainer.step).toBe(36);
    expect(before).toBeCloseTo(Math.log(2), 1);
    expect(after).toBeLessThan(before - 0.2);
  });

  it('starts from the same weights and reaches the same ones for the same seed', async () => {
    const a = new Trainer(tinyRecipe(), data);
    const b = new Trainer(tinyRecipe(), data);
    const c = new Trainer(tinyRecipe({ seed: 7 }), data);
    for (let i = 0; i < 3; i++) {
      await a.trainStep();
      await b.trainStep();
    }
    expectSameArrays(await a.params(), await b.params());
    expect((await c.params())['classifier.weight'].data).not.toEqual((await a.params())['classifier.weight'].data);
    [a, b, c].forEach((t) => t.dispose());
  });

  it('leaves no tensors behind after a step', async () => {
    const trainer = new Trainer(tinyRecipe(), data);
    await trainer.trainStep();
    const before = tf.memory().numTensors;
    await trainer.trainStep();
    await trainer.logits(data.dev);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('resumes from a checkpoint and continues exactly as an uninterrupted run, across an epoch boundary', async () => {
    // 48 examples / batch 8 = 6 steps per epoch: stop at 4, resume to 9.
    const straight = new Trainer(tinyRecipe(), data);
    await runTraining(straight, { outDir: join(dir, 'a'), checkpointEvery: 1000, logEvery: 1000, stopAtStep: 9 });

    const first = new Trainer(tinyRecipe(), data);
    await runTraining(first, { outDir: join(dir, 'b'), checkpointEvery: 2, logEvery: 1000, stopAtStep: 4 });
    first.dispose();
    const resumed = Trainer.resume(join(dir, 'b'), data);
    expect([resumed.step, resumed.epoch, resumed.batchInEpoch]).toEqual([4, 0, 4]);
    await runTraining(resumed, { outDir: join(dir, 'b'), checkpointEvery: 1000, logEvery: 1000, stopAtStep: 9 });

    expectSameArrays(await resumed.params(), await straight.params());
    expectSameArrays(readCheckpoint(join(dir, 'b')).arrays, readCheckpoint(join(dir, 'a')).arrays);
    expect(resumed.evals).toEqual(straight.evals);
    expect(straight.evals.map((e) => e.step)).toEqual([6]);
    straight.dispose();
    resumed.dispose();
  });

  it('commits a checkpoint with state.json last and keeps only the current weights file', async () => {
    const trainer = new Trainer(tinyRecipe(), data);
    const events: TrainEvent[] = [];
    await runTraining(trainer, { outDir: dir, checkpointEvery: 2, logEvery: 2, stopAtStep: 4, onEvent: (e) => events.push(e) });
    trainer.dispose();
    expect(readdirSync(join(dir, 'checkpoint')).sort()).toEqual(['state.json', 'step-4.safetensors']);
    const state = JSON.parse(readFileSync(join(dir, 'checkpoint', 'state.json'), 'utf8'));
    expect(state).toMatchObject({ version: 1, step: 4, epoch: 0, batchInEpoch: 4, weightsFile: 'step-4.safetensors' });
    expect(state.rng).toHaveLength(4);
    expect(events.filter((e) => e.type === 'checkpoint').map((e) => e.step)).toEqual([2, 4]);
    const steps = events.filter((e): e is Extract<TrainEvent, { type: 'step' }> => e.type === 'step');
    expect(steps.map((e) => e.step)).toEqual([2, 4]);
    expect(steps.every((e) => e.examplesPerSecond > 0 && e.loss > 0)).toBe(true);
  });

  it('reports a missing checkpoint as E_CHECKPOINT', () => {
    expect(() => Trainer.resume(dir, data)).toThrow(expect.objectContaining({ code: 'E_CHECKPOINT' }));
  });
});

describe('model directory', () => {
  it('saves in the Hugging Face layout and loads back within F16 rounding', async () => {
    const trainer = new Trainer(tinyRecipe(), data);
    await trainer.trainStep();
    const params = await trainer.params();
    trainer.dispose();
    const vocab = join(dir, 'vocab-source.txt');
    (await import('node:fs')).writeFileSync(vocab, Array.from({ length: 40 }, (_, i) => `tok${i}`).join('\n') + '\n');
    saveModelDir(join(dir, 'model'), tinyRecipe().model, params, vocab);

    const loaded = loadModelDir(join(dir, 'model'));
    expect(loaded.cfg).toEqual(tinyRecipe().model);
    for (const spec of paramSpecs(loaded.cfg)) {
      const a = params[spec.name].data;
      const b = loaded.params[spec.name].data;
      expect(loaded.params[spec.name].shape).toEqual(spec.shape);
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(Math.abs(a[i]) * 2 ** -11 + 2 ** -25);
    }
    expect(existsSync(join(dir, 'model', 'vocab.txt'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'model', 'tokenizer_config.json'), 'utf8'))).toEqual({ do_lower_case: true, model_max_length: 512 });
  });
});
