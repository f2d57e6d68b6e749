#!/usr/bin/env node
/**
 * npm run calibrate:diff: coverage of the paired intervals of `audit diff` on two data runs, with a known truth.
 * Texts have a label (half positive) and model A's score; model B's score is A's + 0.05 + noise (sd 0.05) per text.
 * Prints, over N samples (default 1,000): the coverage of the mean score change (truth 0.05; 150 texts), and of the
 * overall AUC change (truth from a population of 400,000 texts; 300 texts), and the mean width of the paired AUC
 * interval relative to the two runs' own intervals combined as independent.
 *
 * Then two runs of one probe (src/stats/simulate/paired.ts) with a known change: none, a uniform shift (+0.5 logit on
 * every sentence, which changes no group effect) and group 0 +0.5 logit, on 12 groups of one filler and on fillers
 * 1/4/8/20: coverage of the group changes (pointwise and simultaneous), the false-change rate of `audit diff` (a
 * group marked changed at the default tolerance whose true change is within it), the coverage of the metric changes
 * and the outcomes of `max_abs_effect max_increase: 0.02`. Runs the built code (dist/).
 *
 *   node bench/calibrate-diff.mjs [--n 1000] [--resamples 200] [--probe-n 400] [--probe-resamples 200] [--probe-only] [--no-probe]
 *     [--bases groups_12_t16,fillers_1_4_8_20] [--json]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { analyzeLabelled, pairedLabelled, pairedSwaps } = await import(join(root, 'dist/stats/fairness/index.js'));
const { mulberry32 } = await import(join(root, 'dist/stats/random.js'));
const { independentChange } = await import(join(root, 'dist/review/paired.js'));
const { calibratePaired, pairedDesigns } = await import(join(root, 'dist/stats/simulate/paired.js'));
const { DESIGNS } = await import(join(root, 'dist/stats/simulate/index.js'));
const { DEFAULT_DIFF_TOLERANCE } = await import(join(root, 'dist/config/defaults.js'));

const args = process.argv.slice(2);
const raw = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const opt = (name, fallback) => (args.includes(`--${name}`) ? Number(raw(name)) : fallback);
const N = opt('n', 1000);
const R = opt('resamples', 200);
const probeN = opt('probe-n', 400);
const probeR = opt('probe-resamples', 200);
const probeOnly = args.includes('--probe-only');
const noProbe = args.includes('--no-probe');
/** The default policy's `max_abs_effect max_increase`. */
const MAX_INCREASE = 0.02;

function sample(rng, n) {
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const labels = new Uint8Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    a[i] = (labels[i] ? 0.6 : 0.4) + 0.15 * normal();
    b[i] = a[i] + 0.05 + 0.05 * normal();
  }
  return { labels, a, b };
}

const covers = (ci, truth) => ci[0] <= truth && truth <= ci[1];

/** The data-run block: mean score change and AUC change of two data runs. */
function dataBlock() {
  let meanCovered = 0;
  const rngMean = mulberry32(2024);
  for (let k = 0; k < N; k++) {
    const s = sample(rngMean, 150);
    const rows = Array.from(s.a, (x, i) => ({
      source: i, a: { original: 0, counterfactual: x }, b: { original: 0, counterfactual: s.b[i] },
    }));
    if (covers(pairedSwaps(rows, { threshold: 0.5, resamples: R, seed: k }).mean_change.ci, 0.05)) meanCovered++;
  }

  const rngAuc = mulberry32(77);
  const labelled = (s, scoresA, scoresB, resamples, seed) =>
    pairedLabelled({ labels: s.labels, subgroups: [], threshold: 0.5, scoresA, scoresB }, { resamples, seed }).overall.auc;
  const pop = sample(rngAuc, 400000);
  const truth = labelled(pop, pop.a, pop.b, 0, 0).change;
  let aucCovered = 0;
  let widthRatio = 0;
  for (let k = 0; k < N; k++) {
    const s = sample(rngAuc, 300);
    const paired = labelled(s, s.a, s.b, R, k);
    if (covers(paired.ci, truth)) aucCovered++;
    const own = (x) => analyzeLabelled({ scores: x, labels: s.labels, subgroups: [], threshold: 0.5 }, { resamples: R, seed: k })
      .overall.auc;
    const independent = independentChange(own(s.a), own(s.b));
    widthRatio += (paired.ci[1] - paired.ci[0]) / (independent.ci[1] - independent.ci[0]);
  }
  return { n: N, resamples: R, meanCoverage: meanCovered / N, aucTruth: truth, aucCoverage: aucCovered / N, widthRatio: widthRatio / N };
}

/** The probe block: two runs of one probe with a known change. */
function probeBlock() {
  const rows = [];
  const bases = raw('bases', null)?.split(',') ?? ['groups_12_t16', 'fillers_1_4_8_20'];
  for (const base of bases.map((b) => DESIGNS[b])) {
    for (const design of pairedDesigns(base)) {
      const row = calibratePaired(design, {
        simulations: probeN, resamples: probeR, tolerance: DEFAULT_DIFF_TOLERANCE, maxIncrease: MAX_INCREASE,
      });
      rows.push(row);
      if (!args.includes('--json')) process.stderr.write(`${design.name}: ${row.seconds.toFixed(1)} s\n`);
    }
  }
  return rows;
}

const data = probeOnly ? null : dataBlock();
const probe = noProbe ? [] : probeBlock();
const pct = (x) => `${(100 * x).toFixed(1)}%`;
if (args.includes('--json')) {
  console.log(JSON.stringify({ ...(data ?? {}), probe }));
  process.exit(0);
}
if (data) {
  console.log(`N = ${N} samples, ${R} resamples each`);
  console.log(`mean score change (truth 0.05, 150 texts): coverage ${pct(data.meanCoverage)}`);
  console.log(`AUC change (truth ${data.aucTruth.toFixed(4)}, 300 texts): coverage ${pct(data.aucCoverage)}; paired width / independent width ` +
    `${data.widthRatio.toFixed(2)}`);
}
if (probe.length > 0) {
  const limit = 0.05 + 2 * Math.sqrt((0.05 * 0.95) / probeN);
  console.log(`\nTwo runs of one probe, N = ${probeN} simulations per design, ${probeR} resamples; tolerance ${DEFAULT_DIFF_TOLERANCE}, ` +
    `max_increase ${MAX_INCREASE}; false rates should be <= ${pct(limit)}, coverage >= 93%\n`);
  console.log('| design | true max_abs_effect change | group change coverage | simultaneous coverage | false change (any group) | power (group 0 marked changed) | ' +
    'max_abs_effect change coverage | effect_sd change coverage | mean_score change coverage | max_increase pass / inconclusive / fail |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of probe) {
    const m = r.maxIncrease;
    console.log(`| ${r.design} | ${r.truth.max_abs_effect.toFixed(4)} | ${pct(r.coverage)} | ${pct(r.simultaneousCoverage)} | ${pct(r.falseChange)} | ` +
      `${Number.isFinite(r.power) ? pct(r.power) : '\u2013'} | ${pct(r.metricCoverage.max_abs_effect)} | ${pct(r.metricCoverage.effect_sd)} | ` +
      `${pct(r.metricCoverage.mean_score)} | ${pct(m.pass)} / ${pct(m.inconclusive)} / ${pct(m.fail)} |`);
  }
}
