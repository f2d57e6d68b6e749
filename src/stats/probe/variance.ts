/**
 * `stats.variance`: the variance decomposition of the headline templates' non-control records, with the paraphrase
 * family as the template (a family counts once, as everywhere else). A design the fit refuses (E_VARCOMP_*: e.g.
 * no residual degrees of freedom), a fit that breaks down numerically (scores with no residual at all) or a single
 * group gives null: the decomposition is context, it never stops a run.
 */
import type { ResultRecord, VarianceStat } from '../../result/index.js';
import { isAuditError } from '../../errors.js';
import { fitVarianceComponents, varcompFromRecords, varcompSummary } from '../varcomp/index.js';
import type { Grid } from './grid.js';

/** The decomposition's input errors (a design it cannot fit): the run goes on with `stats.variance = null`. */
const VARCOMP_INPUT_ERRORS: ReadonlySet<string> = new Set(['E_VARCOMP_EMPTY', 'E_VARCOMP_SCORE', 'E_VARCOMP_DESIGN', 'E_VARCOMP_ATTRIBUTE']);

export function varianceStat(grid: Grid, records: ResultRecord[], headline: number[], attribute: string): VarianceStat | null {
  // One group: nothing to compare (the fit would run, but its group spread and shares would describe no groups).
  if (grid.groups < 2) return null;
  const familyOf = new Map(headline.map((t) => [grid.templates[t].id, grid.families[grid.templates[t].family]]));
  try {
    const kept = records.filter((r) => !r.control && familyOf.has(r.template_id));
    const rows = varcompFromRecords(kept, attribute).map((row) => ({ ...row, template: familyOf.get(row.template)! }));
    const fit = fitVarianceComponents(rows);
    // In the order of the model's terms, residual last.
    const ordered = (c: VarianceStat['components']) => ({ template: c.template, filler: c.filler, 'template:group': c['template:group'], residual: c.residual });
    return {
      method: fit.method,
      components: ordered(fit.components),
      shares: ordered(fit.share),
      not_identifiable: fit.not_identifiable.map((x) => ({ ...x })),
      clamped: [...fit.clamped],
      group_spread: fit.group_spread,
      n: fit.n,
      converged: fit.converged,
      summary: varcompSummary(fit),
    };
  } catch (e) {
    if (isAuditError(e) && VARCOMP_INPUT_ERRORS.has(e.code)) return null;
    // The fit's own numerical breakdown (its Cholesky factor), e.g. on scores that are exactly additive (no residual).
    if (e instanceof Error && e.message.startsWith('varcomp: ')) return null;
    throw e;
  }
}
