// The bounded-input half of `npm run bench:data` (alone: `npm run bench:data -- --limits`): `audit run --data` on a
// CSV with one 1 MB cell (refused by default; audited with AUDIT_MAX_TEXT_CHARS raised) and on a 2 GB CSV
// (refused after 1,000,000 rows without --sample; streamed with --sample 1000), each in its own process with its
// wall time and peak RSS (/usr/bin/time). Files are generated in a temp dir and deleted after. Options:
// --gb=N (default 2).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const MAIN = join(root, 'dist', 'cli', 'main.js');
const GB = Number(process.argv.find((a) => a.startsWith('--gb='))?.split('=')[1] ?? 2);

/** `audit ARGS` under /usr/bin/time: exit code, seconds, peak RSS in MiB and the error line if any. */
function audit(label, args, env = {}) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS_KB %M', process.execPath, '--no-warnings', MAIN, ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1', ...env }, maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  const rss = Number(/RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  const error = r.stderr.split('\n').find((l) => l.startsWith('audit: error')) ?? null;
  console.log(JSON.stringify({ label, exit: r.status, seconds: seconds.toFixed(1), 'peak RSS MiB': rss.toFixed(0), error }));
}

const dir = mkdtempSync(join(tmpdir(), 'bench-data-limits-'));
try {
  // One row whose text is 1 MB of everyday sentences dense with identity mentions, between two short rows.
  const sentence = 'She told her brother that the Muslim family next door had moved to France last year. ';
  const cell = sentence.repeat(Math.ceil((1 << 20) / sentence.length)).slice(0, 1 << 20).trim();
  const oneMb = join(dir, 'one-mb-cell.csv');
  writeFileSync(oneMb, `text\nA short first text.\n"${cell}"\nA short last text.\n`);
  const common = ['run', '--model', 'demo', '--resamples', '200', '--no-cache'];
  audit('1 MB cell, default limits (refused)', [...common, '--data', oneMb, '--out', join(dir, 'r1')]);
  audit('1 MB cell, AUDIT_MAX_TEXT_CHARS=2000000 (audited, gender swaps)', [...common, '--data', oneMb, '--swap', 'gender', '--out', join(dir, 'r2')],
    { AUDIT_MAX_TEXT_CHARS: '2000000' });

  // A 2 GB CSV of SST-2-length rows (each distinct), written as a stream.
  const big = join(dir, 'big.csv');
  const out = createWriteStream(big);
  const target = GB * 1024 ** 3;
  let written = 0;
  let i = 0;
  out.write('text,label\n');
  const t0 = performance.now();
  while (written < target) {
    let chunk = '';
    for (let k = 0; k < 10_000; k++, i++) chunk += `the film number ${i} was a quiet and moving story about a family,${i % 2}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  console.log(JSON.stringify({ label: `generated ${(statSync(big).size / 1024 ** 3).toFixed(2)} GB, ${i.toLocaleString('en-US')} rows`, seconds: ((performance.now() - t0) / 1000).toFixed(1) }));
  audit(`${GB} GB file, no --sample (refused at the --max-rows default)`, [...common, '--data', big, '--label-column', 'label', '--out', join(dir, 'r3')]);
  audit(`${GB} GB file, --sample 1000 (streamed)`, [...common, '--data', big, '--label-column', 'label', '--sample', '1000', '--swap', 'gender', '--out', join(dir, 'r4')]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
