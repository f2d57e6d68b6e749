#!/usr/bin/env node
/**
 * npm run calibrate:data: calibration of the own-data statistics (src/stats/simulate/data.ts) on simulated texts
 * with a known truth: subgroups of 6 to 500 texts, saturated scores, subgroups exactly at the default policy's
 * thresholds, swaps over three axes, the --intersect tables, and the three outcomes of data_max_abs_interaction at a true
 * largest interaction of 0, T and 1.5 T. The default policy's labelled-data rules are run through checkRun on each
 * simulated summary; its perturbation rules (flip_rate, ctf_gap) are not calibrated against "no bias" and are left
 * out (labelled so). Runs the built code (dist/): `npm run build` first.
 *
 *   node bench/calibrate-data.mjs [--n 400] [--json]
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { calibrateData, calibrateSwaps, DATA_DESIGNS, SWAP_DESIGNS } = await import(join(root, 'dist/stats/simulate/data.js'));
const { margin } = await import(join(root, 'dist/stats/simulate/calibrate.js'));
const { calibrateFactorial, factorialStates, FACTORIAL_DESIGNS, FACTORIAL_MARGIN_BASES, marginFactorialDesigns } = await import(join(root,
  'dist/stats/simulate/factorial.js'));
const { parsePolicy } = await import(join(root, 'dist/review/policy.js'));
const { checkRun } = await import(join(root, 'dist/review/check.js'));
const { DATA_METRIC_FAMILY } = await import(join(root, 'dist/result/metrics.js'));

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const n = Number(opt('n', 400));
const json = args.includes('--json');
const policyFile = join(root, 'policies/default.yaml');
const policy = parsePolicy(readFileSync(policyFile, 'utf8'), policyFile);

/** The default policy on a simulated data run's summary: fails when a calibrated (labelled-data) rule fails. */
function gate(worst) {
  const result = {
    schema_version: '2.1', probe: null, suite: null, model: { name: 'simulated', fingerprint: 'sim' }, stats: null, records: [], seed: 1,
    data: { file_name: 'simulated.csv', summary: worst },
  };
  const outcome = checkRun(result, policy);
  return outcome.rules.some((r) => r.status === 'fail' && DATA_METRIC_FAMILY[r.metric] !== 'perturbation');
}

const data = DATA_DESIGNS.map((design) => {
  const row = calibrateData(design, { simulations: n, gate });
  if (!json) process.stderr.write(`${design.name}: ${row.seconds.toFixed(1)} s\n`);
  return row;
});
const swaps = SWAP_DESIGNS.map((design) => {
  const row = calibrateSwaps(design, { simulations: n });
  if (!json) process.stderr.write(`${design.name}: ${row.seconds.toFixed(1)} s\n`);
  return row;
});

const factorial = FACTORIAL_DESIGNS.map((design) => {
  const row = calibrateFactorial(design, { simulations: n });
  if (!json) process.stderr.write(`${design.name}: ${row.seconds.toFixed(1)} s\n`);
  return row;
});

/**
 * The three outcomes of data_max_abs_interaction (the default policy's margin, one outcome per measure): its rule
 * through checkRun on a data run holding the one simulated table, at a true largest |interaction| of 0, T and 1.5 T.
 */
const T = policy.rules.data.data_max_abs_interaction.max;
const judge = (table) => {
  const result = {
    schema_version: '3.3', kind: 'data', probe: null, suite: null, model: { name: 'simulated', fingerprint: 'sim' }, stats: null, records: [],
    seed: 1, data: { file_name: 'simulated.csv', summary: {}, factorial: [table] },
  };
  const rule = checkRun(result, policy).rules.find((r) => r.id === `data.data_max_abs_interaction[${table.measure}].max`);
  // A rule that did not apply would count as neither state: refuse it rather than report 0% pass and 0% fail.
  if (!rule || !['pass', 'fail', 'inconclusive'].includes(rule.status)) {
    throw new Error(`data_max_abs_interaction was ${rule?.status ?? 'missing'}`);
  }
  return rule.status;
};
const marginDesigns = FACTORIAL_MARGIN_BASES.flatMap(({ base, measure }) => marginFactorialDesigns(base, measure, T)
  .map((d) => ({ ...d, base, measure })));
const states = marginDesigns.map(({ design, truth, label, base, measure }) => {
  const started = performance.now();
  const shares = factorialStates(design, measure, { simulations: n, judge });
  if (!json) process.stderr.write(`${design.name}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return { base: base.name, measure, design: design.name, label, truth, margin: T, n, ...shares };
});

if (json) {
  process.stdout.write(`${JSON.stringify({ n, margin: margin(n), data, swaps, factorial, states })}\n`);
} else {
  const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '\u2013');
  console.log(`N = ${n} simulations per design; criterion for rates under no effect: <= ${pct(margin(n))}; coverage >= 93%\n`);
  console.log('| design | per-group FPR (gap intervals) | family-wise per gap metric (simultaneous) | lowest marginal coverage | lowest worst-case coverage | default data rules fail* | intervals excluding their estimate |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of data) {
    console.log(`| ${r.design} | ${pct(r.perGroupFpr)} | ${pct(r.familyWise)} (${r.familyWiseMetric}) | ${pct(r.coverage)} (${r.coverageWorst}) | ${pct(r.worstCoverage)} (${r.worstCoverageWorst}) | ${pct(r.gateFails)} | ${pct(r.degenerate)} |`);
  }
  console.log('\n* bpsn_auc min 0.80 and fpr_gap max 0.10; flip_rate and ctf_gap (perturbation rules) are not calibrated against "no bias" and are excluded.\n');
  console.log('| design | pairs | per-pair FPR | family-wise, Holm over the run | family-wise, Holm within each axis (secondary view) | mean-change coverage |');
  console.log('|---|---|---|---|---|---|');
  for (const r of swaps) console.log(`| ${r.design} | ${r.pairs} | ${pct(r.perPairFpr)} | ${pct(r.familyWise)} | ${pct(r.familyWiseAxis)} | ${pct(r.coverage)} |`);
  console.log('\n| design (--intersect) | interactions / tetrads marked (null) | main effects of B marked (null) | lowest marginal coverage | lowest simultaneous coverage | runs with tetrads | power, planted cell | intervals excluding their estimate |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of factorial) {
    const fw = Number.isFinite(r.familyWise) ? `${pct(r.familyWise)} (${r.familyWiseMeasure})` : '\u2013';
    console.log(`| ${r.design} | ${fw} | ${pct(r.mainFamilyWise)} | ${pct(r.coverage)} (${r.coverageWorst}) | ${pct(r.simultaneousCoverage)} (${r.simultaneousWorst}) | ${pct(r.incomplete)} | ${r.power === null ? '\u2013' : pct(r.power)} | ${pct(r.degenerate)} |`);
  }
  const limit = 0.025 + 2 * Math.sqrt((0.025 * 0.975) / n);
  console.log(`\nThree outcomes of data_max_abs_interaction max ${T} (policy version 2), N = ${n}; at T each error (pass, fail) should be <= ${pct(limit)}\n`);
  console.log('| design | measure | true largest \\|interaction\\| | pass | inconclusive | fail |');
  console.log('|---|---|---|---|---|---|');
  for (const r of states) console.log(`| ${r.base} | ${r.measure} | ${r.label} = ${r.truth.toFixed(3)} | ${pct(r.pass)} | ${pct(r.inconclusive)} | ${pct(r.fail)} |`);
}
