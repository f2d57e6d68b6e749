/**
 * analyzeIntersection: a probe's records and two crossed attributes -> `stats.intersection` (result/intersection.ts),
 * on the probability scale. table.ts lays out families x filler units, contrasts.ts gives each estimand's weights,
 * variance.ts its SE and df. Each family of estimates (cells; main effects of each attribute; interactions, or
 * tetrads when a cell is empty) gets Šidák-t simultaneous intervals (each estimate at its own df), the interval of
 * the estimate alone, t-test p and Holm p within the family; `differs` is the simultaneous interval excluding 0.
 */
import type { IntersectionEffect, IntersectionTable, IntersectionTetrad, ResultRecord } from '../../result/index.js';
import { normalPpf, tPpf } from '../distributions.js';
import { holm } from '../multitest.js';
import type { Grid } from '../probe/grid.js';
import { waldP, MIN_FAMILIES } from '../probe/group-tests.js';
import { ALPHA, simultaneousCritical } from '../probe/intervals.js';
import { cellContrasts, completeSubTable, interactionContrasts, mainContrasts, tetradContrasts } from './contrasts.js';
import { cellMeans, factorialTable, type FactorialTable } from './table.js';
import { contrastVariance, varianceModel, type VarianceModel } from './variance.js';

const POWER_Z = normalPpf(0.8);

interface Estimate {
  estimate: number;
  se: number;
  df: number;
}

interface Row<K> extends Estimate {
  key: K;
}

/** Σ_c w_c Ȳ_c averaged over the families, with its SE and df. */
function estimateOf(table: FactorialTable, Y: Float64Array, model: VarianceModel, w: Float64Array): Estimate {
  const K = w.length;
  let sum = 0;
  for (let f = 0; f < table.families; f++) for (let c = 0; c < K; c++) if (w[c] !== 0) sum += w[c] * Y[f * K + c];
  return { estimate: sum / table.families, ...contrastVariance(table, model, w) };
}

function clip(x: number): number {
  return Math.max(-1, Math.min(1, x));
}

/** Intervals, p and Holm within one family of estimates. */
function family<K>(rows: Row<K>[], n: number, enough: boolean): (Omit<IntersectionEffect, 'a' | 'b'> & { key: K })[] {
  const m = rows.length;
  const p = rows.map((r) => (enough ? waldP(r.estimate, r.se, r.df) : NaN));
  const finite = p.flatMap((v, i) => (Number.isFinite(v) ? [i] : []));
  const adjusted = holm(finite.map((i) => p[i]));
  const pHolm = p.map(() => NaN);
  finite.forEach((i, k) => (pHolm[i] = adjusted[k]));
  return rows.map((r, i) => {
    const ok = enough && Number.isFinite(r.se) && Number.isFinite(r.df);
    const q = simultaneousCritical(m, r.df);
    const qAlone = tPpf(1 - ALPHA / 2, r.df);
    const ci: [number, number] | null = ok ? [clip(r.estimate - q * r.se), clip(r.estimate + q * r.se)] : null;
    return {
      key: r.key,
      estimate: r.estimate,
      se: r.se,
      df: r.df,
      ci,
      ci_alone: ok ? [clip(r.estimate - qAlone * r.se), clip(r.estimate + qAlone * r.se)] : null,
      p: p[i],
      p_holm: pHolm[i],
      differs: ci !== null && (ci[0] > 0 || ci[1] < 0),
      n,
    };
  });
}

