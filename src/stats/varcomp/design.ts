/**
 * Rows -> the sufficient statistics of the crossed probe design, and which components the design can identify.
 *
 * Fillers are nested in groups: a filler is the pair (group, filler text), so the same text in two groups counts
 * as two fillers. Everything the likelihood needs is a count and a sum per (template, filler) within each group,
 * so the data are read once and every later evaluation costs nothing per row.
 */
import { inputError } from '../../errors.js';
import type { ComponentName, VarcompRow } from './types.js';

/** One group's part of the design, with its templates ("cells", template x group) indexed locally 0..m-1. */
export interface GroupBlock {
  /** Global template index of each local cell. */
  templates: Int32Array;
  /** Rows and (centred) score sums per cell. */
  cellN: Float64Array;
  cellSum: Float64Array;
  /** Per filler: rows per cell, fillerCounts[f * m + i]. */
  fillerCounts: Float64Array;
  fillerN: Float64Array;
  fillerSum: Float64Array;
  n: number;
  sum: number;
}

export interface Design {
  n: number;
  templateKeys: string[];
  groupKeys: string[];
  /** Rows and centred score sums per template. */
  templateN: Float64Array;
  templateSum: Float64Array;
  blocks: GroupBlock[];
  /** Sum of squared centred scores. */
  yy: number;
  /** The mean score, subtracted from every score so that sums of squares keep their precision. */
  shift: number;
  /** True when every score equals the others of its group: nothing varies beyond the group means. */
  constantWithinGroups: boolean;
  /** Components the design cannot tell apart from another term, with the reason. */
  notIdentifiable: { component: ComponentName; reason: string }[];
}

/** Why a component is left out, as the fit reports it (`reason`) and as the report says it (`plain`). */
export const REASONS = {
  oneTemplate: {
    component: 'template',
    reason: 'only one template: its effect is part of every group mean',
    plain: 'template effects cannot be estimated here: there is only one template',
  },
  oneTemplatePerGroup: {
    component: 'template',
    reason: 'each group is seen with one template only: template and group are the same',
    plain: 'template and group cannot be told apart here: each group is seen with one template only',
  },
  tgOneTemplatePerGroup: {
    component: 'template:group',
    reason: 'each group is seen with one template only: template x group and group are the same',
    plain: 'group x template and group cannot be told apart here: each group is seen with one template only',
  },
  tgTemplateInOneGroup: {
    component: 'template:group',
    reason: 'each template is used with one group only: template x group and template are the same',
    plain: 'group x template and template cannot be told apart here: each template is used with one group only',
  },
  tgSingleSentenceCells: {
    component: 'template:group',
    reason: 'each template x group cell holds one sentence: the group x template interaction cannot be told apart from the residual, ' +
      'which includes it',
    plain: 'group x template and residual cannot be told apart here: one sentence per template and group (the residual includes it)',
  },
  oneFillerPerGroup: {
    component: 'filler',
    reason: "one filler per group: filler and group cannot be told apart (the group mean includes its filler's effect)",
    plain: 'filler and group cannot be told apart here: one filler per group',
  },
  fillerOnce: {
    component: 'filler',
    reason: 'each filler is used in one sentence only: filler and residual cannot be told apart',
    plain: 'filler and residual cannot be told apart here: each filler is used in one sentence only',
  },
} as const;

