// npm run bench:data: `audit run --data` at scale. 100,000 rows of SST-2 length (each an SST-2 dev sentence with
// one word replaced by a seeded word from the dev vocabulary, so every row is distinct) with gender swaps, on the
// ONNX engine with the bench's full-size random DistilBERT. Reports the run's scoring rate against the engine's own
// rate on the same kind of texts, the whole run's time per stage and its peak RSS (each step in its own process).
// Options: --rows=N (default 100000), --quick (5,000 rows), --engine=hash (a constant-time stand-in for the model:
// measures what the audit around scoring costs, and its memory, at full size in minutes). Writes nothing into the
// repository. The bounded-input measurements (bench/data-limits.mjs: a 1 MB cell, a 2 GB file) run first; --limits
// runs only those.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, datasetsDir } from '../dist/config/paths.js';
import { mulberry32 } from '../dist/stats/random.js';
import { makeFullModel } from './make-model.mjs';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const args = process.argv.slice(2);
const rowsArg = args.find((a) => a.startsWith('--rows='))?.split('=')[1];
const ROWS = rowsArg ? Number(rowsArg) : args.includes('--quick') ? 5000 : 100000;
const ENGINE = args.find((a) => a.startsWith('--engine='))?.split('=')[1] ?? 'onnx';
const rssMb = () => process.resourceUsage().maxRSS / 1024;

/** --engine=hash: scores from a hash of the text, no model (the pipeline's own cost and memory). */
function hashClassifier() {
  const score = (text) => {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    return 0.02 + 0.96 * ((h % 10007) / 10007);
  };
  return {
    labels: ['NEGATIVE', 'POSITIVE'], target: 'POSITIVE', fingerprint: 'sha256:hash-bench', name: 'hash', backend: 'none',
    async predict(texts) {
      return texts.map((t) => { const p = score(t); return { label: p >= 0.5 ? 'POSITIVE' : 'NEGATIVE', score: p, probs: [1 - p, p], logits: [0, Math.log(p / (1 - p))], inputIds: [] }; });
    },
    dispose() {},
  };
}

async function loadEngine(modelDir) {
  if (ENGINE === 'hash') return hashClassifier();
  const { loadOnnxClassifier } = await import('../dist/engines/onnx/index.js');
  return loadOnnxClassifier(modelDir, { threads: 2 });
}

