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
 * touch only each other and the template effects. So, per group, the larger of its two diagonal sets (cells or
 * fillers) is eliminated first, then the small dense rest (the other set and the mean), leaving a Schur
 * complement on the templates alone. The cost grows linearly with the number of groups and fillers, and does not
 * depend on the number of rows.
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
  let maxCells = 0;
  for (const block of design.blocks) maxCells = Math.max(maxCells, block.templates.length);
  const WW = new Float64Array(useTemplate ? maxCells * maxCells : 0);
  const U = new Float64Array(useTemplate ? T * T : 0);
  let logdet = 0;
  let r2 = design.yy;
  const stored: Stored[] = [];

  for (const block of design.blocks) {
    const m = block.templates.length;
    const F = block.fillerN.length;
    // Eliminate the larger of the group's two diagonal sets (its cells or its fillers) first: what remains is a
    // dense block of the other set plus the group mean, so its size is min(cells, fillers) + 1.
    const part = useFiller && useTg && F > m
      ? fillersFirst(block, tt, tf, tg, useTemplate)
      : cellsFirst(block, tt, useFiller ? tf : 0, tg, useTemplate);
    const { A, B, rhs, size: b } = part;
    logdet += part.logdet;
    r2 -= part.r2;
    if (useTemplate) {
      for (let i = 0; i < m; i++) {
        const gi = block.templates[i];
        rhsS[gi] -= part.rhsT[i];
        if (part.templateDense) {
          for (let j = 0; j <= i; j++) U[gi * T + block.templates[j]] += part.templateDense[i * m + j];
        } else {
          U[gi * T + gi] += part.templateDiag![i];
        }
      }
    }

    logdet += choleskyInPlace(A, b);
    forwardSolve(A, b, rhs, 1);
    for (let i = 0; i < b; i++) r2 -= rhs[i] * rhs[i];

    if (useTemplate) {
      forwardSolve(A, b, B, m);
      // S -= W'W and rhsS -= W'w, with W = L^-1 B: accumulated over the group's templates, then scattered.
      WW.fill(0, 0, m * m);
      for (let k = 0; k < b; k++) {
        const row = k * m;
        const wk = rhs[k];
        for (let i = 0; i < m; i++) {
          const bi = B[row + i];
          if (bi === 0) continue;
          rhsS[block.templates[i]] -= bi * wk;
          const ri = i * m;
          for (let j = 0; j <= i; j++) WW[ri + j] += bi * B[row + j];
        }
      }
      for (let i = 0; i < m; i++) {
        const gi = block.templates[i] * T;
        for (let j = 0; j <= i; j++) U[gi + block.templates[j]] += WW[i * m + j];
      }
    }
    if (withBeta) stored.push({ l: A, w: rhs, bigW: B, size: b });
  }

  let u: Float64Array | null = null;
  if (useTemplate) {
    // U holds each template pair once, in whichever triangle a group's order put it: fold it into symmetric S.
    for (let a = 0; a < T; a++) {
      S[a * T + a] -= U[a * T + a];
      for (let c = 0; c < a; c++) {
        const v = U[a * T + c] + U[c * T + a];
        S[a * T + c] -= v;
        S[c * T + a] -= v;
      }
    }
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

/** One group's block after its first elimination, and what that elimination adds to the template block. */
interface Part {
  /** Dense block (size x size, lower triangle) over [remaining set, group mean]; the mean is the last row. */
  A: Float64Array;
  /** Its coupling to the group's templates (size x m), and its right-hand side. */
  B: Float64Array;
  rhs: Float64Array;
  size: number;
  logdet: number;
  /** Reduction of r2 by the eliminated set. */
  r2: number;
  /** Subtracted from the template block: dense (m x m) or diagonal, and from its right-hand side. */
  templateDense: Float64Array | null;
  templateDiag: Float64Array | null;
  rhsT: Float64Array;
}

type Block = Design['blocks'][number];

/**
 * Eliminates the group's template x group cells (a diagonal block: theta_tg^2 n_c + 1), leaving
 * [fillers, group mean]. With the cell term out of the model (tg = 0) this is a no-op.
 */
function cellsFirst(block: Block, tt: number, tf: number, tg: number, useTemplate: boolean): Part {
  const m = block.templates.length;
  const F = tf !== 0 ? block.fillerN.length : 0;
  const size = F + 1;
  const A = new Float64Array(size * size);
  const B = new Float64Array(useTemplate ? size * m : 0);
  const rhs = new Float64Array(size);
  const templateDiag = new Float64Array(m);
  const rhsT = new Float64Array(m);
  const a = new Float64Array(m);
  let logdet = 0;
  let r2 = 0;
  let betaBeta = block.n;
  let betaRhs = block.sum;
  for (let i = 0; i < m; i++) {
    const nc = block.cellN[i];
    const sc = block.cellSum[i];
    const d = tg * tg * nc + 1;
    a[i] = (tg * tg) / d;
    logdet += Math.log(d);
    r2 += a[i] * sc * sc;
    betaBeta -= a[i] * nc * nc;
    betaRhs -= a[i] * nc * sc;
    templateDiag[i] = tt * tt * a[i] * nc * nc;
    rhsT[i] = tt * a[i] * nc * sc;
    if (useTemplate) B[F * m + i] = (tt * nc) / d;
  }
  for (let f = 0; f < F; f++) {
    const v = block.fillerCounts.subarray(f * m, f * m + m);
    let fb = 0;
    let fr = 0;
    for (let i = 0; i < m; i++) {
      if (v[i] === 0) continue;
      fb += a[i] * v[i] * block.cellN[i];
      fr += a[i] * v[i] * block.cellSum[i];
      if (useTemplate) B[f * m + i] = (tf * tt * v[i]) / (tg * tg * block.cellN[i] + 1);
    }
    A[F * size + f] = tf * (block.fillerN[f] - fb);
    rhs[f] = tf * (block.fillerSum[f] - fr);
    for (let h = 0; h <= f; h++) {
      const w = block.fillerCounts.subarray(h * m, h * m + m);
      let s = 0;
      for (let i = 0; i < m; i++) if (v[i] !== 0 && w[i] !== 0) s += a[i] * v[i] * w[i];
      A[f * size + h] = -tf * tf * s;
    }
    A[f * size + f] += tf * tf * block.fillerN[f] + 1;
  }
  A[F * size + F] = betaBeta;
  rhs[F] = betaRhs;
  return { A, B, rhs, size, logdet, r2, templateDense: null, templateDiag, rhsT };
}

/**
 * Eliminates the group's fillers (a diagonal block: theta_f^2 n_f + 1), leaving [cells, group mean]: cheaper when
 * a group has more fillers than templates (the race probe's 44 names on 24 templates).
 */
function fillersFirst(block: Block, tt: number, tf: number, tg: number, useTemplate: boolean): Part {
  const m = block.templates.length;
  const F = block.fillerN.length;
  // Q = sum_f a_f v_f v_f', with v_f the filler's rows per cell and a_f = tf^2 / (tf^2 n_f + 1).
  const Q = new Float64Array(m * m);
  const qBeta = new Float64Array(m);
  const qs = new Float64Array(m);
  let qBetaBeta = 0;
  let qBetaS = 0;
  let logdet = 0;
  let r2 = 0;
  for (let f = 0; f < F; f++) {
    const nf = block.fillerN[f];
    const sf = block.fillerSum[f];
    const d = tf * tf * nf + 1;
    const a = (tf * tf) / d;
    logdet += Math.log(d);
    r2 += a * sf * sf;
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
      for (let j = 0; j <= i; j++) if (v[j] !== 0) Q[ri + j] += avi * v[j];
    }
  }
  const size = m + 1;
  const A = new Float64Array(size * size);
  const B = new Float64Array(useTemplate ? size * m : 0);
  const rhs = new Float64Array(size);
  const q = (i: number, j: number) => (j <= i ? Q[i * m + j] : Q[j * m + i]);
  for (let i = 0; i < m; i++) {
    const ri = i * size;
    for (let j = 0; j <= i; j++) A[ri + j] = -tg * tg * Q[i * m + j];
    A[ri + i] += tg * tg * block.cellN[i] + 1;
    A[m * size + i] = tg * (block.cellN[i] - qBeta[i]);
    rhs[i] = tg * (block.cellSum[i] - qs[i]);
    if (useTemplate) {
      for (let j = 0; j < m; j++) B[i * m + j] = -tg * tt * q(i, j);
      B[i * m + i] += tg * tt * block.cellN[i];
      B[m * m + i] = tt * (block.cellN[i] - qBeta[i]);
    }
  }
  A[m * size + m] = block.n - qBetaBeta;
  rhs[m] = block.sum - qBetaS;
  const templateDense = new Float64Array(m * m);
  for (let i = 0; i < m * m; i++) templateDense[i] = tt * tt * Q[i];
  const rhsT = new Float64Array(m);
  for (let i = 0; i < m; i++) rhsT[i] = tt * qs[i];
  return { A, B, rhs, size, logdet, r2, templateDense, templateDiag: null, rhsT };
}
