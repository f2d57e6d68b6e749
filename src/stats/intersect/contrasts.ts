/**
 * The estimands of two crossed attributes as contrasts over the I x J cells (docs/statistics.md, "Intersections"):
 * each estimate is Σ_c w_c Ȳ_c, the cells' mean scores averaged over the families, with Σ w = 0 so that whatever
 * a template adds to every cell cancels.
 * - cell effect of (a, b): its mean minus the average of the non-empty cells;
 * - main effect of a level: its mean over the other attribute's levels (equal weights) minus the table's mean,
 *   over the complete sub-table;
 * - interaction of (a, b) (complete table only): cell − row − column + grand, the sum-to-zero one of lm's contr.sum;
 * - tetrad over a complete 2 x 2 sub-table: a·b − a·b' − a'·b + a'·b'.
 */

export interface Contrast {
  a: number | null;
  b: number | null;
  w: Float64Array;
}

export interface Tetrad {
  a: [number, number];
  b: [number, number];
  w: Float64Array;
}

export interface SubTable {
  rows: number[];
  cols: number[];
}

export function cellContrasts(present: boolean[], I: number, J: number): Contrast[] {
  const K = present.filter(Boolean).length;
  const out: Contrast[] = [];
  for (let a = 0; a < I; a++) {
    for (let b = 0; b < J; b++) {
      if (!present[a * J + b]) continue;
      const w = new Float64Array(I * J);
      present.forEach((p, c) => (w[c] = p ? -1 / K : 0));
      w[a * J + b] += 1;
      out.push({ a, b, w });
    }
  }
  return out;
}

/** Main effects of the rows' levels (b null), then of the columns' (a null), over the sub-table. */
export function mainContrasts(sub: SubTable, J: number, size: number): Contrast[] {
  const { rows, cols } = sub;
  const grand = 1 / (rows.length * cols.length);
  const base = () => {
    const w = new Float64Array(size);
    for (const a of rows) for (const b of cols) w[a * J + b] = -grand;
    return w;
  };
  const rowEffects = rows.map((a) => {
    const w = base();
    for (const b of cols) w[a * J + b] += 1 / cols.length;
    return { a, b: null, w };
  });
  const colEffects = cols.map((b) => {
    const w = base();
    for (const a of rows) w[a * J + b] += 1 / rows.length;
    return { a: null, b, w };
  });
  return [...rowEffects, ...colEffects];
}

export function interactionContrasts(I: number, J: number): Contrast[] {
  const out: Contrast[] = [];
  for (let a = 0; a < I; a++) {
    for (let b = 0; b < J; b++) {
      const w = new Float64Array(I * J);
      for (let a2 = 0; a2 < I; a2++) {
        for (let b2 = 0; b2 < J; b2++) {
          const cell = a2 === a && b2 === b ? 1 : 0;
          w[a2 * J + b2] = cell - (a2 === a ? 1 / J : 0) - (b2 === b ? 1 / I : 0) + 1 / (I * J);
        }
      }
      out.push({ a, b, w });
    }
  }
  return out;
}

/** Every 2 x 2 sub-table with its four cells present, in level order. */
export function tetradContrasts(present: boolean[], I: number, J: number): Tetrad[] {
  const out: Tetrad[] = [];
  for (let a = 0; a < I; a++) {
    for (let a2 = a + 1; a2 < I; a2++) {
      for (let b = 0; b < J; b++) {
        for (let b2 = b + 1; b2 < J; b2++) {
          const cells = [a * J + b, a * J + b2, a2 * J + b, a2 * J + b2];
          if (!cells.every((c) => present[c])) continue;
          const w = new Float64Array(I * J);
          w[cells[0]] = 1;
          w[cells[1]] = -1;
          w[cells[2]] = -1;
          w[cells[3]] = 1;
          out.push({ a: [a, a2], b: [b, b2], w });
        }
      }
    }
  }
  return out;
}

/**
 * The largest complete sub-table (rows x columns, every cell present, at least 2 x 2 when there is one): every
 * subset of the shorter side's levels when it has at most 12, else levels with empty cells dropped one at a time
 * (the one with the most). Ties keep more rows, then the earlier levels.
 */
export function completeSubTable(present: boolean[], I: number, J: number): SubTable | null {
  const has = (a: number, b: number) => present[a * J + b];
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  let best: SubTable | null = null;
  const consider = (rows: number[], cols: number[]) => {
    if (rows.length < 2 || cols.length < 2) return;
    const size = rows.length * cols.length;
    const bestSize = best ? best.rows.length * best.cols.length : 0;
    if (!best || size > bestSize || (size === bestSize && rows.length > best.rows.length)) best = { rows, cols };
  };
  const short = Math.min(I, J);
  if (short <= 12) {
    for (let mask = 1; mask < 1 << short; mask++) {
      const chosen = range(short).filter((i) => mask & (1 << i));
      if (I <= J) consider(chosen, range(J).filter((b) => chosen.every((a) => has(a, b))));
      else consider(range(I).filter((a) => chosen.every((b) => has(a, b))), chosen);
    }
    return best;
  }
  let rows = range(I);
  let cols = range(J);
  for (;;) {
    const rowMissing = rows.map((a) => cols.filter((b) => !has(a, b)).length);
    const colMissing = cols.map((b) => rows.filter((a) => !has(a, b)).length);
    const worstRow = Math.max(...rowMissing);
    const worstCol = Math.max(...colMissing);
    if (worstRow === 0 && worstCol === 0) break;
    if (worstRow >= worstCol) rows = rows.filter((_, i) => i !== rowMissing.indexOf(worstRow));
    else cols = cols.filter((_, i) => i !== colMissing.indexOf(worstCol));
  }
  consider(rows, cols);
  return best;
}