/** 80% power at Holm's first step (Bonferroni over the family), each estimate at its own df: the median over them. */
function detectable(rows: Estimate[]): number | null {
  const values = rows
    .map((r) => (tPpf(1 - ALPHA / (2 * rows.length), r.df) + POWER_Z) * r.se)
    .filter((v) => Number.isFinite(v))
    .sort((x, y) => x - y);
  if (values.length === 0) return null;
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

export interface IntersectionOptions {
  /** List tetrads also when every cell is present (the calibration reads them; the result keeps them for empty cells). */
  tetradsAlways?: boolean;
}

/** `templates`: the headline templates of the probe's analysis (grid indices). */
export function analyzeIntersection(
  records: ResultRecord[],
  attributes: [string, string],
  grid: Grid,
  templates: number[],
  options: IntersectionOptions = {},
): IntersectionTable {
  const table = factorialTable(records, attributes, grid, templates);
  const [levelsA, levelsB] = table.levels;
  const I = levelsA.length;
  const J = levelsB.length;
  const leftOut = [...table.leftOut];
  const present = table.cellUnits.map((us) => us.length > 0);
  const complete = present.every(Boolean) && I >= 2 && J >= 2;
  const empty = present.flatMap((p, c) => (p ? [] : [`${levelsA[Math.floor(c / J)]} x ${levelsB[c % J]}`]));
  const base = {
    attributes, measure: 'score', levels: [levelsA, levelsB] as [string[], string[]], complete,
    cells: [], main: [], interactions: [], tetrads: [], mde_interaction: null,
  };
  if (I < 2 || J < 2 || table.families === 0) {
    leftOut.push(`no factorial table: ${attributes[0]} has ${I} level(s) and ${attributes[1]} ${J} in ${table.families} complete families`);
    return { ...base, left_out: leftOut };
  }
  const Y = cellMeans(table);
  const model = varianceModel(table);
  const enough = table.families >= MIN_FAMILIES;
  if (!enough) {
    leftOut.push(`${table.families} template families: too few templates to estimate intervals and tests (${MIN_FAMILIES} needed)`);
  }
  const n = table.templates;
  const est = (w: Float64Array) => estimateOf(table, Y, model, w);
  const label = (a: number | null, b: number | null) => ({ a: a === null ? null : levelsA[a], b: b === null ? null : levelsB[b] });

  const cells = family(cellContrasts(present, I, J).map((c) => ({ key: c, ...est(c.w) })), n, enough)
    .map(({ key, ...rest }) => ({ ...label(key.a, key.b), ...rest }));
  const sub = complete ? { rows: levelsA.map((_, a) => a), cols: levelsB.map((_, b) => b) } : completeSubTable(present, I, J);
  if (!complete) {
    leftOut.push(`empty cells (${empty.join(', ')}): equal-weight main effects and sum-to-zero interactions are not estimable; ` +
      'interactions are given as tetrads over the complete 2 x 2 sub-tables');
  }
  let main: IntersectionEffect[] = [];
  if (sub) {
    if (!complete) {
      const outA = levelsA.filter((_, a) => !sub.rows.includes(a));
      const outB = levelsB.filter((_, b) => !sub.cols.includes(b));
      const named = [...outA, ...outB];
      if (named.length > 0) leftOut.push(`main effects over the largest complete sub-table, without ${named.join(', ')}`);
    }
    const contrasts = mainContrasts(sub, J, I * J);
    const rowsA = contrasts.filter((c) => c.b === null).map((c) => ({ key: c, ...est(c.w) }));
    const rowsB = contrasts.filter((c) => c.a === null).map((c) => ({ key: c, ...est(c.w) }));
    main = [...family(rowsA, n, enough), ...family(rowsB, n, enough)].map(({ key, ...rest }) => ({ ...label(key.a, key.b), ...rest }));
  } else leftOut.push('no complete 2 x 2 sub-table: no main effects and no interactions');
  const interactionRows = complete ? interactionContrasts(I, J).map((c) => ({ key: c, ...est(c.w) })) : [];
  const interactions = family(interactionRows, n, enough).map(({ key, ...rest }) => ({ ...label(key.a, key.b), ...rest }));
  const tetradRows = !complete || options.tetradsAlways ? tetradContrasts(present, I, J).map((t) => ({ key: t, ...est(t.w) })) : [];
  const tetrads: IntersectionTetrad[] = family(tetradRows, n, enough).map(({ key, ...rest }) => ({
    a: [levelsA[key.a[0]], levelsA[key.a[1]]],
    b: [levelsB[key.b[0]], levelsB[key.b[1]]],
    ...rest,
  }));
  const gateRows = complete ? interactionRows : tetradRows;
  return { ...base, cells, main, interactions, tetrads, left_out: leftOut, mde_interaction: enough ? detectable(gateRows) : null };
}
