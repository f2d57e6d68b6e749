#!/usr/bin/env node
/**
 * The calibration of the crossed analysis (issue #26; src/stats/simulate/intersect.ts): coverage, false positives of
 * the interaction and tetrad families, power for one shifted cell, the minimum detectable interaction. N simulations
 * per design (default 400: the table in docs/statistics.md, reproduced exactly since every simulation is seeded).
 * Runs the built code (dist/): `npm run build` first (`npm run calibrate` runs it after bench/calibrate.mjs).
 *
 *   node bench/calibrate-intersect.mjs [--n 400] [--designs a,b] [--json]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { CROSS_DESIGNS, calibrateCross } = await import(join(root, 'dist/stats/simulate/intersect.js'));
const { margin } = await import(join(root, 'dist/stats/simulate/calibrate.js'));

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const n = Number(opt('n', 400));
const only = opt('designs', null)?.split(',');
const json = args.includes('--json');

const rows = [];
for (const design of CROSS_DESIGNS) {
  if (only && !only.includes(design.name)) continue;
  rows.push({ ...calibrateCross(design, n), margin: margin(n) });
}
if (json) process.stdout.write(`${JSON.stringify(rows)}\n`);
else {
  const pct = (x) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
  const lines = [
    `Crossed attributes (issue #26), N = ${n} per design; limits: coverage >= 93%, family-wise <= ${pct(margin(n))}`,
    '',
    '| design | coverage | simultaneous (gate family) | interaction FPR | family-wise | tetrad FPR | tetrad family-wise | main family-wise ' +
      '| power (Holm) | largest, right sign | mde_interaction |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.design} | ${pct(r.coverage)} | ${pct(r.simultaneousCoverage)} | ${pct(r.interactionFpr)} | ` +
      `${pct(r.familyWise)} | ${pct(r.tetradFpr)} | ${pct(r.tetradFamilyWise)} | ${pct(r.mainFamilyWise)} | ${pct(r.power)} | ` +
      `${pct(r.largest)} | ${r.mde.toFixed(3)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
