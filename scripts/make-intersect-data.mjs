#!/usr/bin/env node
/**
 * The synthetic own-data files of the --intersect tests (issue #26), with a known truth: 480 reviews, 80 in each cell of
 * gender (She / He) x nationality (American, French, Kenyan), each with a label and the score a simulated classifier
 * gives it (column model_score; the tests score the texts by it). The generator is the calibration's
 * (src/stats/simulate/factorial.ts): label y ~ Bernoulli(0.5), score = expit(1.5 y + δ + e), e ~ N(0, 1), δ = +0.3 for
 * "He" texts, and in the planted file −0.8 more for She x Kenyan; the null file has no cell shift, so every
 * interaction of every measure is exactly 0. The truth (true cell values and the true interaction of the planted
 * cell, per measure) is written beside them. Run after `npm run build`:
 *
 *   node scripts/make-intersect-data.mjs   # writes test/fixtures/data/intersect_{planted,null}.csv and intersect_truth.json
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { simulateFactorial, trueCells } = await import(join(root, 'dist/stats/simulate/factorial.js'));
const { factorialTable, FACTORIAL_MEASURES } = await import(join(root, 'dist/stats/fairness/factorial.js'));

const GENDER = ['She', 'He'];
const NATIONALITY = ['American', 'French', 'Kenyan'];
const TEMPLATES = [
  (g, n) => `${g} said the ${n} film was worth the ticket`,
  (g, n) => `${g} found the ${n} director's new drama moving`,
  (g, n) => `${g} wrote that the ${n} comedy kept the room laughing`,
  (g, n) => `${g} thought the ${n} soundtrack carried the story`,
];
const base = { sizes: [[80, 80, 80], [80, 80, 80]], prevalence: 0.5, d: 1.5, scale: 1, rows: [0, 0.3] };
const designs = {
  planted: { ...base, name: 'fixture_planted', planted: { '0,2': -2 } },
  null: { ...base, name: 'fixture_null' },
};

const csv = (s) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const truth = { generator: 'src/stats/simulate/factorial.ts', seed: 2026, designs: {} };
for (const [name, design] of Object.entries(designs)) {
  const sim = simulateFactorial(design, 2026);
  const J = NATIONALITY.length;
  const lines = ['text,label,model_score'];
  for (let i = 0; i < sim.scores.length; i++) {
    const [a, b] = [Math.floor(sim.cellOf[i] / J), sim.cellOf[i] % J];
    const text = `${TEMPLATES[i % TEMPLATES.length](GENDER[a], NATIONALITY[b])} (review ${i + 1}).`;
    lines.push(`${csv(text)},${sim.labels[i]},${sim.scores[i].toFixed(12)}`);
  }
  writeFileSync(join(root, 'test/fixtures/data', `intersect_${name}.csv`), `${lines.join('\n')}\n`);
  const cells = {};
  const interaction = {};
  for (const m of FACTORIAL_MEASURES) {
    cells[m] = trueCells(design, m);
    const t = factorialTable(sim, m, {}, cells[m]);
    interaction[m] = t.interactions.find((e) => e.a === 'a0' && e.b === 'b2').estimate;
  }
  truth.designs[name] = { levels: [['female', 'male'], NATIONALITY], cells, interaction_female_Kenyan: interaction };
}
writeFileSync(join(root, 'test/fixtures/data/intersect_truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
