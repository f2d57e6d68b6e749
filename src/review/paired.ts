/**
 * Two runs of one probe, paired by sentence text: the same sentences were scored by both models, so a change is
 * measured on the same items and its interval is much tighter than two independent intervals would suggest.
 *
 *   align by text ─▶ two grids of identical structure (stats/probe/grid.ts) ─▶ paired two-way cluster bootstrap
 *
 * The bootstrap mirrors the stats stage (stats/probe/bootstrap.ts): draw templates with replacement, then the
 * filler combinations inside each drawn template; one draw serves both runs, which is what pairs them.
 */
import { inputError } from '../errors.js';
import type { AuditResult, Interval, ResultRecord } from '../result-types.js';
import { buildGrid, type Grid } from '../stats/probe/grid.js';
import { flipShares } from '../stats/probe/templates.js';
import { mulberry32 } from '../stats/random.js';

export interface Alignment {
  /** Run A's non-duplicate records whose text run B also scored, in A's order. */
  a: ResultRecord[];
  /** The same records carrying run B's score and label. */
  b: ResultRecord[];
  matched: number;
  /** Distinct texts only one run scored. */
  onlyA: number;
  onlyB: number;
  /** Every text of each run is in the other. */
  complete: boolean;
}

export function alignByText(runA: AuditResult, runB: AuditResult): Alignment {
  const inB = new Map<string, ResultRecord>();
  for (const r of runB.records) if (!inB.has(r.text)) inB.set(r.text, r);
  const textsA = new Set(runA.records.map((r) => r.text));
  const a: ResultRecord[] = [];
  const b: ResultRecord[] = [];
  const seen = new Set<string>();
  for (const r of runA.records) {
    const other = inB.get(r.text);
    if (!other || seen.has(r.text)) continue;
    seen.add(r.text);
    a.push(r);
    b.push({ ...r, score: other.score, label: other.label, probs: other.probs });
  }
  const onlyA = textsA.size - seen.size;
  const onlyB = inB.size - seen.size;
  return { a, b, matched: a.length, onlyA, onlyB, complete: onlyA === 0 && onlyB === 0 };
}

/** Metrics recomputed from the grid exactly as stats/probe/analyze.ts defines them (share_significant is not: it needs the tests). */
export const PAIRED_METRICS = ['group_gap', 'max_abs_deviation', 'flip_rate', 'score_range_mean', 'mean_score'] as const;
export type PairedMetric = (typeof PAIRED_METRICS)[number];

export function isPairedMetric(name: string): name is PairedMetric {
  return (PAIRED_METRICS as readonly string[]).includes(name);
}

export interface PairedChange {
  a: number;
  b: number;
  /** b - a, with its paired 95% percentile interval. */
  change: number;
  ci: [number, number];
}

export interface PairedEstimates {
  groupKeys: string[];
  /** Per real group: mean score in each run and the paired change, and its number of paired sentences. */
  groups: (PairedChange & { n: number })[];
  metrics: Record<PairedMetric, PairedChange>;
  templates: number;
  resamples: number;
  seed: number;
}

export interface PairedOptions {
  attribute: string;
  seed?: number;
  resamples?: number;
}

export function pairedEstimates(alignment: Alignment, options: PairedOptions): PairedEstimates {
  if (alignment.matched === 0) throw inputError('E_PAIRED_NONE', 'the two runs have no sentence text in common: nothing to pair');
  const seed = options.seed ?? 0;
  const resamples = options.resamples ?? 2000;
  const gridA = buildGrid(alignment.a, options.attribute);
  const gridB = buildGrid(alignment.b, options.attribute);
  const G = gridA.groups;
  const T = gridA.templates.length;

  const all = gridA.templates.map((info) => ({ combos: Int32Array.from({ length: info.combos }, (_, c) => c) }));
  const flipsA = flipShares(gridA).perCombo;
  const flipsB = flipShares(gridB).perCombo;
  const pointA = summarize(gridA, flipsA, all.map((_, t) => t), all.map((x) => x.combos));
  const pointB = summarize(gridB, flipsB, all.map((_, t) => t), all.map((x) => x.combos));

  const rng = mulberry32(seed >>> 0);
  const groupDraws = new Float64Array(G * resamples);
  const metricDraws = Object.fromEntries(PAIRED_METRICS.map((m) => [m, new Float64Array(resamples)])) as Record<PairedMetric, Float64Array>;
  const drawnTemplates = new Array<number>(T);
  const drawnCombos = new Array<Int32Array>(T);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < T; i++) {
      const t = rng.int(T);
      const k = gridA.templates[t].combos;
      drawnTemplates[i] = t;
      drawnCombos[i] = k === 1 ? all[t].combos : Int32Array.from({ length: k }, () => rng.int(k));
    }
    const sa = summarize(gridA, flipsA, drawnTemplates, drawnCombos);
    const sb = summarize(gridB, flipsB, drawnTemplates, drawnCombos);
    for (let g = 0; g < G; g++) groupDraws[g * resamples + r] = sb.groupMeans[g] - sa.groupMeans[g];
    for (const m of PAIRED_METRICS) metricDraws[m][r] = sb.metrics[m] - sa.metrics[m];
  }

  const groups = Array.from({ length: G }, (_, g) => ({
    n: gridA.groupN[g],
    a: pointA.groupMeans[g],
    b: pointB.groupMeans[g],
    change: pointB.groupMeans[g] - pointA.groupMeans[g],
    ci: percentileInterval(groupDraws.subarray(g * resamples, (g + 1) * resamples)),
  }));
  const metrics = Object.fromEntries(
    PAIRED_METRICS.map((m) => [m, { a: pointA.metrics[m], b: pointB.metrics[m], change: pointB.metrics[m] - pointA.metrics[m], ci: percentileInterval(metricDraws[m]) }]),
  ) as Record<PairedMetric, PairedChange>;
  return { groupKeys: gridA.groupKeys.slice(0, G), groups, metrics, templates: T, resamples, seed };
}