export function buildDesign(rows: readonly VarcompRow[]): Design {
  if (rows.length === 0) throw inputError('E_VARCOMP_EMPTY', 'variance decomposition: no rows to fit');
  const problems: string[] = [];
  rows.forEach((r, i) => {
    if (typeof r.score !== 'number' ||
      !Number.isFinite(r.score)) problems.push(`rows[${i}]: score ${String(r.score)} is not a finite number`);
  });
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > 20) shown.push(`and ${problems.length - 20} more`);
    throw inputError('E_VARCOMP_SCORE', `variance decomposition: ${problems.length} row(s) without a valid score`, shown);
  }

  const templateIndex = new Map<string, number>();
  const groupIndex = new Map<string, number>();
  const fillerIndex: Map<string, number>[] = [];
  let shift = 0;
  for (const r of rows) shift += r.score;
  shift /= rows.length;
  const t = new Int32Array(rows.length);
  const g = new Int32Array(rows.length);
  const f = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    if (!templateIndex.has(r.template)) templateIndex.set(r.template, templateIndex.size);
    if (!groupIndex.has(r.group)) {
      groupIndex.set(r.group, groupIndex.size);
      fillerIndex.push(new Map());
    }
    t[i] = templateIndex.get(r.template)!;
    g[i] = groupIndex.get(r.group)!;
    const fillers = fillerIndex[g[i]];
    if (!fillers.has(r.filler)) fillers.set(r.filler, fillers.size);
    f[i] = fillers.get(r.filler)!;
  });
  const T = templateIndex.size;
  const G = groupIndex.size;
  if (rows.length <= G) {
    throw inputError('E_VARCOMP_DESIGN', `variance decomposition: ${rows.length} rows for ${G} groups leave no residual to estimate`);
  }

  // Local cell index of each (group, template): -1 where the group is never seen with the template.
  const local = new Int32Array(G * T).fill(-1);
  const cellsOf: number[][] = Array.from({ length: G }, () => []);
  for (let i = 0; i < rows.length; i++) {
    const k = g[i] * T + t[i];
    if (local[k] < 0) {
      local[k] = cellsOf[g[i]].length;
      cellsOf[g[i]].push(t[i]);
    }
  }
  const blocks: GroupBlock[] = cellsOf.map((cells, b) => {
    const m = cells.length;
    const F = fillerIndex[b].size;
    return {
      templates: Int32Array.from(cells),
      cellN: new Float64Array(m),
      cellSum: new Float64Array(m),
      fillerCounts: new Float64Array(F * m),
      fillerN: new Float64Array(F),
      fillerSum: new Float64Array(F),
      n: 0,
      sum: 0,
    };
  });
  const templateN = new Float64Array(T);
  const templateSum = new Float64Array(T);
  const rowsPerFiller = new Map<string, number>();
  let yy = 0;
  let repeatedCell = false;
  const firstScore = new Float64Array(G).fill(Number.NaN);
  let constantWithinGroups = true;
  for (let i = 0; i < rows.length; i++) {
    const y = rows[i].score - shift;
    if (Number.isNaN(firstScore[g[i]])) firstScore[g[i]] = rows[i].score;
    else if (rows[i].score !== firstScore[g[i]]) constantWithinGroups = false;
    const block = blocks[g[i]];
    const c = local[g[i] * T + t[i]];
    const m = block.templates.length;
    block.cellN[c] += 1;
    block.cellSum[c] += y;
    if (block.cellN[c] > 1) repeatedCell = true;
    block.fillerCounts[f[i] * m + c] += 1;
    block.fillerN[f[i]] += 1;
    block.fillerSum[f[i]] += y;
    block.n += 1;
    block.sum += y;
    templateN[t[i]] += 1;
    templateSum[t[i]] += y;
    yy += y * y;
    const key = `${g[i]}:${f[i]}`;
    rowsPerFiller.set(key, (rowsPerFiller.get(key) ?? 0) + 1);
  }

  const notIdentifiable: Design['notIdentifiable'] = [];
  const groupsPerTemplate = new Int32Array(T);
  for (const block of blocks) for (const tt of block.templates) groupsPerTemplate[tt] += 1;
  const someGroupHasTemplates = blocks.some((b) => b.templates.length >= 2);
  const someTemplateCrossesGroups = groupsPerTemplate.some((c) => c >= 2);
  const leaveOut = (r: (typeof REASONS)[keyof typeof REASONS]) => notIdentifiable.push({ component: r.component, reason: r.reason });
  if (!someGroupHasTemplates) leaveOut(T < 2 ? REASONS.oneTemplate : REASONS.oneTemplatePerGroup);
  if (!someGroupHasTemplates) leaveOut(REASONS.tgOneTemplatePerGroup);
  else if (!someTemplateCrossesGroups) leaveOut(REASONS.tgTemplateInOneGroup);
  else if (!repeatedCell) leaveOut(REASONS.tgSingleSentenceCells);
  if (!blocks.some((b) => b.fillerN.length >= 2)) leaveOut(REASONS.oneFillerPerGroup);
  else if (![...rowsPerFiller.values()].some((c) => c >= 2)) leaveOut(REASONS.fillerOnce);

  return {
    n: rows.length,
    templateKeys: [...templateIndex.keys()],
    groupKeys: [...groupIndex.keys()],
    templateN,
    templateSum,
    blocks,
    yy,
    shift,
    constantWithinGroups,
    notIdentifiable,
  };
}
