// npm run bench:memory: memory of a probe run per sentence, which sets MAX_SENTENCES (src/expand/limits.ts).
// A generated probe (countries x occupations x religions: up to 305,920 sentences per template) runs end to end
// (expansion, the score cache, records, statistics with 200 resamples, the run directory) with a constant-time
// hash classifier in place of the model, each size in its own process; the peak RSS of two sizes gives the cost of
// one more sentence. Writes nothing into the repository. Options: --sizes=100000,300000 (default).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const sizes = (process.argv.find((a) => a.startsWith('--sizes='))?.split('=')[1] ?? '100000,300000').split(',').map(Number);

if (process.argv[2] === '--child') {
  const [, , , probeFile, n, out] = process.argv;
  const { runAudit } = await import('../dist/audit.js');
  const { loadProbeSpec } = await import('../dist/probe/index.js');
  const { ScoreCache } = await import('../dist/runner/index.js');
  const score = (text) => {
    let h = 2166136261;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    return 0.02 + 0.96 * ((h % 10007) / 10007);
  };
  const classifier = {
    labels: ['NEGATIVE', 'POSITIVE'], target: 'POSITIVE', fingerprint: 'hash-bench', name: 'hash', backend: 'none',
    async predict(texts) {
      return texts.map((t) => { const p = score(t); return { label: p >= 0.5 ? 'POSITIVE' : 'NEGATIVE', score: p, probs: [1 - p, p], logits: [0, Math.log(p / (1 - p))], inputIds: [] }; });
    },
    dispose() {},
  };
  const cache = ScoreCache.open(join(out, 'cache'));
  const t0 = performance.now();
  const probe = await loadProbeSpec(probeFile);
  await runAudit({ kind: 'probe', probe, limit: Number(n), classifier, cache, resamples: 200, seed: 1, out: join(out, 'run') });
  cache.close();
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ sentences: Number(n), seconds: (performance.now() - t0) / 1000, peakRssMiB }));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'probe-memory-'));
try {
  const probe = join(dir, 'big.yaml');
  writeFileSync(probe, `id: memory_bench
title: Memory bench
description: countries x occupations x religions
attribute: country
expectation: { type: invariant }
templates:
  - { id: a, text: "{a:occupation} from {country.name_in_sentence} who is {religion} liked the film." }
  - { id: b, text: "The film about {a:occupation} in {country.name_in_sentence}, a {religion} one, was long." }
  - { id: c, text: "I met {a:occupation} from {country.name_in_sentence} and we talked about {religion} films." }
slots:
  country: { lexicon: countries }
  occupation: { lexicon: occupations }
  religion: { lexicon: religions }
sampling: { mode: product, max: 5000000 }
`);
  const rows = [];
  for (const n of sizes) {
    const out = join(dir, `n${n}`);
    const r = spawnSync(process.execPath, ['--no-warnings', '--max-old-space-size=16384', fileURLToPath(import.meta.url), '--child', probe, String(n), out], {
      cwd: root, encoding: 'utf8', maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(`size ${n} failed: ${r.stderr}`);
    const row = JSON.parse(r.stdout);
    rows.push(row);
    console.log(JSON.stringify({ ...row, seconds: row.seconds.toFixed(1), peakRssMiB: row.peakRssMiB.toFixed(0) }));
    rmSync(out, { recursive: true, force: true });
  }
  const [a, b] = [rows[0], rows[rows.length - 1]];
  const perSentence = ((b.peakRssMiB - a.peakRssMiB) * 1024 * 1024) / (b.sentences - a.sentences);
  const fits = Math.floor((14 * 1024 ** 3) / perSentence); // 16 GB less 2 GB for the OS, the model and the runtime
  console.log(JSON.stringify({ bytesPerSentence: perSentence.toFixed(0), sentencesIn14GiB: fits }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
