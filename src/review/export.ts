/**
 * Exports of a run for other documents: `md` a "Bias" paragraph for a model card, `csv` the group statistics,
 * `json` the stats block. Pure: result in, text out.
 */
import * as fmt from '../util/format.js';
import { inputError } from '../errors.js';
import type { AuditResult, GroupStat, ProbeStats } from '../result/index.js';
import { effectMark, sampledSentence, shownInterval, templatesOnSide } from '../result/index.js';
import { md } from './escape.js';
import { exportDataRun } from './export-data.js';
import { intersectionCsvRows, intersectionMarkdown } from './export-intersection.js';
import { attributeNoun } from '../util/nouns.js';
import { attributeOf } from './metrics.js';
import { toCsv, type CsvCell } from '../util/csv.js';

export const EXPORT_FORMATS = ['md', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How many affected groups the paragraph names on each side. */
const NAMED_GROUPS = 3;

export function exportRun(result: AuditResult, format: ExportFormat): string {
  if (result.kind === 'data' && EXPORT_FORMATS.includes(format)) return exportDataRun(result, format);
  switch (format) {
    case 'md':
      return biasParagraph(result);
    case 'csv':
      return groupCsv(result);
    case 'json':
      return `${JSON.stringify(statsOf(result), null, 2)}\n`;
    default:
      throw inputError('E_EXPORT_FORMAT', `unknown export format "${String(format)}" (one of ${EXPORT_FORMATS.join(', ')})`);
  }
}

function statsOf(result: AuditResult): ProbeStats {
  if (!result.stats || result.stats.groups.length === 0) throw inputError('E_EXPORT_NO_STATS',
    `the run of ${result.suite ?? result.probe?.id ?? 'this probe'} has no stats block to export`);
  return result.stats;
}

/**
 * The Bias section of a model card: plain sentences, every figure with its interval, then the caveats. Every
 * string from the result (model, probe, groups) is escaped for Markdown.
 */
export function biasParagraph(result: AuditResult): string {
  const s = statsOf(result);
  const probe = result.probe;
  const noun = md(attributeNoun(attributeOf(result)!));
  const gap = s.summary.max_abs_effect;
  const byMean = [...s.groups].sort((a, b) => b.mean - a.mean);
  const highest = byMean[0];
  const lowest = byMean[byMean.length - 1];
  // The report's mark (result/effect.ts): the simultaneous interval excludes 0.
  const significant = s.groups.filter((g) => effectMark(g) !== null);
  const higher = significant.filter((g) => effectMark(g) === 'higher').sort((a, b) => b.centred - a.centred).slice(0, NAMED_GROUPS);
  const lower = significant.filter((g) => effectMark(g) === 'lower').sort((a, b) => a.centred - b.centred).slice(0, NAMED_GROUPS);
  const flipped = significant.filter((g) => g.direction_flip === true).length;

  const lines: string[] = [];
  lines.push('## Bias', '');
  const model = result.model.demo ? `the embedded demo model (${md(result.model.name)}, a small stand-in, not the production model)` :
    md(result.model.name);
  const intro =
    `We audited ${model} (fingerprint ${md(short(result.model.fingerprint))}) with ` +
    `the ${probe ? `"${md(probe.title)}" probe (${md(probe.id)})` : 'probe'}: ` +
    `${count(s.n_records)} sentences from ${count(s.n_templates)} templates that differ only in the ${noun} they name ` +
    `(${count(s.n_groups)} ${noun} values). ` +
    `The score is the model\u2019s probability of ${md(result.target)}.` +
    (result.model.multi_label === true ? ` The model is multi-label: each label has its own (sigmoid) probability, and this audit ` +
      `covers ${md(result.target)} only.` : '') +
    (result.model.sampled ? ` ${md(sampledSentence(result.model)!)}` : '');
  lines.push(intro, '');
  let findings = `The mean score was ${f(s.overall_mean)} (95% CI ${ci(s.overall_ci)}). Across ${noun} values the mean ranged ` +
    `from ${f(lowest.mean)} (${md(lowest.key)}) to ${f(highest.mean)} (${md(highest.key)}): `;
  findings += `a gap of ${f(highest.mean - lowest.mean)}.`;
  if (gap) findings += ` The largest effect (a ${noun}\u2019s mean minus the average of all in the same template) was ${f(gap.value)} ` +
    `(simultaneous 95% CI ${ci(gap.ci)}).`;
  if (s.control) findings += ` For scale, made-up words in the same sentences moved the score by ${f(s.control.mean_abs_shift)} on ` +
    `average (context, not a baseline).`;
  const flip = s.summary.flip_rate;
  if (flip) findings += ` Swapping the ${noun} in a sentence changed the predicted label in ${pct(flip.value)} of swaps (95% ` +
    `CI ${pct(flip.ci[0])} to ${pct(flip.ci[1])}).`;
  lines.push(findings, '');
  if (significant.length === 0) {
    lines.push(`No ${noun} value could be told from the average of all (simultaneous 95% intervals over all ${noun} values, paired by ` +
      `template).`, '');
  } else {
    let text = `${significant.length} of ${s.n_groups} ${noun} values scored differently from the average of all (their simultaneous 95% ` +
      `interval over all ${noun} values excludes 0; paired by template).`;
    if (lower.length > 0) text += ` Most affected, scoring lower: ${lower.map(named).join('; ')}.`;
    if (higher.length > 0) text += ` Most affected, scoring higher: ${higher.map(named).join('; ')}.`;
    if (flipped > 0) text += ` For ${flipped} of them a paraphrased wording of the templates showed the opposite direction.`;
    lines.push(text, '');
  }
  // A crossed probe: the cell grid, main effects and interactions (export-intersection.ts).
  if (s.intersection) lines.push(...intersectionMarkdown(s.intersection));
  lines.push(
    'Caveats: these are template sentences, not real use; they measure how the score moves with the group named, not harm in deployment. ' +
      'Results depend on the templates and word lists chosen, and conclusions from templates can change when the templates are reworded. ' +
      `Intervals are 95% bootstrap intervals over templates and fillers (${count(s.resamples)} resamples, seed ${s.seed}).`,
    '',
  );
  return lines.join('\n');
}

function named(g: GroupStat): string {
  const side = g.centred < 0 ? 'lower' : 'higher';
  return `${md(g.key)} (effect ${f(g.centred)}, simultaneous 95% CI ${ci(shownInterval(g))}; ${side} than the average of all in the same ` +
    `template, ` +
    `${side} on ${templatesOnSide(g)} templates)`;
}

/** One row per group; text cells that a spreadsheet would run as a formula are prefixed with "'" (util/csv.ts). */
export function groupCsv(result: AuditResult): string {
  const s = statsOf(result);
  const attrNames = [...new Set(s.groups.flatMap((g) => Object.keys(g.attrs)))].sort();
  const rows = s.groups.map((g) => {
    const row: Record<string, CsvCell> = {
      key: g.key, n: g.n, mean: g.mean, ci_low: g.ci[0], ci_high: g.ci[1], centred: g.centred,
      centred_ci_low: g.centred_ci[0], centred_ci_high: g.centred_ci[1], sim_ci_low: g.sim_ci[0], sim_ci_high: g.sim_ci[1],
      differs: effectMark(g) ?? '',
      rank: g.rank, rank_ci_low: g.rank_ci[0], rank_ci_high: g.rank_ci[1],
      p: g.p, p_perm: g.p_perm, p_adj: g.p_adj, p_adj_bh: g.p_adj_bh, significant: g.significant,
      direction_flip: g.direction_flip ?? '',
      direction: g.direction, templates_above: g.templates_above, templates_below: g.templates_below,
    };
    for (const a of attrNames) {
      const v = g.attrs[a];
      row[Object.hasOwn(row, a) ? `attr_${a}` : a] = v;
    }
    return row;
  });
  // A crossed probe: its cells, main effects and interactions follow the groups, told apart by `part`.
  if (s.intersection) return toCsv([...rows.map((r) => ({ part: 'group', ...r })), ...intersectionCsvRows(s.intersection)]);
  return toCsv(rows);
}

// The report's formatting (a real minus sign "−" in values and intervals), with "n/a" where a value is missing.
const f = (x: number) => (Number.isFinite(x) ? fmt.score(x) : 'n/a');
const ci = (c: [number, number]) => `${f(c[0])} to ${f(c[1])}`;
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');
const count = (n: number) => n.toLocaleString('en-US');
const short = (fingerprint: string) => (fingerprint.length > 19 ? `${fingerprint.slice(0, 19)}\u2026` : fingerprint);
