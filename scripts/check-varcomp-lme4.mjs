// Compares the variance decomposition (dist/stats/varcomp) with lme4 on N random unbalanced designs (random group,
// filler and template counts, variances that are sometimes 0, missing cells and sentences, repeated sentences).
// A one-off check outside CI: needs `npm run build` and R with lme4 + jsonlite (apt-get install -y r-cran-lme4 r-cran-jsonlite).
// usage: node scripts/check-varcomp-lme4.mjs [N=40] [SEED=42]. Prints one line per design and the worst errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitVarianceComponents } from '../dist/stats/varcomp/index.js';
import { simulateVarcomp } from '../dist/stats/varcomp/simulate.js';
import { mulberry32 } from '../dist/stats/random.js';

const N = Number(process.argv[2] ?? 40);
const r = mulberry32(Number(process.argv[3] ?? 42));
const dir = mkdtempSync(join(tmpdir(), 'varcomp-lme4-'));
const ours = [];
for (let k = 0; k < N; k++) {
  const G = 2 + r.int(8);
  const fillersPerGroup = Array.from({ length: G }, () => 1 + r.int(r.next() < 0.3 ? 2 : 15));
  const sometimesZero = (s) => (r.next() < 0.25 ? 0 : s * r.next());
  const sd = { template: sometimesZero(0.1), filler: sometimesZero(0.05), tg: sometimesZero(0.04), residual: 0.005 + 0.04 * r.next() };
  const rows = simulateVarcomp({
    templates: 3 + r.int(25), fillersPerGroup, sd, repeats: r.next() < 0.3 ? 2 : 1,
    dropCells: 0.2 * r.next(), dropRows: 0.3 * r.next(), seed: 1000 + k,
  });
  const fit = fitVarianceComponents(rows);
  if (fit.not_identifiable.length > 0) continue; // lme4 is given the full formula only
  writeFileSync(join(dir, `d${k}.csv`), 'template,filler,group,score\n' + rows.map((x) => `${x.template},${x.filler},${x.group},${x.score.toPrecision(17)}`).join('\n'));
  ours.push({ k, components: fit.components, clamped: fit.clamped, means: Object.fromEntries(fit.group_means), converged: fit.converged });
}
writeFileSync(join(dir, 'ours.json'), JSON.stringify(ours));
const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const R = spawnSync('Rscript', [join(root, 'scripts', 'check-varcomp-lme4.R'), dir], { encoding: 'utf8' });
rmSync(dir, { recursive: true, force: true });
process.stdout.write(R.stdout);
if (R.status !== 0) {
  process.stderr.write(R.stderr);
  process.exit(1);
}