interface Summary {
  groupMeans: Float64Array;
  metrics: Record<PairedMetric, number>;
}

/**
 * Group means and metrics over a (re)sample: the listed templates, each with the listed filler combinations.
 * A group's cell on a template is the mean over the combinations; its mean is the mean over templates (NaN skipped).
 */
function summarize(grid: Grid, flips: Float64Array[], templates: number[], combos: Int32Array[]): Summary {
  const G = grid.groups;
  const sums = new Float64Array(G);
  const counts = new Int32Array(G);
  const cellSum = new Float64Array(G);
  const cellN = new Int32Array(G);
  let overallSum = 0;
  let overallN = 0;
  let rangeSum = 0;
  let rangeN = 0;
  let flipSum = 0;
  let flipN = 0;
  templates.forEach((t, i) => {
    cellSum.fill(0);
    cellN.fill(0);
    let fs = 0;
    let fn = 0;
    for (const c of combos[i]) {
      const offset = c * grid.columns;
      for (let g = 0; g < G; g++) {
        const v = grid.scores[t][offset + g];
        if (!Number.isNaN(v)) {
          cellSum[g] += v;
          cellN[g]++;
        }
      }
      const f = flips[t][c];
      if (!Number.isNaN(f)) {
        fs += f;
        fn++;
      }
    }
    if (fn > 0) {
      flipSum += fs / fn;
      flipN++;
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (let g = 0; g < G; g++) {
      if (cellN[g] === 0) continue;
      const cell = cellSum[g] / cellN[g];
      sums[g] += cell;
      counts[g]++;
      overallSum += cell;
      overallN++;
      if (cell < lo) lo = cell;
      if (cell > hi) hi = cell;
    }
    if (hi >= lo) {
      rangeSum += hi - lo;
      rangeN++;
    }
  });
  const groupMeans = Float64Array.from(sums, (s, g) => (counts[g] > 0 ? s / counts[g] : NaN));
  const finite = Array.from(groupMeans).filter((v) => !Number.isNaN(v));
  const overall = overallN > 0 ? overallSum / overallN : NaN;
  return {
    groupMeans,
    metrics: {
      group_gap: finite.length > 0 ? Math.max(...finite) - Math.min(...finite) : NaN,
      max_abs_deviation: finite.length > 0 ? Math.max(...finite.map((m) => Math.abs(m - overall))) : NaN,
      flip_rate: flipN > 0 ? flipSum / flipN : NaN,
      score_range_mean: rangeN > 0 ? rangeSum / rangeN : NaN,
      mean_score: overall,
    },
  };
}

/** Percentile 95% interval of the finite draws (linear interpolation between order statistics). */
export function percentileInterval(draws: ArrayLike<number>): [number, number] {
  const sorted = Float64Array.from(Array.from(draws).filter((v) => Number.isFinite(v))).sort();
  if (sorted.length === 0) return [NaN, NaN];
  const at = (p: number) => {
    const h = (sorted.length - 1) * p;
    const i = Math.floor(h);
    return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
  };
  return [at(0.025), at(0.975)];
}

/** b - a for independent estimates: the half-widths of the two intervals add in quadrature, side by side. */
export function independentChange(a: Interval, b: Interval): Interval {
  const value = b.value - a.value;
  const lower = Math.hypot(b.value - b.ci[0], a.ci[1] - a.value);
  const upper = Math.hypot(b.ci[1] - b.value, a.value - a.ci[0]);
  return { value, ci: [value - lower, value + upper] };
}

/** Equal up to float noise: a recomputed metric reproduces the stored one. */
export function sameValue(x: number, y: number): boolean {
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}
