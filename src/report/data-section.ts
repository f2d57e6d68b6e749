/**
 * renderDataSection: result.json `data` -> the report's section for a data run: plain-language summary
 * sentences, the AUC forest plot, the subgroup table with threshold gaps, the swap table per axis and pair, and
 * the largest changes side by side. Numbers are formatted here; the Handlebars template
 * (templates/partials/data-section.hbs) escapes every value with `{{ }}` (texts from the data are data). The one
 * piece of markup built in code is the chart SVG, which Vega escapes.
 */
import Handlebars from 'handlebars';
import { template } from './templates.js';
import * as fmt from '../util/format.js';
import { vegaLiteToSvg } from './vega-svg.js';
import type { Estimate } from '../stats/fairness/index.js';
import { aucForestSpec } from './data-chart.js';
import type { DataBlock } from '../result/index.js';
import { intersectionView } from './intersection-view.js';


interface Cell {
  text: string;
  num: boolean;
}


const text = (t: string): Cell => ({ text: t, num: false });
const num = (t: string): Cell => ({ text: t, num: true });
const v = (e: Estimate, signed = false) => (e.value === null ? '–' : signed ? fmt.signed(e.value) : fmt.score(e.value));
const ci = (e: Estimate, signed = false) => {
  const f = (x: number | null) => (x === null ? '–' : signed ? fmt.signed(x) : fmt.score(x));
  return e.value === null ? '–' : `${f(e.ci[0])} to ${f(e.ci[1])}`;
};
/** "0.123 (0.100 to 0.150)": one cell per estimate keeps the tables within the page. No interval for n <= 1. */
const vc = (e: Estimate, signed = false, n = Infinity) => (e.value === null ? '–' : n <= 1 ? v(e, signed) : `${v(e, signed)} ` +
  `(${ci(e, signed)})`);
/** Ids as words: "european_american" -> "european american", "gender:female" -> "gender: female". */
const words = (id: string) => id.replace(/_/g, ' ').replace(/:(?=\S)/g, ': ');
const pct = (e: Estimate) => (e.value === null ? '–' : `${(100 * e.value).toFixed(1)}%`);
const p = (x: number | null) => (x === null ? '–' : fmt.pValue(x));

/** Plain-language sentences from the same numbers the tables show. */
export function dataSentences(d: DataBlock): string[] {
  const out: string[] = [];
  const mentioned = Object.entries(d.coverage.per_axis).filter(([, n]) => n > 0).map(([a, n]) => `${a.replace(/_/g, ' ')} ` +
    `(${fmt.count(n)})`);
  // Mentions are what the built-in lexicons find; --group-columns subgroups are the user's own and said apart, so a
  // run grouped by columns alone does not read as "0 mention an identity group".
  const columns = (d.groups?.subgroups ?? []).filter((s) => s.source === 'column');
  const found = d.rows - d.coverage.no_mention;
  const terms = found === 0 ? 'none mention a term of the built-in identity lexicons'
    : `${fmt.count(found)} mention a term of the built-in identity lexicons: ${mentioned.join(', ')}`;
  out.push(`Of ${fmt.count(d.rows)} texts, ${terms}${columns.length ? `; the subgroups of your --group-columns: ` +
    `${columns.map((c) => `${words(c.subgroup)} (${fmt.count(c.n)})`).join(', ')}` : ''}.`);
  const g = d.groups;
  if (g) {
    out.push(`Overall the model has AUC ${v(g.overall.auc)} (95% CI ${ci(g.overall.auc)}), accuracy ${v(g.overall.accuracy)} and ` +
      `F1 ${v(g.overall.f1)} at threshold ${d.threshold}; the Jigsaw final score is ${v(g.final_score)}.`);
    const worst = [...g.subgroups].filter((s) => s.bpsn_auc.value !== null).sort((a, b) => a.bpsn_auc.value! - b.bpsn_auc.value!)[0];
    if (worst) out.push(`The lowest BPSN AUC is ${worst.subgroup}'s, ${v(worst.bpsn_auc)} (95% CI ${ci(worst.bpsn_auc)}): texts that ` +
      `mention it and are negative are the most likely to be ranked above positive texts that do not.`);
    const fpr = [...g.subgroups].filter((s) => s.fpr_gap.ci[0] !== null && s.fpr_gap.ci[0]! > 0);
    if (fpr.length) out.push(`${fpr.length} subgroup${fpr.length === 1 ? ' has' : 's have'} a false positive rate above the background's ` +
      `with the whole interval above zero: ${fpr.map((s) => `${s.subgroup} (${v(s.fpr_gap, true)})`).join(', ')}.`);
  }
  for (const a of d.swaps?.axes ?? []) {
    if (a.counterfactuals === 0) continue;
    const sig = a.pairs.filter((x) => x.significant);
    out.push(`Swapping ${a.axis.replace(/_/g, ' ')} terms in ${fmt.count(a.sources)} texts changes the score by ${v(a.ctf_gap)} on ` +
      `average in absolute terms (CTF gap; 95% CI ${ci(a.ctf_gap)}) and flips the label in ${pct(a.flip_rate)} ` +
      `of ${fmt.count(a.counterfactuals)} counterfactuals; ${sig.length} of ${a.pairs.length} swap directions differ significantly ` +
      `after Holm.`);
  }
  return out;
}

