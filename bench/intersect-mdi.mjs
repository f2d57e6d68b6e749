// npm run bench:mdi -- RUN (a run directory or its result.json, from `audit run --probe <crossed probe>`): what sets a
// crossed probe's minimum detectable interaction (docs/statistics.md §10, issue 26 item 5). Prints the variance model's
// components on the run's headline templates, the share of an interaction's variance that does not shrink with more
// template families (the fillers' own effects, one-slot crosses), and the MDI of random subsets of K families (median
// and range of 20 draws, seeded). Writes nothing. Needs `npm run build`.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normalPpf } from '../dist/stats/distributions.js';
import { analyzeIntersection } from '../dist/stats/intersect/analyze.js';
import { factorialTable } from '../dist/stats/intersect/table.js';
import { varianceModel } from '../dist/stats/intersect/variance.js';
import { headlineTemplates } from '../dist/stats/probe/design.js';
import { buildGrid } from '../dist/stats/probe/grid.js';

const arg = process.argv[2];
const file = arg && existsSync(arg) && statSync(arg).isDirectory() ? join(arg, 'result.json') : arg;
if (!file || !existsSync(file)) {
  console.error('usage: npm run bench:mdi -- RUN_DIR_OR_RESULT_JSON (a run of a probe with crossed attributes)');
  process.exit(2);
}
const result = JSON.parse(readFileSync(file, 'utf8'));
const attributes = result.stats?.intersection?.attributes;
if (!attributes) {
  console.error(`${file}: no stats.intersection (not a run of a probe with crossed attributes)`);
  process.exit(2);
}
const records = result.records.filter((r) => !r.control && r.frame === 'neutral');
const familyOf = (r) => r.paraphrase_of ?? r.template_id;
const families = [...new Set(records.map(familyOf))];

function analyse(keep) {
  const rs = records.filter((r) => keep.has(familyOf(r)));
  const grid = buildGrid(rs, attributes[0]);
  const headline = headlineTemplates(grid);
  const table = factorialTable(rs, attributes, grid, headline);
  return { stats: analyzeIntersection(rs, attributes, grid, headline), table, model: varianceModel(table) };
}

const all = analyse(new Set(families));
const { table, model } = all;
const first = all.stats.interactions[0];
const f = (x, d = 4) => x.toFixed(d);
const e = (x) => x.toExponential(2);
console.log(`${result.probe.id} on ${result.model.name}: ${families.length} families, ${first.n} templates, ` +
  `mde_interaction ${f(all.stats.mde_interaction)} (SE ${f(first.se)}, df ${f(first.df, 1)})`);
// The family part of a contrast's variance is its own (the variance over families of its per-family value, §10), so
// there is no pooled family x cell component to print.
console.log(`unit x family MS ${e(model.within.ms)} (df ${model.within.df})`);
for (const s of model.slots) {
  const sd = f(Math.sqrt(s.variance));
  console.log(`slot ${s.slot}: fillers' own variance ${e(s.variance)} (sd ${sd}), fillers per level ${s.n.join(', ')}`);
}

// One slot: the fillers' part of the first interaction's variance, σ²_s Σ_c w_c² / n_c, does not shrink with families.
const [I, J] = [table.levels[0].length, table.levels[1].length];
if (model.slots.length === 1 && first.se > 0) {
  let perFiller = 0;
  for (let c = 0; c < I * J; c++) {
    const w = ((Math.floor(c / J) === 0 ? 1 : 0) - 1 / I) * ((c % J === 0 ? 1 : 0) - 1 / J);
    perFiller += (w * w) / table.cellUnits[c].length;
  }
  const fillers = model.slots[0].variance * perFiller;
  // Bonferroni over the I x J interactions at infinite df, plus z_0.8: the figure more families would approach.
  const z = normalPpf(1 - 0.05 / (2 * I * J)) + normalPpf(0.8);
  const share = f((100 * fillers) / first.se ** 2, 0);
  console.log(`fillers' part of an interaction's variance: ${e(fillers)} of ${e(first.se ** 2)} (${share}%); ` +
    `MDI with infinitely many families ≈ ${f(z * Math.sqrt(fillers))}`);
}

// Random subsets of K families: a seeded Fisher-Yates shuffle (mulberry32), 20 draws per K.
let state = 1;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const shuffled = () => {
  const xs = [...families];
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
};
console.log('K families | median MDI | range');
for (let k = 4; k <= families.length; k += 2) {
  const draws = k === families.length ? 1 : 20;
  const values = Array.from({ length: draws }, () => analyse(new Set(shuffled().slice(0, k))).stats.mde_interaction);
  values.sort((a, b) => a - b);
  console.log(`${k} | ${f(values[values.length >> 1])} | ${f(values[0])}-${f(values[values.length - 1])}`);
}
