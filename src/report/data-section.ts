/**
 * renderDataSection: result.json `data` -> the report's section for a data run: plain-language summary
 * sentences, the AUC forest plot, the subgroup table with threshold gaps, the swap table per axis and pair, and
 * the largest changes side by side. Numbers are formatted here; the Handlebars template escapes every value with
 * `{{ }}` (texts from the data are data). The one piece of markup built in code is the chart SVG, which Vega
 * escapes.
 */
import Handlebars from 'handlebars';
import * as fmt from '../util/format.js';
import { vegaLiteToSvg } from './vega-svg.js';
import type { Estimate } from '../stats/fairness/index.js';
import { aucForestSpec } from './data-chart.js';
import type { DataBlock } from '../data/index.js';

const SECTION = `<section class="suite" id="data">
  <h2>Your data: {{fileName}}</h2>
  {{#each sentences}}<p class="lede">{{this}}</p>{{/each}}
  <dl class="facts">
    <div><dt>texts</dt><dd>{{rows}}</dd></div>
    <div><dt>counterfactuals</dt><dd>{{counterfactuals}}</dd></div>
    <div><dt>threshold</dt><dd>{{threshold}}</dd></div>
    <div><dt>bootstrap resamples</dt><dd>{{resamples}}</dd></div>
    <div><dt>seed</dt><dd>{{seed}}</dd></div>
  </dl>
  {{#if warnings.length}}<ul class="notes">{{#each warnings}}<li>{{this}}</li>{{/each}}</ul>{{/if}}
  {{#if svg}}<figure class="chart"><h3>Bias AUCs per subgroup (Borkan et al. 2019)</h3>{{svg}}<figcaption>Points are AUCs, bars their 95% stratified bootstrap intervals. Subgroup AUC: ranking inside the subgroup; BPSN: the subgroup's negatives against the background's positives (low: the subgroup's negatives score too high); BNSP: the subgroup's positives against the background's negatives (low: its positives score too low).</figcaption></figure>{{/if}}
  {{#each tables}}
  <div class="table-wrap"><table>
    <caption>{{title}}</caption>
    <thead><tr>{{#each columns}}<th scope="col">{{this}}</th>{{/each}}</tr></thead>
    <tbody>{{#each rows}}<tr>{{#each this}}<td{{#if num}} class="num"{{/if}}>{{text}}</td>{{/each}}</tr>{{/each}}</tbody>
  </table></div>
  {{/each}}
  {{#each examples}}
  <div class="table-wrap"><table>
    <caption>Largest score changes: {{axis}}</caption>
    <thead><tr><th scope="col">swap</th><th scope="col">original</th><th scope="col">score</th><th scope="col">counterfactual</th><th scope="col">score</th><th scope="col">change</th></tr></thead>
    <tbody>{{#each rows}}<tr><td>{{swap}}</td><td>{{original}}</td><td class="num">{{originalScore}}</td><td>{{counterfactual}}</td><td class="num">{{counterfactualScore}}</td><td class="num">{{change}}</td></tr>{{/each}}</tbody>
  </table></div>
  {{/each}}
  <p class="citation">Group metrics: Borkan, Dixon, Sorensen, Thain, Vasserman (2019), Nuanced Metrics for Measuring Unintended Bias with Real Data for Text Classification, WWW '19 Companion. Counterfactual token fairness: Garg, Perot, Limtiaco, Taly, Chi, Beutel (2019), AIES.</p>
</section>`;

interface Cell {
  text: string;
  num: boolean;
}

let compiled: HandlebarsTemplateDelegate | undefined;
function template(): HandlebarsTemplateDelegate {
  compiled ??= Handlebars.create().compile(SECTION, { strict: true });
  return compiled;
}

const text = (t: string): Cell => ({ text: t, num: false });
const num = (t: string): Cell => ({ text: t, num: true });
const v = (e: Estimate, signed = false) => (e.value === null ? '–' : signed ? fmt.signed(e.value) : fmt.score(e.value));
const ci = (e: Estimate, signed = false) => {
  const f = (x: number | null) => (x === null ? '–' : signed ? fmt.signed(x) : fmt.score(x));
  return e.value === null ? '–' : `${f(e.ci[0])} to ${f(e.ci[1])}`;
};
const pct = (e: Estimate) => (e.value === null ? '–' : `${(100 * e.value).toFixed(1)}%`);
const p = (x: number | null) => (x === null ? '–' : fmt.pValue(x));

