/** Ranking with ties, as scipy.stats.rankdata(method='average'). */

/** Average ranks (1-based) and the sizes of tie groups (only groups larger than 1). */
export function rankAverage(x: ArrayLike<number>): { ranks: Float64Array; ties: number[] } {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => x[i] - x[j]);
  const ranks = new Float64Array(n);
  const ties: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    if (j > i) ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

/** Σ (t³ - t) over tie groups: the term every rank test's tie correction uses. */
export function tieTerm(ties: number[]): number {
  let s = 0;
  for (const t of ties) s += t * t * t - t;
  return s;
}
