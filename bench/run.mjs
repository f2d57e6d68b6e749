// @ts-check
// npm run bench: throughput of the scoring engine on a full-size random DistilBERT, per backend and worker count,
// plus the `audit run --probe countries` workload (cold cache and fully cached rerun). Prints a table; writes
// nothing into the repository. Options: --quick (fewer sentences), --backends=wasm,cpu, --data[=ROWS] (then the data-run bench,
// bench/data.mjs, also `npm run bench:data`). Each configuration runs in its own process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../dist/config/paths.js';
import { loadClassifier } from '../dist/model/index.js';
import { backendStatus } from '../dist/model/index.js';
import { loadTokenizer } from '../dist/tokenizer/index.js';
import { PooledClassifier } from '../dist/engines/tfjs/pool.js';
import { ScoreCache } from '../dist/runner/cache.js';
import { runProbe } from '../dist/audit.js';
import { expandProbe } from '../dist/expand/index.js';
import { loadProbeSpec } from '../dist/probe/index.js';
import { FULL_CONFIG, makeFullModel } from './make-model.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--backends='))?.split('=')[1]?.split(',');

const FILLERS = ['France', 'Afghanistan', 'Kenya', 'the United States', 'Bosnia and Herzegovina', 'Papua New Guinea',
  'Japan', 'Brazil', 'Saint Vincent and the Grenadines', 'Iceland', 'Nigeria', 'Viet Nam', 'Peru', 'Norway', 'Chad', 'Fiji'];
const TEMPLATES = [
  'This film was filmed in {x}.',
  'The director grew up in {x}.',
  'I watched this movie on a long flight to {x}.',
  'The cast, most of whom come from {x}, deliver their lines with conviction.',
  'Shot on location in {x}, the story follows two brothers over a single summer.',
  'A documentary about everyday life in {x}, told through the eyes of a local schoolteacher and her students.',
  'The soundtrack was recorded in {x} by an orchestra that had never played film music before this production.',
  'My friend from {x} recommended it.',
];

/**
 * The bench's sentences: a seeded sample of the built-in countries probe (real probe sentences, 8-24 tokens).
 * @param {number} n
 */
async function probeSentences(n) {
  const probe = await loadProbeSpec('countries');
  return expandProbe(probe, { limit: n, seed: 7 }).map((i) => i.text);
}

/**
 * Synthetic probe-like sentences (kept for comparison with earlier measurements; not used by default).
 * @param {number} n
 */
export function sentences(n) {
  const out = [];
  for (let i = 0; out.length < n; i++) {
    const t = TEMPLATES[i % TEMPLATES.length];
    const f = FILLERS[Math.floor(i / TEMPLATES.length) % FILLERS.length];
    out.push(i < TEMPLATES.length * FILLERS.length ? t.replace('{x}', f) : `${t.replace('{x}', f)} (${i})`);
  }
  return out;
}

/**
 * Forward FLOPs of one sequence of length L (multiply-adds count 2).
 * @param {number} L
 */
function flops(L, c = FULL_CONFIG) {
  const d = c.dim, h = c.hidden_dim;
  const layer = 2 * L * d * d * 4 + 2 * L * d * h * 2 + 2 * L * L * d * 2;
  return c.n_layers * layer + 2 * d * d + 2 * d * 2;
}

/** Peak resident set of this process so far, in MiB (maxRSS is in KiB). */
const rssMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * @param {string} label
 * @param {{ predict(texts: string[]): Promise<unknown> }} classifier
 * @param {string[]} texts
 * @param {import('../dist/tokenizer/index.js').Tokenizer} tokenizer
 */
