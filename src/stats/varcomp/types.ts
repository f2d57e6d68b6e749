/** Input and output of the variance decomposition (see docs/statistics.md, section 9). */

/** One scored sentence: its template, the filler of the attribute slot, the filler's group, and the score. */
export interface VarcompRow {
  template: string;
  filler: string;
  group: string;
  score: number;
}

/** The random-effect components, by the names of lme4's grouping factors. */
export type ComponentName = 'template' | 'filler' | 'template:group';

export type Components = { [K in ComponentName]: number | null } & { residual: number };

export interface VarcompFit {
  method: 'REML';
  /** Variances on the score's scale; null where the design cannot tell the component apart (see not_identifiable). */
  components: Components;
  not_identifiable: { component: string; reason: string }[];
  /** Components whose REML estimate lies on the boundary (0): an unrestricted estimate would have been <= 0. */
  clamped: string[];
  /** The fixed effects: the estimated mean score of each group (GLS, given the fitted variances). */
  group_means: Map<string, number>;
  /** Each component's share of the total random variance (template + filler + template:group + residual). */
  share: Components;
  /** Standard deviation (divisor G - 1) of the fixed group means: how far the groups' means spread. */
  group_spread: number;
  n: number;
  converged: boolean;
  iterations: number;
}

export interface VarcompOptions {
  /** Convergence tolerance on the Newton step in the standard-deviation ratios (relative). Default 1e-9. */
  tolerance?: number;
}
