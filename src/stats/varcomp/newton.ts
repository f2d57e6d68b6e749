/**
 * Damped Newton minimisation of a smooth function of a few variables (here at most 3), with the gradient and
 * Hessian from finite differences: the REML criterion costs milliseconds, so 10 evaluations per step are cheap,
 * and Newton converges to the optimizer's tolerance in a handful of steps where a derivative-free search
 * (lme4 uses BOBYQA) needs hundreds of evaluations. A Levenberg shift keeps each step a descent direction and a
 * backtracking line search (Armijo) makes every step lower the function.
 */
import { choleskyInPlace } from './cholesky.js';

export interface NewtonResult {
  x: number[];
  fx: number;
  iterations: number;
  converged: boolean;
  /** Finite-difference Hessian diagonal at the end (curvature along each coordinate). */
  curvature: number[];
}

export interface NewtonOptions {
  /** Stop when every step is below tolerance x max(|x_i|, 1). */
  tolerance: number;
  maxIterations: number;
}

function solveShifted(H: number[][], g: number[]): number[] {
  const k = g.length;
  const scale = Math.max(...H.map((row, i) => Math.abs(row[i])), 1e-12);
  for (let shift = 0, attempt = 0; attempt < 40; attempt++, shift = shift === 0 ? 1e-8 * scale : shift * 10) {
    const a = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) a[i * k + j] = H[i][j] + (i === j ? shift : 0);
    try {
      choleskyInPlace(a, k);
    } catch {
      continue;
    }
    // Solve L L' s = -g.
    const y = new Array<number>(k);
    for (let i = 0; i < k; i++) {
      let s = -g[i];
      for (let j = 0; j < i; j++) s -= a[i * k + j] * y[j];
      y[i] = s / a[i * k + i];
    }
    const s = new Array<number>(k);
    for (let i = k - 1; i >= 0; i--) {
      let v = y[i];
      for (let j = i + 1; j < k; j++) v -= a[j * k + i] * s[j];
      s[i] = v / a[i * k + i];
    }
    return s;
  }
  return g.map((v) => -v / scale);
}

export function newtonMinimize(f: (x: number[]) => number, x0: number[], options: NewtonOptions): NewtonResult {
  const k = x0.length;
  let x = x0.slice();
  let fx = f(x);
  let converged = false;
  let iterations = 0;
  let curvature = new Array<number>(k).fill(0);
  if (k === 0) return { x, fx, iterations, converged: true, curvature };
  while (iterations < options.maxIterations) {
    iterations++;
    const h = x.map((v) => 1e-4 * Math.max(Math.abs(v), 0.05));
    const plus: number[] = [];
    const minus: number[] = [];
    for (let i = 0; i < k; i++) {
      const xp = x.slice();
      xp[i] += h[i];
      const xm = x.slice();
      xm[i] -= h[i];
      plus.push(f(xp));
      minus.push(f(xm));
    }
    const g = plus.map((p, i) => (p - minus[i]) / (2 * h[i]));
    const H: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let i = 0; i < k; i++) H[i][i] = (plus[i] - 2 * fx + minus[i]) / (h[i] * h[i]);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < i; j++) {
        const xpp = x.slice();
        xpp[i] += h[i];
        xpp[j] += h[j];
        H[i][j] = H[j][i] = (f(xpp) - plus[i] - plus[j] + fx) / (h[i] * h[j]);
      }
    }
    curvature = H.map((row, i) => row[i]);
    const step = solveShifted(H, g);
    const within = (scale: number) => step.every((v, i) => Math.abs(scale * v) <= options.tolerance * Math.max(Math.abs(x[i]), 1));
    if (within(1)) {
      // The Newton step is below the tolerance: x is the minimum to that precision (taking the step would only
      // move within the finite differences' noise).
      converged = true;
      break;
    }
    const slope = step.reduce((s, v, i) => s + v * g[i], 0);
    let alpha = 1;
    let accepted = false;
    let xNew = x;
    let fNew = fx;
    while (!within(alpha)) {
      xNew = x.map((v, i) => v + alpha * step[i]);
      fNew = f(xNew);
      if (fNew <= fx + 1e-4 * alpha * Math.min(slope, 0)) {
        accepted = true;
        break;
      }
      alpha /= 2;
    }
    if (!accepted) {
      // No decrease down to steps below the tolerance: the finite-difference noise floor, i.e. the minimum if the
      // full step was already small.
      converged = step.every((v, i) => Math.abs(v) <= 1e-6 * Math.max(Math.abs(x[i]), 1));
      break;
    }
    x = xNew;
    fx = fNew;
  }
  return { x, fx, iterations, converged, curvature };
}