async function measure(label, classifier, texts, tokenizer) {
  await classifier.predict(texts.slice(0, 16)); // warm-up
  const lengths = texts.map((t) => tokenizer.encode(t).inputIds.length);
  const tokens = lengths.reduce((a, b) => a + b, 0);
  const gflop = lengths.reduce((a, L) => a + flops(L), 0) / 1e9;
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i += 512) await classifier.predict(texts.slice(i, i + 512));
  const s = (performance.now() - t0) / 1000;
  const row = { label, sentences: texts.length, seconds: s.toFixed(2), 'sentences/s': (texts.length / s).toFixed(1),
    'tokens/s': (tokens / s).toFixed(0), 'GFLOP/s': (gflop / s).toFixed(1), 'peak RSS MiB': rssMb().toFixed(0) };
  console.log(JSON.stringify(row));
  return row;
}

/**
 * ONNX Runtime through our classifier (length buckets), then raw onnxruntime-node: fixed batches of 32, unsorted.
 * @param {string} modelDir
 */
async function measureOnnx(modelDir) {
  const { loadOnnxClassifier } = await import('../dist/engines/onnx/index.js');
  const ort = (await import('onnxruntime-node')).default;
  const tokenizer = await loadTokenizer(modelDir);
  const texts = await probeSentences(quick ? 400 : 2000);
  const ours = await loadOnnxClassifier(modelDir, { threads: 2 });
  const rows = [await measure('onnx (ours: length buckets), 2 threads', ours, texts, tokenizer)];
  const session = await ort.InferenceSession.create(/** @type {string} */ (ours.graphPath), { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  await ours.dispose();
  const raw = {
    /** @param {string[]} batch */
    async predict(batch) {
      for (let i = 0; i < batch.length; i += 32) {
        const enc = tokenizer.encodeBatch(batch.slice(i, i + 32));
        const shape = [enc.inputIds.length, enc.inputIds[0].length];
        const ids = new ort.Tensor('int64', BigInt64Array.from(enc.inputIds.flat().map(BigInt)), shape);
        const mask = new ort.Tensor('int64', BigInt64Array.from(enc.attentionMask.flat().map(BigInt)), shape);
        await session.run({ input_ids: ids, attention_mask: mask });
      }
    },
  };
  rows.push(await measure('onnxruntime-node raw, fixed batch 32, 2 threads', raw, texts, tokenizer));
  return rows;
}

/**
 * One configuration, measured in its own process so that peak RSS belongs to it alone.
 * @param {string} modelDir
 * @param {import('../dist/model/index.js').BackendName} backend
 * @param {number} workers
 */
async function measureOne(modelDir, backend, workers) {
  const tokenizer = await loadTokenizer(modelDir);
  const all = await probeSentences(quick ? 400 : 2000);
  // The cpu backend is ~20x slower at full size: a 100-sentence sample keeps the bench short.
  const texts = backend === 'cpu' ? all.slice(0, quick ? 20 : 100) : all;
  const classifier = workers > 1
    ? await PooledClassifier.start(modelDir, { backend, workers })
    : await loadClassifier(modelDir, { backend });
  const row = await measure(`${backend} x${workers}${workers > 1 ? ' workers' : ' (in-process)'}`, classifier, texts, tokenizer);
  await classifier.dispose();
  return row;
}

/**
 * The countries workload end to end: expand, dedupe, cache (cold, then warm), score with two workers, statistics.
 * @param {string} modelDir
 */
async function measureCountries(modelDir) {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-cache-'));
  const probe = await loadProbeSpec('countries');
  const pool = await PooledClassifier.start(modelDir, { backend: 'wasm', workers: 2 });
  const cache = ScoreCache.open(tmp);
  const limit = quick ? 400 : 2000;
  const cold = await runProbe(probe, pool, { cache, limit, resamples: 2000, seed: 7 });
  const warm = await runProbe(probe, pool, { cache, limit, resamples: 2000, seed: 7 });
  const rows = [
    { label: 'countries probe, wasm x2, cold cache', sentences: cold.counts.sentences, seconds: cold.timings.score_s.toFixed(2),
      'sentences/s': (cold.counts.scored / cold.timings.score_s).toFixed(1), 'stats s': cold.timings.stats_s.toFixed(2), 'peak RSS MiB': rssMb().toFixed(0) },
    { label: 'countries probe, fully cached rerun', sentences: warm.counts.sentences, seconds: warm.timings.score_s.toFixed(3),
      'stats s': warm.timings.stats_s.toFixed(2) },
  ];
  rows.forEach((r) => console.log(JSON.stringify(r)));
  cache.close();
  await pool.dispose();
  rmSync(tmp, { recursive: true, force: true });
  return rows;
}

/**
 * Memory on long inputs: 96 review-length texts (45 to 512 tokens, some truncated) with two wasm workers. The
 * batch planner caps padded tokens per batch, so the peak should stay near the short-sentence one.
 * @param {string} modelDir
 */
async function measureLong(modelDir) {
  const tokenizer = await loadTokenizer(modelDir);
  const base = await probeSentences(600);
  const n = quick ? 24 : 96;
  const texts = Array.from({ length: n }, (_, i) => base.slice(i, i + 4 + ((i * 37) % 45)).join(' '));
  const pool = await PooledClassifier.start(modelDir, { backend: 'wasm', workers: 2 });
  const row = await measure('wasm x2 workers, long texts', pool, texts, tokenizer);
  await pool.dispose();
  return [row];
}

/** @param {string[]} argv */
function child(argv) {
  const r = spawnSync(process.execPath, ['--no-warnings', fileURLToPath(import.meta.url), ...argv, ...(quick ? ['--quick'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench step ${argv.join(' ')} failed`);
  return r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

async function main() {
  const modelDir = join(cacheDir(), 'bench', 'distilbert-random-full');
  const step = args.find((a) => a.startsWith('--step='))?.split('=')[1];
  if (step === 'make') { makeFullModel(modelDir, join(root, 'models', 'demo', 'vocab.txt')); return; }
  if (step === 'one') {
    const backend = /** @type {import('../dist/model/index.js').BackendName} */ (args.find((a) => a.startsWith('--backend='))?.split('=')[1]);
    const workers = Number(args.find((a) => a.startsWith('--workers='))?.split('=')[1]);
    await measureOne(modelDir, backend, workers);
    return;
  }
  if (step === 'countries') { await measureCountries(modelDir); return; }
  if (step === 'onnx') { await measureOnnx(modelDir); return; }
  if (step === 'long') { await measureLong(modelDir); return; }

  child(['--step=make']);
  const tokenizer = await loadTokenizer(modelDir);
  const all = await probeSentences(quick ? 400 : 2000);
  const meanTokens = all.reduce((a, t) => a + tokenizer.encode(t).inputIds.length, 0) / all.length;
  console.log(`full-size random DistilBERT (768 wide, 12 heads, 6 layers); ${all.length} sentences from the countries probe, ${meanTokens.toFixed(1)} tokens on average`);
  const status = await backendStatus();
  console.log('backends:', status.map((b) => `${b.name}=${b.available ? 'yes' : 'no'}`).join(' '));
  const rows = [];
  for (const b of status.filter((s) => s.available && (!only || only.includes(s.name)))) {
    rows.push(...child(['--step=one', `--backend=${b.name}`, '--workers=1']));
    if (b.name !== 'cpu') rows.push(...child(['--step=one', `--backend=${b.name}`, '--workers=2']));
  }
  if (!only || only.includes('wasm')) rows.push(...child(['--step=countries']), ...child(['--step=long']));
  if (!only || only.includes('onnx')) rows.push(...child(['--step=onnx']));
  console.table(rows);
  // --data[=ROWS]: then `audit run --data` at scale (bench/data.mjs, 100,000 rows by default; about 30 minutes).
  const data = args.find((a) => a === '--data' || a.startsWith('--data='));
  if (data) {
    const rowsArg = data.includes('=') ? [`--rows=${data.split('=')[1]}`] : [];
    const r = spawnSync(process.execPath, ['--no-warnings', join(root, 'bench', 'data.mjs'), ...rowsArg], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('bench/data.mjs failed');
  }
}

await main();
