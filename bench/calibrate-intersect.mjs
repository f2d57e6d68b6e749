#!/usr/bin/env node
/**
 * The calibration of the crossed analysis (issue #26; src/stats/simulate/intersect.ts): coverage, false positives of
 * the interaction and tetrad families, power for one shifted cell, the minimum detectable interaction. N simulations
 * per design (default 400: the table in docs/statistics.md, reproduced exactly since every simulation is seeded).
 * Runs the built code (dist/): `npm run build` first (`npm run calibrate` runs it after bench/calibrate.mjs).
 *
 * Then the three outcomes of the default policy's `max_abs_interaction` rule (margin 0.10, version 2) on the
 * names_intersectional layout with a true max |interaction| of 0, 0.05, 0.10 and 0.20 (`--gate-only`: just those).
 *
 * Then the swap interaction of own data (two swapped axes crossed, src/stats/simulate/swap-interaction.ts): null designs
 * (symmetric, unequal, skewed, rare and strong) and one planted cell (`--no-swaps` leaves them out).
 *
 *   node bench/calibrate-intersect.mjs [--n 400] [--designs a,b] [--gate-only] [--no-gate] [--no-swaps] [--json]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { CROSS_DESIGNS, calibrateCross } = await import(join(root, 'dist/stats/simulate/intersect.js'));
const { margin } = await import(join(root, 'dist/stats/simulate/calibrate.js'));
const { GATE_TARGETS, gateDesign, simulateCross, analyzeCross, trueMaxInteraction } = await import(
  join(root, 'dist/stats/simulate/intersect.js'));
const { SWAP_INTERACTION_DESIGNS, calibrateSwapInteraction } = await import(join(root, 'dist/stats/simulate/swap-interaction.js'));
const { maxAbsInteraction } = await import(join(root, 'dist/result/intersection-read.js'));
const { decide } = await import(join(root, 'dist/review/check.js'));

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const n = Number(opt('n', 400));
const only = opt('designs', null)?.split(',');
const json = args.includes('--json');

const gateOnly = args.includes('--gate-only');
const rows = [];
for (const design of CROSS_DESIGNS) {
  if (gateOnly || (only && !only.includes(design.name))) continue;
  rows.push({ ...calibrateCross(design, n), margin: margin(n) });
}

// The gate: max_abs_interaction's interval (the family's simultaneous intervals) against the default margin, read as
// src/review/check.ts reads a version-2 rule: pass when its upper bound is within the margin, fail when its lower bound
// is beyond it, else inconclusive.
const MARGIN = 0.1;
const gate = [];
for (const target of args.includes('--no-gate') ? [] : GATE_TARGETS) {
  const design = gateDesign(target);
  const counts = { pass: 0, fail: 0, inconclusive: 0 };
  let mde = 0;
  for (let i = 0; i < n; i++) {
    const table = analyzeCross(simulateCross(design, 7 * 100_003 + i));
    counts[decide('max', MARGIN, 'interval', maxAbsInteraction(table)).status]++;
    mde += table.mde_interaction / n;
  }
  gate.push({ design: design.name, target, truth: trueMaxInteraction(design), shift: design.shifts[design.target], n,
    pass: counts.pass / n, fail: counts.fail / n, inconclusive: counts.inconclusive / n, mde });
}
const swaps = gateOnly || args.includes('--no-swaps') ? [] : SWAP_INTERACTION_DESIGNS.map((d) => calibrateSwapInteraction(d, { simulations: n }));
if (json) process.stdout.write(`${JSON.stringify({ rows, gate, swaps })}\n`);
else {
  const pct = (x) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
  const lines = rows.length === 0 ? [] : [
    `Crossed attributes (issue #26), N = ${n} per design; limits: coverage >= 93%, family-wise <= ${pct(margin(n))}`,
    '',
    '| design | coverage | simultaneous (gate family) | interaction FPR | family-wise | tetrad FPR | tetrad family-wise | main family-wise ' +
      '| power (Holm) | largest, right sign | mde_interaction |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.design} | ${pct(r.coverage)} | ${pct(r.simultaneousCoverage)} | ${pct(r.interactionFpr)} | ` +
      `${pct(r.familyWise)} | ${pct(r.tetradFpr)} | ${pct(r.tetradFamilyWise)} | ${pct(r.mainFamilyWise)} | ${pct(r.power)} | ` +
      `${pct(r.largest)} | ${r.mde.toFixed(3)} |`),
  ];
  if (gate.length > 0) {
    if (lines.length > 0) lines.push('');
    const limit = 0.05 + 2 * Math.sqrt((0.05 * 0.95) / n);
    lines.push(`Three outcomes of max_abs_interaction max ${MARGIN} (names_intersectional layout), N = ${n}; false fail (truth inside the ` +
      `margin) and false pass (truth beyond it) <= ${pct(limit)}`, '',
    '| true max interaction | logit shift of the two cells | pass | inconclusive | fail | mde_interaction |', '|---|---|---|---|---|---|',
    ...gate.map((g) => `| ${g.truth.toFixed(3)} | ${g.shift.toFixed(3)} | ${pct(g.pass)} | ${pct(g.inconclusive)} | ${pct(g.fail)} | ${g.mde.toFixed(3)} |`));
  }
  if (swaps.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(`Swap interactions of own data (3 x 2 swapped axes, 12 pairs of swaps, Holm over the run's pairs), N = ${n}; ` +
      `family-wise <= ${pct(margin(n))}, coverage >= 93%`, '',
    '| design | per-pair FPR (null pairs) | family-wise (Holm) | coverage (95% t interval) | power, planted pairs (Holm, right sign) ' +
      '| marked with 0 in the interval |', '|---|---|---|---|---|---|',
    ...swaps.map((r) => `| ${r.design} | ${pct(r.perPairFpr)} | ${pct(r.familyWise)} | ${pct(r.coverage)} | ${pct(r.power)} | ${pct(r.disagree)} |`));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
