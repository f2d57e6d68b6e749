#!/usr/bin/env node
/**
 * npm run calibrate: the calibration table of docs/statistics.md. Simulates classifiers with a known truth
 * (src/stats/simulate) across the named designs, runs the real analysis and the default policy's gate on each,
 * and prints false-positive rates, family-wise rate, coverage, power and gate failure rates with N simulations
 * per design (default 400, 300 resamples, 600 permutations: the table in docs/statistics.md, reproduced exactly since
 * every simulation is seeded). Runs the built code (dist/): `npm run build` first.
 *
 *   node bench/calibrate.mjs [--n 400] [--resamples 300] [--permutations 600] [--designs a,b] [--json]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { calibrate, margin } = await import(join(root, 'dist/stats/simulate/calibrate.js'));
const { CALIBRATION_DESIGNS } = await import(join(root, 'dist/stats/simulate/index.js'));
const { parsePolicy } = await import(join(root, 'dist/review/policy.js'));
const { checkRun } = await import(join(root, 'dist/review/check.js'));
const { METRICS } = await import(join(root, 'dist/result/metrics.js'));

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const n = Number(opt('n', 400));
const resamples = Number(opt('resamples', 300));
const permutations = Number(opt('permutations', 600));
const only = opt('designs', null)?.split(',');
const json = args.includes('--json');
const policyFile = join(root, 'policies/default.yaml');
const policy = parsePolicy(readFileSync(policyFile, 'utf8'), policyFile);

/** The gate on a simulated run: every rule of the default policy / only its group-difference rules. */
function gates(stats) {
  const result = {
    schema_version: '3.0', kind: 'probe', probe: { id: 'simulated', attribute: stats.attribute }, suite: null,
    model: { name: 'simulated', fingerprint: 'sim' }, stats, records: [], seed: stats.seed,
  };
  const outcome = checkRun(result, policy);
  const failed = outcome.rules.filter((r) => r.status === 'fail');
  return { all: failed.length > 0, group: failed.some((r) => METRICS[r.metric]?.family === 'group-difference') };
}

/** @type {import('../dist/stats/simulate/calibrate.js').CalibrationRow[]} */
const rows = [];
for (const design of CALIBRATION_DESIGNS) {
  if (only && !only.some((d) => design.name.startsWith(d))) continue;
  let allFails = 0;
  const c = calibrate(design, {
    simulations: n, resamples, permutations,
    gate: (stats) => {
      const g = gates(stats);
      if (g.all) allFails++;
      return g.group;
    },
  });
  rows.push({ ...c, gateAllFails: allFails / n, margin: margin(n) });
  if (!json) process.stderr.write(`${design.name}: ${c.seconds.toFixed(1)} s\n`);
}

if (json) {
  process.stdout.write(`${JSON.stringify(rows)}\n`);
} else {
  const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '\u2013');
  console.log(`N = ${n} simulations per design, ${resamples} resamples, ${permutations} permutations; criterion for rates under no effect: <= ${pct(margin(n))}\n`);
  console.log('| design | per-group FPR | family-wise (Holm) | group-difference gate fails | whole default gate fails | coverage (95% CI) | simultaneous coverage | effect_sd coverage | power (Holm) | MDE |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const rates = [r.perGroupFpr, r.familyWise, r.gateFails, r.gateAllFails, r.coverage, r.simultaneousCoverage];
    rates.push(r.effectSdCoverage, r.power);
    const cells = rates.map(pct);
    console.log(`| ${r.design} | ${cells.join(' | ')} | ${r.mde.toFixed(3)} |`);
  }
}