/** Plain-language sentences from the same numbers the tables show. */
export function dataSentences(d: DataBlock): string[] {
  const out: string[] = [];
  const mentioned = Object.entries(d.coverage.per_axis).filter(([, n]) => n > 0).map(([a, n]) => `${a.replace(/_/g, ' ')} (${fmt.count(n)})`);
  out.push(`Of ${fmt.count(d.rows)} texts, ${fmt.count(d.rows - d.coverage.no_mention)} mention an identity group: ${mentioned.length ? mentioned.join(', ') : 'none of the axes'}.`);
  const g = d.groups;
  if (g) {
    out.push(`Overall the model has AUC ${v(g.overall.auc)} (95% CI ${ci(g.overall.auc)}), accuracy ${v(g.overall.accuracy)} and F1 ${v(g.overall.f1)} at threshold ${d.threshold}; the Jigsaw final score is ${v(g.final_score)}.`);
    const worst = [...g.subgroups].filter((s) => s.bpsn_auc.value !== null).sort((a, b) => a.bpsn_auc.value! - b.bpsn_auc.value!)[0];
    if (worst) out.push(`The lowest BPSN AUC is ${worst.subgroup}'s, ${v(worst.bpsn_auc)} (95% CI ${ci(worst.bpsn_auc)}): texts that mention it and are negative are the most likely to be ranked above positive texts that do not.`);
    const fpr = [...g.subgroups].filter((s) => s.fpr_gap.ci[0] !== null && s.fpr_gap.ci[0]! > 0);
    if (fpr.length) out.push(`${fpr.length} subgroup${fpr.length === 1 ? ' has' : 's have'} a false positive rate above the background's with the whole interval above zero: ${fpr.map((s) => `${s.subgroup} (${v(s.fpr_gap, true)})`).join(', ')}.`);
  }
  for (const a of d.swaps?.axes ?? []) {
    if (a.counterfactuals === 0) continue;
    const sig = a.pairs.filter((x) => x.significant);
    out.push(`Swapping ${a.axis.replace(/_/g, ' ')} terms in ${fmt.count(a.sources)} texts changes the score by ${v(a.ctf_gap)} on average in absolute terms (CTF gap; 95% CI ${ci(a.ctf_gap)}) and flips the label in ${pct(a.flip_rate)} of ${fmt.count(a.counterfactuals)} counterfactuals; ${sig.length} of ${a.pairs.length} swap directions differ significantly after Holm.`);
  }
  return out;
}

