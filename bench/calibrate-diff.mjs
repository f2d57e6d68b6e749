#!/usr/bin/env node
/**
 * npm run calibrate:diff: coverage of the paired intervals of `audit diff` on two data runs, with a known truth.
 * Texts have a label (half positive) and model A's score; model B's score is A's + 0.05 + noise (sd 0.05) per text.
 * Prints, over N samples (default 1,000): the coverage of the mean score change (truth 0.05; 150 texts), and of the
 * overall AUC change (truth from a population of 400,000 texts; 300 texts), and the mean width of the paired AUC
 * interval relative to the two runs' own intervals combined as independent. Runs the built code (dist/).
 *
 *   node bench/calibrate-diff.mjs [--n 1000] [--resamples 200] [--json]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { analyzeLabelled, pairedLabelled, pairedSwaps } = await import(join(root, 'dist/stats/fairness/index.js'));
const { mulberry32 } = await import(join(root, 'dist/stats/random.js'));
const { independentChange } = await import(join(root, 'dist/review/paired.js'));

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const N = opt('n', 1000);
const R = opt('resamples', 200);

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
  const own = (x) => analyzeLabelled({ scores: x, labels: s.labels, subgroups: [], threshold: 0.5 }, { resamples: R, seed: k }).overall.auc;
  const independent = independentChange(own(s.a), own(s.b));
  widthRatio += (paired.ci[1] - paired.ci[0]) / (independent.ci[1] - independent.ci[0]);
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
if (args.includes('--json')) {
  const row = {
    n: N, resamples: R, meanCoverage: meanCovered / N, aucTruth: truth, aucCoverage: aucCovered / N, widthRatio: widthRatio / N,
  };
  console.log(JSON.stringify(row));
  process.exit(0);
}
console.log(`N = ${N} samples, ${R} resamples each`);
console.log(`mean score change (truth 0.05, 150 texts): coverage ${pct(meanCovered / N)}`);
console.log(`AUC change (truth ${truth.toFixed(4)}, 300 texts): coverage ${pct(aucCovered / N)}; paired width / independent width ${(widthRatio / N).toFixed(2)}`);
