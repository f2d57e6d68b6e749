#!/usr/bin/env node
/**
 * npm run calibrate:sampled: the sampled-scores table of docs/statistics.md ("Sampled scores"). Simulates an LLM scored
 * from K sampled answers per text (src/stats/simulate/sampled.ts): known true probabilities, no group effect, each
 * simulation analysed with the true and the sampled scores. Prints per design and K the false-positive rate and
 * coverage of the group effects, the bias sampling adds to max_abs_effect, effect_sd and flip_rate, the coverage of
 * max_abs_effect's and effect_sd's intervals (truth 0), and the power for a +1 logit shift of one group; then the
 * attenuation of an own-data AUC. Runs the built code (dist/): `npm run build` first.
 *
 *   node bench/calibrate-sampled.mjs [--n 200] [--resamples 200]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { calibrateSampled, aucAttenuation, SAMPLED_DESIGNS } = await import(join(root, 'dist/stats/simulate/sampled.js'));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const n = opt('n', 200);
const resamples = opt('resamples', 200);
const pct = (x) => `${(100 * x).toFixed(1)}%`;
const num = (x) => (x >= 0 ? '+' : '') + x.toFixed(4);
console.log('| design | K | sims | FPR (true p) | coverage (true p) | max_abs_effect bias (mean true) | max_abs_effect coverage (true p) | ' +
  'effect_sd bias | effect_sd coverage (true p) | flip_rate bias (mean true) | power +1 logit (true p) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const design of SAMPLED_DESIGNS) {
  for (const K of [10, 25, 100]) {
    const c = calibrateSampled(design, K, n, resamples, 1);
    console.log(`| ${c.design} | ${K} | ${c.sims} | ${pct(c.fpr)} (${pct(c.truthFpr)}) | ${pct(c.coverage)} (${pct(c.truthCoverage)}) | ` +
      `${num(c.maxAbsBias)} (${c.maxAbsTruth.toFixed(4)}) | ${pct(c.maxAbsCoverage)} (${pct(c.maxAbsCoverageTruth)}) | ` +
      `${num(c.effectSdBias)} | ${pct(c.effectSdCoverage)} (${pct(c.effectSdCoverageTruth)}) | ${num(c.flipRateBias)} (${c.flipRateTruth.toFixed(4)}) | ${pct(c.power)} (${pct(c.truthPower)}) |`);
  }
}
console.log('');
console.log('| K | AUC, true p | AUC, sampled | bias |');
console.log('|---|---|---|---|');
for (const K of [10, 25, 100]) {
  const a = aucAttenuation(K, Math.max(20, Math.round(n / 4)));
  console.log(`| ${K} | ${a.truth.toFixed(4)} | ${a.sampled.toFixed(4)} | ${num(a.bias)} |`);
}
