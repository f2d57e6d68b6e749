/**
 * The REML criterion of score ~ 0 + group + (1|template) + (1|filler) + (1|template:group), profiled over the
 * residual variance, as a function of theta = (sd_template, sd_filler, sd_template:group) / sd_residual.
 *
 * This is the formulation of lme4 (Bates et al. 2015, eqs. 34-42): with Lambda = diag(theta) per random-effect
 * column, the penalised least-squares system
 *     M = [ Lambda Z'Z Lambda + I   Lambda Z'X ]
 *         [ X'Z Lambda              X'X        ]
 * gives the criterion  log det M + (n - p) (1 + log(2 pi r2 / (n - p))),  r2 = y'y - b' M^-1 b  (b the
 * right-hand side), and sigma^2 = r2 / (n - p). It is smooth at theta = 0, so boundary fits need no special case.
 *
 * M is never formed. Its unknowns split by group: a group's fillers, its template x group cells and its mean
 * touch only each other and the template effects. So, per group, the fillers (a diagonal block) are eliminated
 * first, then the group's cells and mean (a dense block of at most templates + 1 rows), leaving a Schur
 * complement on the templates alone. The cost is linear in the number of fillers and groups.
 */
import { backSolve, choleskyInPlace, forwardSolve } from './cholesky.js';
import type { Design } from './design.js';

/** Ratios to the residual SD; a component that is not in the model is 0. */
export interface Theta {
  template: number;
  filler: number;
  tg: number;
}

export interface Evaluation {
  /** The REML criterion (-2 log restricted likelihood, profiled), as lme4's REMLcrit(). */
  deviance: number;
  /** Residual variance at this theta. */
  sigma2: number;
  /** Fixed effects (group means, on the original scale), when asked for. */
  beta?: Float64Array;
}

interface Stored {
  l: Float64Array;
  w: Float64Array;
  bigW: Float64Array;
  size: number;
}

export function evaluate(design: Design, theta: Theta, withBeta = false): Evaluation {
  const T = design.templateN.length;
  const p = design.blocks.length;
  const tt = theta.template;
  const tf = theta.filler;
  const tg = theta.tg;
  const useTemplate = tt !== 0;
  const useTg = tg !== 0;
  const useFiller = tf !== 0;

  // Template block: S = diag(theta_t^2 n_t + 1) minus the groups' Schur updates.
  const S = useTemplate ? new Float64Array(T * T) : new Float64Array(0);
  const rhsS = new Float64Array(useTemplate ? T : 0);
  if (useTemplate) {
    for (let t = 0; t < T; t++) {
      S[t * T + t] = tt * tt * design.templateN[t] + 1;
      rhsS[t] = tt * design.templateSum[t];
    }
  }
  let logdet = 0;
  let r2 = design.yy;
  const stored: Stored[] = [];

  for (const block of design.blocks) {
    const m = block.templates.length;
    const F = block.fillerN.length;
    // Filler elimination: Q = sum_f a_f v_f v_f', with v_f the filler's rows per cell and a_f = tf^2 / d_f.
    const Q = new Float64Array(m * m);
    const qBeta = new Float64Array(m);
    const qs = new Float64Array(m);
    let qBetaBeta = 0;
    let qBetaS = 0;
    if (useFiller) {
      for (let f = 0; f < F; f++) {
        const nf = block.fillerN[f];
        const sf = block.fillerSum[f];
        const d = tf * tf * nf + 1;
        const a = (tf * tf) / d;
        logdet += Math.log(d);
        r2 -= a * sf * sf;
        qBetaBeta += a * nf * nf;
        qBetaS += a * nf * sf;
        const v = block.fillerCounts.subarray(f * m, f * m + m);
        for (let i = 0; i < m; i++) {
          const vi = v[i];
          if (vi === 0) continue;
          const avi = a * vi;
          qBeta[i] += avi * nf;
          qs[i] += avi * sf;
          const ri = i * m;
          for (let j = 0; j < m; j++) if (v[j] !== 0) Q[ri + j] += avi * v[j];
        }
      }
    }

    // The group's dense block over [cells (when template:group is in the model), group mean].
    const cells = useTg ? m : 0;
    const b = cells + 1;
    const A = new Float64Array(b * b);
    const B = useTemplate ? new Float64Array(b * m) : new Float64Array(0);
    const rhs = new Float64Array(b);
    const beta = cells;
    for (let i = 0; i < cells; i++) {
      const ri = i * b;
      for (let j = 0; j <= i; j++) A[ri + j] = -tg * tg * Q[i * m + j];
      A[ri + i] += tg * tg * block.cellN[i] + 1;
      A[beta * b + i] = tg * (block.cellN[i] - qBeta[i]);
      rhs[i] = tg * (block.cellSum[i] - qs[i]);
      if (useTemplate) {
        const rb = i * m;
        for (let j = 0; j < m; j++) B[rb + j] = -tg * tt * Q[i * m + j];
        B[rb + i] += tg * tt * block.cellN[i];
      }
    }
    A[beta * b + beta] = block.n - qBetaBeta;
    rhs[beta] = block.sum - qBetaS;
    if (useTemplate) {
      for (let j = 0; j < m; j++) B[beta * m + j] = tt * (block.cellN[j] - qBeta[j]);
    }

    logdet += choleskyInPlace(A, b);
    forwardSolve(A, b, rhs, 1);
    for (let i = 0; i < b; i++) r2 -= rhs[i] * rhs[i];

    if (useTemplate) {
      forwardSolve(A, b, B, m);
      // S -= W'W - (filler part) and rhsS -= W'w, scattered to the global template indices.
      for (let i = 0; i < m; i++) {
        const gi = block.templates[i];
        let ws = 0;
        for (let k = 0; k < b; k++) ws += B[k * m + i] * rhs[k];
        rhsS[gi] -= ws + tt * qs[i];
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let k = 0; k < b; k++) s += B[k * m + i] * B[k * m + j];
          const v = s + tt * tt * Q[i * m + j];
          const gj = block.templates[j];
          S[gi * T + gj] -= v;
          if (gi !== gj) S[gj * T + gi] -= v;
        }
      }
    }
    if (withBeta) stored.push({ l: A, w: rhs, bigW: B, size: b });
  }

  let u: Float64Array | null = null;
  if (useTemplate) {
    logdet += choleskyInPlace(S, T);
    forwardSolve(S, T, rhsS, 1);
    for (let t = 0; t < T; t++) r2 -= rhsS[t] * rhsS[t];
    if (withBeta) {
      u = Float64Array.from(rhsS);
      backSolve(S, T, u);
    }
  }

  const df = design.n - p;
  // Rounding can leave a tiny negative r2 when the model fits exactly; the criterion is then -Infinity.
  const sigma2 = Math.max(r2, 0) / df;
  const deviance = logdet + df * (1 + Math.log(2 * Math.PI * sigma2));
  if (!withBeta) return { deviance, sigma2 };

  const out = new Float64Array(p);
  design.blocks.forEach((block, g) => {
    const { l, w, bigW, size } = stored[g];
    const m = block.templates.length;
    const x = Float64Array.from(w);
    if (u) {
      for (let k = 0; k < size; k++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += bigW[k * m + i] * u[block.templates[i]];
        x[k] -= s;
      }
    }
    backSolve(l, size, x);
    out[g] = x[size - 1] + design.shift;
  });
  return { deviance, sigma2, beta: out };
}
