/**
 * Plain-language lines for the report from a variance decomposition: each component's share of the variation,
 * the spread of the group means, and what the design could not estimate or put at 0.
 */
import { REASONS } from './design.js';
import type { ComponentName, VarcompFit } from './types.js';

/** Subject and verb of each component's sentence. */
const LABEL: Record<ComponentName, string> = {
  template: 'Templates (the sentence around the filler) explain',
  filler: 'Fillers within a group (e.g. the different names of one group) explain',
  'template:group': 'Group x template (groups reacting differently to the same template) explains',
};

const SHORT: Record<ComponentName, string> = { template: 'Templates', filler: 'Fillers', 'template:group': 'Group x template' };

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1) + '.';

const percent = (share: number) => (share > 0 && share < 0.005 ? '<1%' : `${Math.round(share * 100)}%`);
const sd = (variance: number) => (variance > 0 ? Math.sqrt(variance).toPrecision(2) : '0');

export function varcompSummary(fit: VarcompFit): string[] {
  const lines: string[] = [];
  const fitted = (['template', 'filler', 'template:group'] as const).filter((c) => fit.components[c] !== null);
  for (const c of fitted) lines.push(`${LABEL[c]} ${percent(fit.share[c]!)} of the variation in scores (SD ${sd(fit.components[c]!)}).`);
  const included = fit.not_identifiable.some((x) => x.component === 'template:group' && x.reason === REASONS.tgSingleSentenceCells.reason);
  lines.push(
    `The rest, ${percent(fit.share.residual)} (SD ${sd(fit.components.residual)}), is residual: variation none of these explains` +
      (included ? ', including any group x template interaction.' : '.'),
  );
  lines.push(`The group means themselves spread with an SD of ${fit.group_spread.toPrecision(2)} (not part of the percentages above).`);
  for (const x of fit.not_identifiable) {
    const known = Object.values(REASONS).find((r) => r.reason === x.reason);
    lines.push(sentence(known ? known.plain : `${x.component} cannot be estimated here: ${x.reason}`));
  }
  for (const c of fit.clamped) {
    const name = SHORT[c as ComponentName] ?? c;
    lines.push(`${name}: estimated at 0, since they vary no more than the noise alone would make them (the estimate is held at 0, not ` +
      `negative).`);
  }
  if (!fit.converged) lines.push('The fit did not fully converge: treat these shares as approximate.');
  return lines;
}