export function renderDataSection(d: DataBlock): string {
  const g = d.groups;
  const tables: { title: string; columns: string[]; rows: Cell[][] }[] = [];
  if (g) {
    tables.push({
      title: 'Subgroups against the background: bias AUCs',
      columns: ['subgroup', 'n', 'positives', 'subgroup AUC', '95% CI', 'BPSN AUC', '95% CI', 'BNSP AUC', '95% CI', 'positive AEG', 'negative AEG'],
      rows: g.subgroups.map((s) => [
        text(s.subgroup), num(fmt.count(s.n)), num(fmt.count(s.positives)),
        num(v(s.subgroup_auc)), num(ci(s.subgroup_auc)), num(v(s.bpsn_auc)), num(ci(s.bpsn_auc)), num(v(s.bnsp_auc)), num(ci(s.bnsp_auc)),
        num(v(s.positive_aeg, true)), num(v(s.negative_aeg, true)),
      ]),
    });
    tables.push({
      title: `Subgroups at threshold ${d.threshold}: rates and gaps to the background`,
      columns: ['subgroup', 'TPR', 'FPR', 'FNR', 'positive rate', 'TPR gap', '95% CI', 'FPR gap', '95% CI', 'FNR gap', 'equalized odds diff.', '95% CI'],
      rows: g.subgroups.map((s) => [
        text(s.subgroup), num(v(s.tpr)), num(v(s.fpr)), num(v(s.fnr)), num(v(s.positive_rate)),
        num(v(s.tpr_gap, true)), num(ci(s.tpr_gap, true)), num(v(s.fpr_gap, true)), num(ci(s.fpr_gap, true)), num(v(s.fnr_gap, true)),
        num(v(s.equalized_odds_difference)), num(ci(s.equalized_odds_difference)),
      ]),
    });
    tables.push({
      title: `Generalized means over subgroups (p = ${g.generalized_mean_p}) and the overall metrics`,
      columns: ['metric', 'value', '95% CI'],
      rows: [
        ...(['subgroup_auc', 'bpsn_auc', 'bnsp_auc'] as const).map((k) => [text(`generalized mean of ${k.replace('_auc', ' AUC').replace('_', ' ')}`), num(v(g.generalized_means[k])), num(ci(g.generalized_means[k]))]),
        [text('Jigsaw final score'), num(v(g.final_score)), num(ci(g.final_score))],
        ...(['auc', 'accuracy', 'f1', 'tpr', 'fpr', 'positive_rate'] as const).map((k) => [text(`overall ${k.replace('_', ' ')}`), num(v(g.overall[k])), num(ci(g.overall[k]))]),
      ],
    });
    if (g.intersections.length) {
      tables.push({
        title: 'Intersections of two axes (cells with at least 50 texts, 10 of each class)',
        columns: ['cell', 'n', 'subgroup AUC', 'BPSN AUC', 'BNSP AUC', 'FPR gap'],
        rows: g.intersections.map((s) => [
          text(s.subgroup), num(fmt.count(s.n)), num(v(s.subgroup_auc)), num(v(s.bpsn_auc)), num(v(s.bnsp_auc)), num(v(s.fpr_gap, true)),
        ]),
      });
    }
  }
  for (const a of d.swaps?.axes ?? []) {
    tables.push({
      title: `Counterfactual swaps: ${a.axis.replace(/_/g, ' ')} (${fmt.count(a.texts_mentioning)} texts mention it; ${fmt.count(a.unsure)} swaps the tagger was unsure of${a.sampled_targets ? `; target groups: a seeded sample of ${a.target_groups.length} of ${a.groups}` : ''})`,
      columns: ['from', 'to', 'counterfactuals', 'texts', 'mean change', '95% CI', 'CTF gap', '95% CI', 'flip rate', '95% CI', 'p (Wilcoxon)', 'p (Holm)'],
      rows: [
        [text('all'), text('all'), num(fmt.count(a.counterfactuals)), num(fmt.count(a.sources)), num(v(a.mean_change, true)), num(ci(a.mean_change, true)), num(v(a.ctf_gap)), num(ci(a.ctf_gap)), num(pct(a.flip_rate)), num(ci(a.flip_rate)), num(p(a.p)), text('')],
        ...a.pairs.map((x) => [
          text(x.from), text(x.to), num(fmt.count(x.counterfactuals)), num(fmt.count(x.sources)),
          num(v(x.mean_change, true)), num(ci(x.mean_change, true)), num(v(x.ctf_gap)), num(ci(x.ctf_gap)),
          num(pct(x.flip_rate)), num(ci(x.flip_rate)), num(p(x.p)), num(p(x.p_adj)),
        ]),
      ],
    });
  }
  tables.push({
    title: 'Coverage: texts that mention each axis',
    columns: ['axis', 'texts'],
    rows: [...Object.entries(d.coverage.per_axis).map(([a, n]) => [text(a.replace(/_/g, ' ')), num(fmt.count(n))]), [text('no axis'), num(fmt.count(d.coverage.no_mention))]],
  });
  const examples = (d.swaps?.axes ?? []).filter((a) => a.largest_changes.length).map((a) => ({
    axis: a.axis.replace(/_/g, ' '),
    rows: a.largest_changes.map((e) => ({
      swap: `${e.from} \u2192 ${e.to}${e.unsure ? ' (unsure)' : ''}`, original: e.original, originalScore: fmt.score(e.original_score),
      counterfactual: e.counterfactual, counterfactualScore: fmt.score(e.counterfactual_score), change: fmt.signed(e.change),
    })),
  }));
  const forest = g && g.subgroups.length ? vegaLiteToSvg(aucForestSpec(g.subgroups, g.overall.auc.value)) : null;
  return template()({
    fileName: d.file_name,
    sentences: dataSentences(d),
    rows: fmt.count(d.rows),
    counterfactuals: fmt.count(d.swaps?.counterfactuals ?? 0),
    threshold: d.threshold,
    resamples: d.resamples,
    seed: d.seed,
    warnings: d.warnings,
    svg: forest ? new Handlebars.SafeString(forest) : null,
    tables,
    examples,
  });
}