/** Past FOLD_AT rows a table shows its first SHOWN rows; the rest sit behind "show more" (and in the CSV export). */
const FOLD_AT = 15;
const SHOWN = 10;
function folded<T extends { rows: Cell[][] }>(t: T): T & { more: Cell[][] } {
  if (t.rows.length <= FOLD_AT) return { ...t, more: [] };
  return { ...t, rows: t.rows.slice(0, SHOWN), more: t.rows.slice(SHOWN) };
}

export function renderDataSection(d: DataBlock): string {
  const g = d.groups;
  const tables: { title: string; columns: string[]; rows: Cell[][] }[] = [];
  if (g) {
    tables.push({
      title: 'Subgroups against the background: bias AUCs',
      columns: ['subgroup', 'n', 'positives', 'subgroup AUC (95% CI)', 'BPSN AUC (95% CI)', 'BNSP AUC (95% CI)', 'positive AEG',
        'negative AEG'],
      rows: g.subgroups.map((s) => [
        text(words(s.subgroup)), num(fmt.count(s.n)), num(fmt.count(s.positives)),
        num(vc(s.subgroup_auc, false, s.n)), num(vc(s.bpsn_auc, false, s.n)), num(vc(s.bnsp_auc, false, s.n)),
        num(v(s.positive_aeg, true)), num(v(s.negative_aeg, true)),
      ]),
    });
    tables.push({
      title: `Subgroups at threshold ${d.threshold}: rates and gaps to the background`,
      columns: ['subgroup', 'TPR', 'FPR', 'FNR', 'positive rate', 'TPR gap (95% CI)', 'FPR gap (95% CI)', 'FNR gap', 'equalized odds ' +
        'diff. (95% CI)'],
      rows: g.subgroups.map((s) => [
        text(words(s.subgroup)), num(v(s.tpr)), num(v(s.fpr)), num(v(s.fnr)), num(v(s.positive_rate)),
        num(vc(s.tpr_gap, true, s.n)), num(vc(s.fpr_gap, true, s.n)), num(v(s.fnr_gap, true)),
        num(vc(s.equalized_odds_difference, false, s.n)),
      ]),
    });
    tables.push({
      title: `Generalized means over subgroups (p = ${g.generalized_mean_p}) and the overall metrics`,
      columns: ['metric', 'value', '95% CI'],
      rows: [
        ...(['subgroup_auc', 'bpsn_auc', 'bnsp_auc'] as const).map((k) => [text(`generalized mean ` +
          `of ${k.replace('_auc', ' AUC').replace('_', ' ')}`), num(v(g.generalized_means[k])), num(ci(g.generalized_means[k]))]),
        [text('Jigsaw final score'), num(v(g.final_score)), num(ci(g.final_score))],
        ...(['auc', 'accuracy', 'f1', 'tpr', 'fpr', 'positive_rate'] as const).map((k) => [text(`overall ${k.replace('_', ' ')}`),
          num(v(g.overall[k])), num(ci(g.overall[k]))]),
      ],
    });
    if (g.intersections.length) {
      tables.push({
        title: 'Intersections of two axes (cells with at least 50 texts, 10 of each class)',
        columns: ['cell', 'n', 'subgroup AUC', 'BPSN AUC', 'BNSP AUC', 'FPR gap'],
        rows: g.intersections.map((s) => [
          text(words(s.subgroup)), num(fmt.count(s.n)), num(v(s.subgroup_auc)), num(v(s.bpsn_auc)), num(v(s.bnsp_auc)),
          num(v(s.fpr_gap, true)),
        ]),
      });
    }
  }
  for (const a of d.swaps?.axes ?? []) {
    tables.push({
      title: `Counterfactual swaps: ${a.axis.replace(/_/g, ' ')} (${fmt.count(a.texts_mentioning)} texts mention ` +
        `it; ${fmt.count(a.unsure)} swaps the tagger was unsure o` +
        `f${a.sampled_targets ? `; target groups: a seeded sample of ${a.target_groups.length} of ${a.groups}` : ''})`,
      columns: ['from', 'to', 'counterfactuals', 'texts', 'mean change (95% CI)', 'CTF gap (95% CI)', 'flip rate', 'p (Wilcoxon)',
        'p (Holm)'],
      // The pairs with the most texts first: single-text pairs (no interval) go to the end, behind "show more".
      rows: [
        [text('all'), text('all'), num(fmt.count(a.counterfactuals)), num(fmt.count(a.sources)), num(vc(a.mean_change, true, a.sources)),
          num(vc(a.ctf_gap, false, a.sources)), num(pct(a.flip_rate)), num(p(a.p)), text('')],
        ...[...a.pairs].sort((x, y) => y.sources - x.sources).map((x) => [
          text(words(x.from)), text(words(x.to)), num(fmt.count(x.counterfactuals)), num(fmt.count(x.sources)),
          num(vc(x.mean_change, true, x.sources)), num(vc(x.ctf_gap, false, x.sources)),
          num(pct(x.flip_rate)), num(p(x.p)), num(p(x.p_adj)),
        ]),
      ],
    });
  }
  const x = d.swap_interactions;
  if (x) {
    tables.push({
      title: `Swap interaction: ${words(x.axes[0])} \u00d7 ${words(x.axes[1])}, change(both swapped) \u2212 ` +
        `change(${words(x.axes[0])} only) \u2212 change(${words(x.axes[1])} only), per text; Holm over every pair of swaps of the run`,
      columns: [`${words(x.axes[0])} swap`, `${words(x.axes[1])} swap`, 'texts', 'mean interaction (95% CI)', 'p (t test)', 'p (Holm)'],
      rows: [...x.pairs].sort((a, b) => b.texts - a.texts).map((q) => [
        text(`${words(q.a_from)} \u2192 ${words(q.a_to)}`), text(`${words(q.b_from)} \u2192 ${words(q.b_to)}`), num(fmt.count(q.texts)),
        num(vc(q.mean_interaction, true, q.texts)), num(p(q.p)), num(p(q.p_adj)),
      ]),
    });
  }
  tables.push({
    title: 'Coverage: texts that mention each axis',
    columns: ['axis', 'texts'],
    rows: [...Object.entries(d.coverage.per_axis).map(([a, n]) => [text(a.replace(/_/g, ' ')), num(fmt.count(n))]), [text('no axis'),
      num(fmt.count(d.coverage.no_mention))]],
  });
  const examples = (d.swaps?.axes ?? []).filter((a) => a.largest_changes.length).map((a) => ({
    axis: a.axis.replace(/_/g, ' '),
    rows: a.largest_changes.map((e) => ({
      swap: `${words(e.from)} \u2192 ${words(e.to)}${e.unsure ? ' (unsure)' : ''}`, original: e.original,
        originalScore: fmt.score(e.original_score),
      counterfactual: e.counterfactual, counterfactualScore: fmt.score(e.counterfactual_score), change: fmt.signed(e.change),
    })),
  }));
  const forest = g && g.subgroups.length ? vegaLiteToSvg(aucForestSpec(g.subgroups, g.overall.auc.value)) : null;
  return template('{{> data-section}}', { inline: true, strict: true })({
    fileName: d.file_name,
    sentences: dataSentences(d),
    rows: fmt.count(d.rows),
    counterfactuals: fmt.count(d.swaps?.counterfactuals ?? 0),
    threshold: d.threshold,
    resamples: d.resamples,
    seed: d.seed,
    warnings: d.warnings,
    svg: forest ? new Handlebars.SafeString(forest) : null,
    tables: tables.map(folded),
    factorial: (d.factorial ?? []).map(intersectionView),
    examples,
  });
}
