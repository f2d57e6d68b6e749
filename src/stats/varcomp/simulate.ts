/**
 * Seeded probe-shaped data with known variance components, for tests, calibration and the benchmark:
 * score = group mean + template + filler + template x group + residual, each effect normal with the given SD.
 */
import { mulberry32 } from '../random.js';
import type { VarcompRow } from './types.js';

export interface SimulatedDesign {
  templates: number;
  /** Fillers in each group, e.g. [44, 41, 6, 4] for the race probe. */
  fillersPerGroup: number[];
  sd: { template: number; filler: number; tg: number; residual: number };
  /** Sentences per template x filler (variants of another slot); default 1. */
  repeats?: number;
  /** Group means; default 0.5 for every group. */
  groupMeans?: number[];
  /** Probability that a template x group cell or a sentence is missing; default 0. */
  dropCells?: number;
  dropRows?: number;
  seed: number;
}

export function simulateVarcomp(spec: SimulatedDesign): VarcompRow[] {
  const rng = mulberry32(spec.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const { templates: T, sd } = spec;
  const a = Array.from({ length: T }, () => sd.template * normal());
  const rows: VarcompRow[] = [];
  spec.fillersPerGroup.forEach((F, g) => {
    const mean = spec.groupMeans?.[g] ?? 0.5;
    const tg = Array.from({ length: T }, () => sd.tg * normal());
    const present = Array.from({ length: T }, () => rng.next() >= (spec.dropCells ?? 0));
    for (let f = 0; f < F; f++) {
      const c = sd.filler * normal();
      for (let t = 0; t < T; t++) {
        for (let k = 0; k < (spec.repeats ?? 1); k++) {
          const score = mean + a[t] + c + tg[t] + sd.residual * normal();
          if (!present[t] || rng.next() < (spec.dropRows ?? 0)) continue;
          rows.push({ template: `t${t + 1}`, filler: `g${g + 1}f${f + 1}`, group: `g${g + 1}`, score });
        }
      }
    }
  });
  return rows;
}
