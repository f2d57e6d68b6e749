#!/usr/bin/env node
/**
 * Simulated probe runs as long CSV rows for the lmerTest reference (scripts/lmertest-reference.R): one row per
 * sentence, `sim,design,group,filler,family,template,score`. The datasets are exactly those `npm run calibrate`
 * analyses (same designs, same seeds: seed = 100003 + i), so the power of the two methods is compared on the same
 * data. Runs the built code (dist/): `npm run build` first.
 *
 *   node scripts/lmertest-sims.mjs --designs 'names_3x6+0.4 on one,names_3x6' --n 200 > /tmp/sims.csv
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { CALIBRATION_DESIGNS, simulate } = await import(join(root, 'dist/stats/simulate/index.js'));

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const n = Number(opt('n', 200));
const first = Number(opt('first', 0));
const wanted = opt('designs', '').split(',').filter(Boolean);

const quote = (s) => `"${String(s).replaceAll('"', '""')}"`;
process.stdout.write('sim,design,group,filler,family,template,score\n');
for (const design of CALIBRATION_DESIGNS) {
  if (!wanted.some((w) => design.name === w)) continue;
  for (let i = first; i < first + n; i++) {
    const lines = simulate(design, 100_003 + i).map((r) => {
      const family = r.paraphrase_of ?? r.template_id;
      return [i, quote(design.name), quote(r.group), quote(`${r.group}/${r.filler}`), quote(family), quote(r.template_id), r.score].join(',');
    });
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
