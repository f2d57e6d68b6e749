/**
 * Dense Cholesky factorisation and triangular solves on small row-major blocks (at most a few hundred rows).
 * Written here because the blocks are tiny and the project has no linear-algebra dependency; a library would
 * add a dependency for twenty lines.
 */

/** In place: the lower triangle of `a` (n x n, row-major) becomes L with L L' = a. Returns log det(a). */
export function choleskyInPlace(a: Float64Array, n: number): number {
  let logdet = 0;
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 0)) throw new Error(`varcomp: matrix not positive definite at pivot ${j} (${d})`);
    const l = Math.sqrt(d);
    a[rj + j] = l;
    logdet += 2 * Math.log(l);
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / l;
    }
  }
  return logdet;
}

/** In place: x <- L^-1 x for `cols` right-hand sides stored row-major (n x cols). */
export function forwardSolve(l: Float64Array, n: number, x: Float64Array, cols: number): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    const xi = i * cols;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      if (lik === 0) continue;
      const xk = k * cols;
      for (let c = 0; c < cols; c++) x[xi + c] -= lik * x[xk + c];
    }
    const d = l[ri + i];
    for (let c = 0; c < cols; c++) x[xi + c] /= d;
  }
}

/** In place: x <- L'^-1 x for one right-hand side. */
export function backSolve(l: Float64Array, n: number, x: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
}
