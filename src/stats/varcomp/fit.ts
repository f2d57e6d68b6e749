/**
 * REML fit of score ~ 0 + group + (1|template) + (1|filler) + (1|template:group) (see docs/statistics.md, section 9).
 *
 * Written here because no JavaScript library fits crossed random effects; the criterion and its parametrisation
 * follow lme4 so that the fits can be checked against it (test/stats/varcomp*.test.ts).
 */
import { buildDesign } from './design.js';
import { newtonMinimize } from './newton.js';
import { evaluate, type Theta } from './reml.js';
import type { ComponentName, Components, VarcompFit, VarcompOptions, VarcompRow } from './types.js';

const COMPONENTS: ComponentName[] = ['template', 'filler', 'template:group'];

/** lme4's isSingular() tolerance: a ratio sd_component / sd_residual below this is a fit on the boundary. */
const BOUNDARY = 1e-4;

function toTheta(names: ComponentName[], x: number[]): Theta {
  const theta: Theta = { template: 0, filler: 0, tg: 0 };
  names.forEach((name, i) => {
    const v = Math.abs(x[i]);
    if (name === 'template') theta.template = v;
    else if (name === 'filler') theta.filler = v;
    else theta.tg = v;
  });
  return theta;
}

export function fitVarianceComponents(rows: readonly VarcompRow[], options: VarcompOptions = {}): VarcompFit {
  const tolerance = options.tolerance ?? 1e-9;
  const design = buildDesign(rows);
  const unidentified = new Set(design.notIdentifiable.map((c) => c.component));
  let free = COMPONENTS.filter((c) => !unidentified.has(c));
  const clamped: ComponentName[] = [];
  let x = free.map(() => 1); // lme4's starting value: every ratio 1
  let iterations = 0;
  let converged = true;

  if (design.constantWithinGroups) {
    // Every score equals its group's mean: nothing varies, every component is 0.
    clamped.push(...free);
    free = [];
    x = [];
  }
  for (let round = 0; free.length > 0 && round < 10; round++) {
    const names = free;
    const result = newtonMinimize((v) => evaluate(design, toTheta(names, v)).deviance, x, { tolerance, maxIterations: 100 });
    iterations += result.iterations;
    converged = result.converged;
    x = result.x.map(Math.abs);
    // A ratio that went to 0 is on the boundary; one whose curvature there is negative sits on a saddle
    // (the criterion is even in each ratio, so 0 is always a stationary point): start it again away from 0.
    const atZero = names.map((_, i) => x[i] < BOUNDARY);
    if (!atZero.some(Boolean)) break;
    const saddle = atZero.map((z, i) => z && result.curvature[i] < 0);
    if (saddle.some(Boolean)) {
      x = x.map((v, i) => (saddle[i] ? 0.5 : v));
      continue;
    }
    clamped.push(...names.filter((_, i) => atZero[i]));
    free = names.filter((_, i) => !atZero[i]);
    x = x.filter((_, i) => !atZero[i]);
  }

  const theta = toTheta(free, x);
  const final = evaluate(design, theta, true);
  // Rounding leaves ~1e-18 when nothing varies within groups: that residual is 0.
  const sigma2 = design.constantWithinGroups ? 0 : final.sigma2;
  const ratio: Record<ComponentName, number> = { template: theta.template, filler: theta.filler, 'template:group': theta.tg };
  const components = { residual: sigma2 } as Components;
  for (const c of COMPONENTS) components[c] = unidentified.has(c) ? null : ratio[c] * ratio[c] * sigma2;

  const total = COMPONENTS.reduce((s, c) => s + (components[c] ?? 0), sigma2);
  const share = { residual: total > 0 ? sigma2 / total : 0 } as Components;
  for (const c of COMPONENTS) share[c] = components[c] === null ? null : total > 0 ? components[c]! / total : 0;

  const means = Array.from(final.beta!);
  const group_means = new Map(design.groupKeys.map((k, g) => [k, means[g]] as const));
  const mean = means.reduce((s, v) => s + v, 0) / means.length;
  const group_spread = means.length > 1 ? Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / (means.length - 1)) : 0;

  return {
    method: 'REML',
    components,
    not_identifiable: design.notIdentifiable.map((c) => ({ component: c.component, reason: c.reason })),
    clamped: COMPONENTS.filter((c) => clamped.includes(c)),
    group_means,
    share,
    group_spread,
    n: design.n,
    converged,
    iterations,
  };
}
