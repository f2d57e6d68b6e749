/** `npm run train:demo` end to end on a few SST-2 rows and a very small model: stop, resume, export, evaluate. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { datasetsDir } from '../../src/config/paths.js';
import { DEMO_MODEL } from '../../src/train/config.js';
import { DEFAULT_RECIPE } from '../../src/train/recipe.js';
import { trainDemo, type TrainDemoOptions } from '../../src/train/run.js';

let root: string;
let options: TrainDemoOptions;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'train-demo-'));
  const shared = datasetsDir();
  const train = gunzipSync(readFileSync(join(shared, 'sst2', 'train.tsv.gz'))).toString('utf8').split('\n').slice(0, 97);
  const dev = readFileSync(join(shared, 'sst2', 'dev.tsv'), 'utf8').split('\n').slice(0, 41);
  mkdirSync(join(root, 'datasets', 'sst2'), { recursive: true });
  writeFileSync(join(root, 'datasets', 'sst2', 'train.tsv'), `${train.join('\n')}\n`);
  writeFileSync(join(root, 'datasets', 'sst2', 'dev.tsv'), `${dev.join('\n')}\n`);
  options = {
    outDir: join(root, 'model'),
    datasetsDir: join(root, 'datasets'),
    vocabFile: join(shared, 'vocab', 'bert-base-uncased-vocab.txt'),
    recipe: { ...DEFAULT_RECIPE, model: { ...DEMO_MODEL, dim: 8, n_heads: 2, hidden_dim: 16, n_layers: 1 }, batchSize: 16, epochs: 2 },
    resume: false,
    backend: 'wasm',
    checkpointEvery: 4,
    logEvery: 4,
    keepCheckpoint: false,
  };
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('trainDemo', () => {
  it('stops early leaving a checkpoint, refuses to start over it, then resumes to a finished model directory', async () => {
    const lines: string[] = [];
    expect(await trainDemo({ ...options, stopAtStep: 5 }, (l) => lines.push(l))).toBeNull();
    expect(lines).toContain('stopped at step 5/12; continue with --resume');
    expect(existsSync(join(options.outDir, 'checkpoint', 'step-5.safetensors'))).toBe(true);

    await expect(trainDemo(options, () => undefined)).rejects.toMatchObject({ code: 'E_CHECKPOINT_EXISTS' });

    const resumedLines: string[] = [];
    const report = await trainDemo({ ...options, resume: true }, (l) => resumedLines.push(l));
    expect(resumedLines).toContain('resuming at step 5/12 (96 training examples)');
    expect(report).not.toBeNull();
    expect(report!.steps).toBe(12);
    expect(report!.evals.map((e) => e.step)).toEqual([6, 12]);
    expect(report!.dev.accuracyProduct).not.toBeNull();
    expect(report!.dev.maxLogitDiffTrainerVsProduct!).toBeLessThan(1e-4);
    expect(existsSync(join(options.outDir, 'checkpoint'))).toBe(false);
    const card = readFileSync(join(options.outDir, 'README.md'), 'utf8');
    expect(card).toContain('**Its biases are its own.**');
    expect(JSON.parse(readFileSync(join(options.outDir, 'training.json'), 'utf8')).steps).toBe(12);
  });
});
