// npm run bench:queue: the cost of scoring through the queue (BullMQ on a local redis-server) against one process,
// on the full-size random DistilBERT with ONNX Runtime, this machine only (coordinator and workers share its cores).
//   1. `audit run --probe countries --limit N` in one process;
//   2. the same with --queue and one `audit worker`, at several chunk sizes (texts per job);
//   3. the same with two workers (one ONNX thread each) at the best chunk size;
//   4. `audit run --suite holisticbias --sample 20000`, one process and through the queue with one worker;
//   5. the queue's own cost per 1,000 sentences, by chunk size, with the tiny test model (2 layers, 32 wide), whose
//      scoring is so fast that the difference to one process is the transport, not the model (--overhead-only: just this).
// Scoring time is read from each run's result.json (timings.score_s): it starts after expansion and ends when the
// last score is in, so for queue runs it includes queuing, transport and collection. Workers are started (and
// their model loaded) before the coordinator. Needs redis-server on PATH. Options: --quick, --limit=N.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../dist/config/paths.js';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const main = join(root, 'dist', 'cli', 'main.js');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const limit = Number(args.find((a) => a.startsWith('--limit='))?.split('=')[1] ?? (quick ? 1000 : 4000));
const hbSample = quick ? 4000 : 20000;
const chunks = quick ? [64, 256] : [64, 256, 1024];
const overheadOnly = args.includes('--overhead-only');
const tinyDir = join(root, '..', 'shared', 'fixtures', 'hf', 'tiny');
let modelDir = join(cacheDir(), 'bench', 'distilbert-random-full');
let engine = 'onnx';
const work = mkdtempSync(join(tmpdir(), 'bench-queue-'));

async function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

function run(argv, label) {
  const out = join(work, `run-${label}`);
  const r = spawnSync(process.execPath, ['--no-warnings', main, 'run', ...argv, '--model', modelDir, '--engine', engine, '--no-cache', '--resamples', '100', '--out', out, '--quiet'],
    { encoding: 'utf8', env: { ...process.env, CI: '1' } });
  if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr}`);
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  return { scored: result.counts.scored, seconds: result.timings.score_s };
}

function startWorker(url, threads) {
  const w = spawn(process.execPath, ['--no-warnings', main, 'worker', '--queue', url, '--model', modelDir, '--engine', engine, '--workers', String(threads)],
    { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((res, rej) => {
    let err = '';
    w.stderr.on('data', (d) => { err += d; if (err.includes('taking jobs')) res(w); });
    w.once('exit', (code) => rej(new Error(`worker exited (${code}): ${err}`)));
  });
}

async function stop(procs) {
  await Promise.all(procs.map((p) => new Promise((res) => { p.once('exit', res); p.kill('SIGTERM'); })));
}

/** Step 5: the tiny model in one process vs through the queue (1 worker, 1 thread each), per chunk size. */
async function overhead(url, row) {
  modelDir = tinyDir;
  engine = 'tfjs';
  const probe = ['--probe', 'countries', '--limit', String(quick ? 2000 : 6000), '--workers', '1'];
  const w = await startWorker(url, 1);
  try {
    for (let rep = 0; rep < 2; rep++) {
      const local = run(probe, `tiny-local-${rep}`);
      row(`tiny model, one process (run ${rep + 1})`, local);
      for (const c of chunks) row(`tiny model, coordinator + 1 worker, chunk ${c} (run ${rep + 1})`, run([...probe, '--queue', url, '--queue-chunk', String(c)], `tiny-q-${c}-${rep}`), local);
    }
  } finally {
    await stop([w]);
  }
}

async function main_() {
  if (!overheadOnly) spawnSync(process.execPath, ['--no-warnings', join(root, 'bench', 'run.mjs'), '--step=make'], { stdio: 'inherit' });
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', work, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const url = `redis://127.0.0.1:${port}`;
  const rows = [];
  const row = (label, r, base) => {
    const perK = base ? ((r.seconds - base.seconds) / r.scored) * 1000 : 0;
    const x = { configuration: label, sentences: r.scored, 'score s': r.seconds.toFixed(2), 'sentences/s': (r.scored / r.seconds).toFixed(1),
      'overhead vs one process': base ? `${(100 * (r.seconds / base.seconds - 1)).toFixed(1)}%` : '', 'overhead s per 1,000': base ? perK.toFixed(3) : '' };
    console.log(JSON.stringify(x));
    rows.push(x);
  };
  try {
    await overhead(url, row);
    if (overheadOnly) return;
    modelDir = join(cacheDir(), 'bench', 'distilbert-random-full');
    engine = 'onnx';
    const probe = ['--probe', 'countries', '--limit', String(limit)];
    const local = run(probe, 'local');
    row('one process (ONNX, 2 threads)', local);
    let best = null;
    {
      const w = await startWorker(url, 2);
      for (const c of chunks) {
        const r = run([...probe, '--queue', url, '--queue-chunk', String(c)], `q1-${c}`);
        row(`coordinator + 1 worker (2 threads), chunk ${c}`, r, local);
        if (!best || r.seconds < best.r.seconds) best = { c, r };
      }
      await stop([w]);
    }
    {
      const ws = [await startWorker(url, 1), await startWorker(url, 1)];
      row(`coordinator + 2 workers (1 thread each), chunk ${best.c}`, run([...probe, '--queue', url, '--queue-chunk', String(best.c)], 'q2'), local);
      await stop(ws);
    }
    const hb = ['--suite', 'holisticbias', '--sample', String(hbSample), '--seed', '1'];
    const hbLocal = run(hb, 'hb-local');
    row(`holisticbias --sample ${hbSample}, one process`, hbLocal);
    {
      const w = await startWorker(url, 2);
      row(`holisticbias --sample ${hbSample}, coordinator + 1 worker, chunk ${best.c}`, run([...hb, '--queue', url, '--queue-chunk', String(best.c)], 'hb-q1'), hbLocal);
      await stop([w]);
    }
  } finally {
    redis.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  }
  console.table(rows);
}

await main_();