/** SST-2-length rows: a dev sentence with one word replaced (seeded), label from the sentence. */
function writeRows(file, n) {
  const dev = readFileSync(join(datasetsDir(), 'sst2', 'dev.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const vocab = [...new Set(dev.flatMap(([s]) => s.trim().split(' ')).filter((w) => /^[a-z]{3,}$/.test(w)))];
  const rng = mulberry32(42);
  const lines = ['sentence\tlabel'];
  for (let i = 0; i < n; i++) {
    const [s, label] = dev[rng.int(dev.length)];
    const words = s.trim().split(' ');
    words[rng.int(words.length)] = vocab[rng.int(vocab.length)];
    lines.push(`${words.join(' ')} ${i}\t${label}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const meanChars = (texts) => texts.reduce((n, t) => n + t.length, 0) / texts.length;

/** The engine alone on 2,000 of the rows: the rate the run is compared with. */
async function engineRate(modelDir, file) {
  const texts = readFileSync(file, 'utf8').trim().split('\n').slice(1, 2001).map((l) => l.split('\t')[0]);
  const c = await loadEngine(modelDir);
  await c.predict(texts.slice(0, 16));
  const t0 = performance.now();
  for (let i = 0; i < texts.length; i += 512) await c.predict(texts.slice(i, i + 512));
  const s = (performance.now() - t0) / 1000;
  await c.dispose();
  console.log(JSON.stringify({
    label: `${ENGINE} engine alone${ENGINE === 'onnx' ? ', 2 threads' : ''}, ${texts.length.toLocaleString('en-US')} of these rows`, sentences: texts.length, seconds: s.toFixed(1),
    'sentences/s': (texts.length / s).toFixed(1), 'mean chars': meanChars(texts).toFixed(1), 'peak RSS MiB': rssMb().toFixed(0),
  }));
}

/** A stderr line at each tenth of scoring, so a long run shows where it is. */
function progressLine() {
  let next = 0;
  let started = 0;
  return (e) => {
    if (e.status === 'start') { started = performance.now(); console.error(`[bench:data] scoring ${e.total} distinct texts`); }
    if (e.status !== 'progress' || e.done < next) return;
    const s = (performance.now() - started) / 1000;
    console.error(`[bench:data] ${e.done}/${e.total} scored, ${(e.done / s).toFixed(1)}/s, ${s.toFixed(0)} s`);
    next = e.done + Math.ceil(e.total / 10);
  };
}

/** The whole data run, as `audit run --data FILE --label-column label --swap gender --engine onnx` does it. */
async function dataRun(modelDir, file, out) {
  const { runAudit } = await import('../dist/audit.js');
  const { readDataRecords } = await import('../dist/result/index.js');
  const classifier = await loadEngine(modelDir);
  const progress = progressLine();
  const { result, seconds } = await runAudit({
    kind: 'data', source: file, read: { labelColumn: 'label' }, swap: ['gender'], classifier, modelInfo: { engine: ENGINE }, out,
    onProgress: (e) => (e.status === 'note' ? console.error(`[bench:data] ${e.message}`) : e.stage === 'score' && progress(e)),
  });
  await classifier.dispose();
  const t = result.timings;
  // Texts that mention gender are longer than most, so the run's texts (originals and counterfactuals) are too.
  let chars = 0;
  let n = 0;
  for await (const r of readDataRecords(join(out, 'result.json'), result)) {
    chars += r.text.length;
    n++;
  }
  console.log(JSON.stringify({
    label: `audit run --data, ${ROWS.toLocaleString('en-US')} rows, --swap gender, ${ENGINE}`,
    sentences: result.counts.sentences, counterfactuals: result.data.swaps.counterfactuals, scored: result.counts.scored,
    'sentences/s': (result.counts.scored / t.score_s).toFixed(1), 'mean chars': (chars / n).toFixed(1),
    seconds: (seconds.prepare + seconds.score + seconds.analyse + seconds.write).toFixed(1),
    'read s': t.read_s.toFixed(1), 'detect s': t.detect_s.toFixed(1), 'score s': t.score_s.toFixed(1), 'stats s': t.stats_s.toFixed(1),
    'write+report s': seconds.write.toFixed(1), 'peak RSS MiB': rssMb().toFixed(0),
  }));
}

function child(argv) {
  const r = spawnSync(process.execPath, ['--no-warnings', fileURLToPath(import.meta.url), ...argv, `--rows=${ROWS}`, `--engine=${ENGINE}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench step ${argv.join(' ')} failed`);
  return r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}

async function main() {
  const modelDir = join(cacheDir(), 'bench', 'distilbert-random-full');
  const step = args.find((a) => a.startsWith('--step='))?.split('=')[1];
  const file = args.find((a) => a.startsWith('--file='))?.split('=')[1];
  if (step === 'engine') return engineRate(modelDir, file);
  if (step === 'run') return dataRun(modelDir, file, args.find((a) => a.startsWith('--out=')).split('=')[1]);
  // Bounded input first (the 1 MB cell and the 2 GB file, bench/data-limits.mjs); --limits runs only that part.
  const limits = spawnSync(process.execPath, ['--no-warnings', join(root, 'bench', 'data-limits.mjs'), ...args.filter((a) => a.startsWith('--gb='))], { stdio: 'inherit' });
  if (limits.status !== 0) throw new Error('bench/data-limits.mjs failed');
  if (args.includes('--limits')) return;
  if (ENGINE === 'onnx') makeFullModel(modelDir, join(root, 'models', 'demo', 'vocab.txt'));
  const tmp = mkdtempSync(join(tmpdir(), 'bench-data-'));
  try {
    const data = join(tmp, 'rows.tsv');
    writeRows(data, ROWS);
    const rows = [...child(['--step=engine', `--file=${data}`]), ...child(['--step=run', `--file=${data}`, `--out=${join(tmp, 'run')}`])];
    console.table(rows);
    const [engine, run] = rows;
    const ratio = Number(run['sentences/s']) / Number(engine['sentences/s']);
    const perChar = ratio * (Number(run['mean chars']) / Number(engine['mean chars']));
    console.log(`run's scoring rate / engine rate: ${ratio.toFixed(2)} in sentences, ${perChar.toFixed(2)} in characters; whole run: ${(run.sentences / Number(run.seconds)).toFixed(1)} sentences/s`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
