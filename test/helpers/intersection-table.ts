/**
 * Test inputs: hand-made factorial tables (`IntersectionTable`, src/result/intersection.ts) for the report, the gate,
 * the findings and the exports, built from chosen main effects and interactions so that every number is known:
 * cell effect = main(a) + main(b) + interaction(a, b), each with a symmetric interval of the given half-width (the
 * same half-width within a family, as a Šidák interval over a balanced design has). Not a statistic: the analysis that
 * fills real tables is tested against R in test/stats/.
 */
import type { IntersectionEffect, IntersectionTable, IntersectionTetrad } from '../../src/result/index.js';

export interface TableSpec {
  attributes?: [string, string];
  levels: [string[], string[]];
  mainA: number[];
  mainB: number[];
  /** interaction[i][j] for level i of A and j of B (rows and columns sum to 0 for a complete table). */
  interaction: number[][];
  half?: { cell: number; main: number; interaction: number };
  /** Cells [i, j] with no data: the table is incomplete and reports tetrads instead of interactions. */
  empty?: [number, number][];
  n?: number;
  mde?: number | null;
}

function effect(a: string | null, b: string | null, estimate: number, half: number, n: number): IntersectionEffect {
  const ci: [number, number] = [estimate - half, estimate + half];
  const se = half / 2.8;
  return {
    a, b, estimate, se, df: 19, ci, ci_alone: [estimate - 1.96 * se, estimate + 1.96 * se], p: ci[0] > 0 || ci[1] < 0 ? 0.001 : 0.4,
    p_holm: ci[0] > 0 || ci[1] < 0 ? 0.004 : 1, differs: ci[0] > 0 || ci[1] < 0, n,
  };
}

export function intersectionTable(spec: TableSpec): IntersectionTable {
  const [A, B] = spec.levels;
  const half = spec.half ?? { cell: 0.03, main: 0.02, interaction: 0.025 };
  const n = spec.n ?? 20;
  const empty = new Set((spec.empty ?? []).map(([i, j]) => `${i},${j}`));
  const cells: IntersectionEffect[] = [];
  A.forEach((a, i) => B.forEach((b, j) => {
    if (!empty.has(`${i},${j}`)) cells.push(effect(a, b, spec.mainA[i] + spec.mainB[j] + spec.interaction[i][j], half.cell, n));
  }));
  const main = [...A.map((a, i) => effect(a, null, spec.mainA[i], half.main, n * B.length)),
    ...B.map((b, j) => effect(null, b, spec.mainB[j], half.main, n * A.length))];
  const complete = empty.size === 0;
  const interactions = complete ? A.flatMap((a, i) => B.map((b, j) => effect(a, b, spec.interaction[i][j], half.interaction, n))) : [];
  const tetrads: IntersectionTetrad[] = [];
  if (!complete) {
    const has = (i: number, j: number) => !empty.has(`${i},${j}`);
    for (let i = 0; i < A.length; i++) for (let i2 = i + 1; i2 < A.length; i2++) {
      for (let j = 0; j < B.length; j++) for (let j2 = j + 1; j2 < B.length; j2++) {
        if (!(has(i, j) && has(i, j2) && has(i2, j) && has(i2, j2))) continue;
        const x = spec.interaction;
        const value = x[i][j] - x[i][j2] - x[i2][j] + x[i2][j2];
        const e = effect(null, null, value, 2 * half.interaction, n);
        tetrads.push({ ...e, a: [A[i], A[i2]], b: [B[j], B[j2]] });
      }
    }
  }
  return {
    attributes: spec.attributes ?? ['name.ethnicity', 'name.gender'],
    measure: 'score',
    levels: [A, B],
    complete,
    cells,
    main,
    interactions,
    tetrads,
    left_out: [...empty].map((k) => {
      const [i, j] = k.split(',').map(Number);
      return `${A[i]} x ${B[j]}: no sentences, so equal-weight main effects and sum-to-zero interactions are not estimable`;
    }),
    mde_interaction: spec.mde === undefined ? 0.06 : spec.mde,
  };
}

/** Names by ethnicity x gender: Black women 4 points below what the two main effects predict, the rest within noise. */
export function namesTable(overrides: Partial<TableSpec> = {}): IntersectionTable {
  return intersectionTable({
    levels: [['arab', 'asian', 'black', 'latino', 'white'], ['female', 'male']],
    mainA: [-0.03, 0.01, -0.02, 0, 0.04],
    mainB: [0.015, -0.015],
    interaction: [[0, 0], [0.01, -0.01], [-0.04, 0.04], [0.01, -0.01], [0.02, -0.02]],
    ...overrides,
  });
}
