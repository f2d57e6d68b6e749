/**
 * Two attributes crossed (issue #26): the factorial reading of a probe or a data run, on the probability scale.
 * Cells, main effects and interactions each form their own multiplicity family; the mark (`differs`) is the test the
 * shown interval inverts (Šidák-simultaneous within the family), Holm p-values stay beside it. docs/statistics.md
 * defines each estimand. Shared by probe runs (`stats.intersection`) and data runs (`data.intersections`).
 */
import { z } from 'zod';

/** One estimate of the factorial table: a cell (a and b set), a main effect (one of them null), or an interaction. */
export interface IntersectionEffect {
  /** Level of the first attribute, or null for a main effect of the second. */
  a: string | null;
  /** Level of the second attribute, or null for a main effect of the first. */
  b: string | null;
  estimate: number;
  se: number;
  /** Degrees of freedom of the t quantile; null where the interval is normal-theory (rates of a data run). */
  df: number | null;
  /** Simultaneous 95% interval within the effect's family (Šidák t); null when it cannot be estimated. */
  ci: [number, number] | null;
  /** 95% interval of this effect alone ("this cell alone"). */
  ci_alone: [number, number] | null;
  p: number;
  /** Holm-adjusted within the family. */
  p_holm: number;
  /** The simultaneous interval excludes 0 (the single-step Šidák test): the mark shown beside it. */
  differs: boolean;
  /** Templates (probe) or texts (data) behind the estimate. */
  n: number;
}

/** An interaction tetrad over a complete 2 x 2 sub-table: a x b − a x b2 − a2 x b + a2 x b2. */
export interface IntersectionTetrad extends Omit<IntersectionEffect, 'a' | 'b'> {
  a: [string, string];
  b: [string, string];
}

export interface IntersectionTable {
  /** The two attributes as written, e.g. ["name.ethnicity", "name.gender"]. */
  attributes: [string, string];
  /** The quantity analysed: "score" for probes; "mean_score", "positive_rate", "tpr" or "fpr" for data runs. */
  measure: string;
  levels: [string[], string[]];
  /** Every cell has data: main effects and interactions are the equal-weight, sum-to-zero ones. */
  complete: boolean;
  cells: IntersectionEffect[];
  /** Main effects of each level of the first attribute (b null), then of the second (a null). */
  main: IntersectionEffect[];
  /** Sum-to-zero interactions (empty when not complete): the family the gate reads. */
  interactions: IntersectionEffect[];
  /** With empty cells: tetrads over the complete 2 x 2 sub-tables (the gate's family then). */
  tetrads: IntersectionTetrad[];
  /** Plain sentences: what was left out and why (empty cells, cells under the minimum size). */
  left_out: string[];
  /** Minimum detectable interaction (80% power, Holm over the family), or null when not computed. */
  mde_interaction: number | null;
}

const stat = z.number().nullable();
const interval = z.tuple([stat, stat]).nullable();
const effectShape = {
  estimate: stat,
  se: stat,
  df: stat,
  ci: interval,
  ci_alone: interval,
  p: stat,
  p_holm: stat,
  differs: z.boolean(),
  n: z.int().nonnegative(),
};
const effect = z.strictObject({ a: z.string().nullable(), b: z.string().nullable(), ...effectShape });
const tetrad = z.strictObject({ a: z.tuple([z.string(), z.string()]), b: z.tuple([z.string(), z.string()]), ...effectShape });

export const intersectionSchema = z.strictObject({
  attributes: z.tuple([z.string(), z.string()]),
  measure: z.string(),
  levels: z.tuple([z.array(z.string()), z.array(z.string())]),
  complete: z.boolean(),
  cells: z.array(effect),
  main: z.array(effect),
  interactions: z.array(effect),
  tetrads: z.array(tetrad),
  left_out: z.array(z.string()),
  mde_interaction: stat,
}).meta({ description: 'Two attributes crossed: cells, main effects and interactions (schema 3.3)' });
