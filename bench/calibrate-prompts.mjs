#!/usr/bin/env node
/**
 * npm run calibrate:prompts: the prompt-factor table of docs/statistics.md ("Prompts as a design factor"). Simulates an
 * LLM asked under several prompts with a prompt x group interaction and no group effect (src/stats/simulate/prompts.ts),
 * and prints per design the false-positive rate and the coverage of the effect intervals with the prompt as a factor
 * and without it (the prompt-averaged scores alone), and the power for a +1.5 logit shift of one group.
 * Runs the built code (dist/): `npm run build` first.
 *
 *   node bench/calibrate-prompts.mjs [--n 400] [--resamples 200]
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { calibratePrompts, PROMPT_DESIGNS } = await import(join(root, 'dist/stats/simulate/prompts.js'));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const n = opt('n', 400);
const resamples = opt('resamples', 200);
const pct = (x) => `${(100 * x).toFixed(1)}%`;
console.log('| design | sims | FPR | coverage | FPR, prompt ignored | coverage, prompt ignored | power (+1.5 logit) |');
console.log('|---|---|---|---|---|---|---|');
for (const design of PROMPT_DESIGNS) {
  const c = calibratePrompts(design, n, resamples, 1.5);
  console.log(`| ${c.design} | ${c.sims} | ${pct(c.fpr)} | ${pct(c.coverage)} | ${pct(c.naiveFpr)} | ${pct(c.naiveCoverage)} | ${pct(c.power)} |`);
}
