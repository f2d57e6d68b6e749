// npm run bench:varcomp: fit time of the variance decomposition (src/stats/varcomp) on probe-sized simulated designs.
// Prints a table (wall and CPU time, median of 3 fits after one warm-up fit); writes nothing. Needs `npm run build`.
import { fitVarianceComponents } from '../dist/stats/varcomp/index.js';
import { simulateVarcomp } from '../dist/stats/varcomp/simulate.js';

const sd = { template: 0.07, filler: 0.03, tg: 0.02, residual: 0.03 };
const race = [44, 41, 6, 4];
const designs = [
  ['countries: 239 groups x 1 filler x 32 templates', { templates: 32, fillersPerGroup: Array(239).fill(1) }],
  ['countries + another slot: 239 x 1 x 32 x 4 variants', { templates: 32, fillersPerGroup: Array(239).fill(1), repeats: 4 }],
  ['239 groups x 2 fillers x 32 templates', { templates: 32, fillersPerGroup: Array(239).fill(2) }],
  ['race: 95 names (44/41/6/4) x 30 templates', { templates: 30, fillersPerGroup: race }],
  ['race + another slot: 95 names x 30 templates x 35 variants', { templates: 30, fillersPerGroup: race, repeats: 35 }],
];

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(['design', 'rows', 'components', 'wall ms', 'cpu ms', 'newton steps'].join(' | '));
for (const [name, spec] of designs) {
  const rows = simulateVarcomp({ ...spec, sd, seed: 1 });
  let fit = fitVarianceComponents(rows);
  const wall = [];
  const cpu = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fit = fitVarianceComponents(rows);
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  const fitted = Object.entries(fit.components).filter(([, v]) => v !== null).map(([k]) => k).join(', ');
  console.log([name, rows.length, fitted, median(wall).toFixed(0), median(cpu).toFixed(0), fit.iterations].join(' | '));
}
