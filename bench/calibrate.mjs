#!/usr/bin/env node
/**
 * npm run calibrate: the calibration table of docs/statistics.md. Simulates classifiers with a known truth
 * (src/stats/simulate) across the named designs, runs the real analysis and the default policy's gate on each,
 * and prints false-positive rates, family-wise rate, coverage, power and gate failure rates with N simulations
 * per design (default 400, 300 resamples, 600 permutations: the table in docs/statistics.md, reproduced exactly since
 * every simulation is seeded). Runs the built code (dist/): `npm run build` first.
 *
 * Then the three outcomes of the default policy's max_abs_effect margin (version 2): designs whose true largest
 * effect is 0, the margin T, and 1.5 T (group 0 shifted to it), with the share of runs that pass, fail and are
 * inconclusive. At T a pass and a fail are both errors: each should be at most 2.5% plus the Monte Carlo margin.
 * The same for the HolisticBias rule (holisticbias_max_abs_effect, selector `suite`) on a simulated axis of
 * descriptors (HB_MARGIN_BASES), its stats turned into the axis summary by the suite's own code.
 *
 *   node bench/calibrate.mjs [--n 400] [--resamples 300] [--permutations 600] [--designs a,b] [--margins-only | --no-margins] [--json]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { calibrate, margin } = await import(join(root, 'dist/stats/simulate/calibrate.js'));
const { CALIBRATION_DESIGNS, HB_MARGIN_BASES, MARGIN_BASES, marginDesigns } = await import(join(root, 'dist/stats/simulate/index.js'));
const { axisSummary } = await import(join(root, 'dist/suites/holisticbias.js'));
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
const marginsOnly = args.includes('--margins-only');
const noMargins = args.includes('--no-margins');
const policyFile = join(root, 'policies/default.yaml');
const policy = parsePolicy(readFileSync(policyFile, 'utf8'), policyFile);

/** A simulated probe run as result.json would hold it (the policy reads `kind` to know which rules apply). */
function simulatedRun(stats) {
  return {
    schema_version: '3.0', kind: 'probe', probe: { id: 'simulated', attribute: stats.attribute }, suite: null,
    model: { name: 'simulated', fingerprint: 'sim' }, stats, records: [], seed: stats.seed,
  };
}

/** The gate on a simulated run: every rule of the default policy / only its group-difference rules. */
function gates(stats) {
  const outcome = checkRun(simulatedRun(stats), policy);
  const failed = outcome.rules.filter((r) => r.status === 'fail');
  return { all: failed.length > 0, group: failed.some((r) => METRICS[r.metric]?.family === 'group-difference') };
}

/** @type {import('../dist/stats/simulate/calibrate.js').CalibrationRow[]} */
const rows = [];
for (const design of marginsOnly ? [] : CALIBRATION_DESIGNS) {
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

/** A simulated HolisticBias run of one axis, "simulated", as result.json holds it (the rule reads the axis summary). */
function simulatedHbRun(stats) {
  const axis = axisSummary('simulated', stats, stats.n_records);
  return {
    schema_version: '3.0', kind: 'suite', probe: null, suite: 'holisticbias', model: { name: 'simulated', fingerprint: 'sim' },
    stats: null, records: [], seed: stats.seed, suites: { holisticbias: { suite: 'holisticbias', metrics: {}, axes: [axis] } },
  };
}

/** The rules calibrated in three states: the probes' max_abs_effect (selector "*") and HolisticBias' per-axis rule. */
const STATE_RULES = [
  { bases: MARGIN_BASES, metric: 'max_abs_effect', margin: policy.rules['*'].max_abs_effect.max, id: '*.max_abs_effect.max',
    run: simulatedRun },
  { bases: HB_MARGIN_BASES, metric: 'holisticbias_max_abs_effect', margin: policy.rules.suite.holisticbias_max_abs_effect.max,
    id: 'suite.holisticbias_max_abs_effect[simulated].max', run: simulatedHbRun },
];
/**
 * @type {{rule: string, design: string, base: string, label: string, truth: number, margin: number, n: number, pass: number,
 *   fail: number, inconclusive: number, seconds: number}[]}
 */
const states = [];
for (const { bases, metric, margin: T, id, run } of noMargins ? [] : STATE_RULES) {
  for (const base of bases) {
    if (only && !only.some((d) => base.name.startsWith(d))) continue;
    for (const { design, truth, label } of marginDesigns(base, T)) {
      const counts = { pass: 0, fail: 0, inconclusive: 0 };
      const c = calibrate(design, {
        simulations: n, resamples, permutations,
        gate: (stats) => {
          const rule = checkRun(run(stats), policy).rules.find((r) => r.id === id);
          // A rule that did not apply would count as neither state: refuse it rather than report 0% pass and 0% fail.
          if (!rule || !(rule.status in counts)) throw new Error(`${id} was ${rule?.status ?? 'missing'} on a simulated run`);
          counts[rule.status]++;
          return rule.status === 'fail';
        },
      });
      states.push({
        rule: metric, design: design.name, base: base.name, label, truth, margin: T, n,
        pass: counts.pass / n, fail: counts.fail / n, inconclusive: counts.inconclusive / n, seconds: c.seconds,
      });
      if (!json) process.stderr.write(`${design.name}: ${c.seconds.toFixed(1)} s\n`);
    }
  }
}

if (json) {
  process.stdout.write(`${JSON.stringify({ rows, states })}\n`);
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
  const limit = 0.025 + 2 * Math.sqrt((0.025 * 0.975) / n);
  for (const { metric, margin: T } of STATE_RULES) {
    const mine = states.filter((r) => r.rule === metric);
    if (mine.length === 0) continue;
    console.log(`\nThree outcomes of ${metric} max ${T} (policy version 2), N = ${n}; at T each error (pass, fail) should be <= ${pct(limit)}\n`);
    console.log(`| design | true ${metric} | pass | inconclusive | fail |`);
    console.log('|---|---|---|---|---|');
    for (const r of mine) console.log(`| ${r.base} | ${r.label} = ${r.truth.toFixed(3)} | ${pct(r.pass)} | ${pct(r.inconclusive)} | ${pct(r.fail)} |`);
  }
}
