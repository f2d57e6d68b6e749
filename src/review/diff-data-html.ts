/**
 * The data-run part of diff.html: plain sentences, then tables in the report's section-table shape (rows of
 * {text, num} cells, escaped by the template): the per-text score change, each subgroup's metric changes, the
 * swap statistics' changes and the texts whose score moved most, side by side. Numbers come from the DataDiff only.
 */
import type { Estimate, PairedValue } from '../stats/fairness/index.js';
import * as fmt from '../util/format.js';
import type { DataDiff } from './diff-data.js';

interface Cell { text: string; num: boolean }
interface Table { title: string; columns: string[]; rows: Cell[][] }

const text = (t: string): Cell => ({ text: t, num: false });
const num = (t: string): Cell => ({ text: t, num: true });
const bound = (x: number | null) => (x === null ? '–' : fmt.signed(x));

/** "+0.018 (−0.010 to +0.040)", or "–" where the change is undefined. */
export function changeText(c: PairedValue | Estimate): string {
  const value = 'change' in c ? c.change : c.value;
  if (value === null) return '–';
  return `${fmt.signed(value)} (${bound(c.ci[0])} to ${bound(c.ci[1])})`;
}

/** "0.956 → 1.000" (a real minus sign on negative values, as fmt.decimal writes them). */
const pair = (c: PairedValue) => `${c.a === null ? '–' : fmt.decimal(c.a, 3)} \u2192 ${c.b === null ? '–' : fmt.decimal(c.b, 3)}`;
const excludesZero = (c: PairedValue | Estimate) => c.ci[0] !== null && c.ci[1] !== null && (c.ci[0] > 0 || c.ci[1] < 0);

export function dataDiffSentences(d: DataDiff): string[] {
  const out: string[] = [];
  const s = d.scores;
  if (s.mean_change.value !== null) {
    const dir = s.mean_change.value > 0 ? 'higher' : 'lower';
    out.push(
      `On the ${fmt.count(d.texts.paired)} texts both runs scored, B\u2019s score is ${fmt.score(Math.abs(s.mean_change.value))} ${dir} ` +
      `than A\u2019s on average `
      + `(95% CI ${bound(s.mean_change.ci[0])} to ${bound(s.mean_change.ci[1])}); a text\u2019s score moves ` +
        `by ${fmt.score(s.mean_abs_change.value ?? NaN)} on average in either direction, `
      + `and B decides differently from A (threshold ${d.threshold}) on ${fmt.percent(s.decisions_changed.value ?? NaN)} of the texts.`,
    );
  }
  if (d.groups) {
    const o = d.groups.overall;
    out.push(`Overall, AUC goes from ${pair(o.auc)} (change ${changeText(o.auc)}) and accuracy from ${pair(o.accuracy)} ` +
      `(change ${changeText(o.accuracy)}).`);
    const moved = d.groups.subgroups.filter((g) => excludesZero(g.bpsn_auc) || excludesZero(g.subgroup_auc) || excludesZero(g.bnsp_auc));
    out.push(`${moved.length} of ${d.groups.subgroups.length} subgroups have a subgroup, BPSN or BNSP AUC whose paired change excludes ` +
      `0${moved.length ? `: ${moved.map((g) => g.subgroup).join(', ')}` : ''}.`);
  }
  for (const w of d.swaps.filter((x) => x.from === null)) {
    out.push(`Swapping ${w.axis.replace(/_/g, ' ')} terms: the CTF gap goes from ${pair(w.ctf_gap)} (change ${changeText(w.ctf_gap)}) ` +
      `over ${fmt.count(w.counterfactuals)} counterfactuals both runs scored.`);
  }
  return out;
}

export function dataDiffTables(d: DataDiff): Table[] {
  const tables: Table[] = [];
  const s = d.scores;
  tables.push({
    title: 'Per-text score change, B \u2212 A (95% interval clustered by text)',
    columns: ['paired texts', 'mean change', 'mean |change|', 'decisions changed', 'Wilcoxon p'],
    rows: [[num(fmt.count(d.texts.paired)), num(changeText(s.mean_change)), num(changeText(s.mean_abs_change)),
      num(changeText(s.decisions_changed)), num(s.p === null ? '–' : fmt.pValue(s.p))]],
  });
  if (d.groups) {
    const o = d.groups.overall;
    tables.push({
      title: 'Group metrics on the paired texts: A \u2192 B, and the change with its paired 95% interval (one stratified resample of the ' +
        'texts for both runs)',
      columns: ['subgroup', 'n', 'subgroup AUC', 'change', 'BPSN AUC', 'change', 'BNSP AUC', 'change', 'FPR gap change', 'FNR gap change'],
      rows: [
        [text('all texts (AUC)'), num(fmt.count(o.n)), num(pair(o.auc)), num(changeText(o.auc)), ...Array.from({ length: 6 },
          () => num('–'))],
        ...d.groups.subgroups.map((g) => [
          text(g.subgroup), num(fmt.count(g.n)),
          num(pair(g.subgroup_auc)), num(changeText(g.subgroup_auc)), num(pair(g.bpsn_auc)), num(changeText(g.bpsn_auc)),
          num(pair(g.bnsp_auc)), num(changeText(g.bnsp_auc)), num(changeText(g.fpr_gap)), num(changeText(g.fnr_gap)),
        ]),
      ],
    });
  }
  if (d.swaps.length) {
    tables.push({
      title: 'Counterfactual swaps both runs scored: A \u2192 B and the change (95% interval clustered by source text)',
      columns: ['axis', 'swap', 'counterfactuals', 'mean change', 'change', 'CTF gap', 'change', 'flip rate', 'change'],
      rows: d.swaps.map((w) => [
        text(w.axis), text(w.from === null ? 'all' : `${w.from} \u2192 ${w.to}`), num(fmt.count(w.counterfactuals)),
        num(pair(w.mean_change)), num(changeText(w.mean_change)), num(pair(w.ctf_gap)), num(changeText(w.ctf_gap)),
        num(pair(w.flip_rate)), num(changeText(w.flip_rate)),
      ]),
    });
  }
  if (d.largest_changes.length) {
    tables.push({
      title: `The ${d.largest_changes.length} texts whose score changed most`,
      columns: ['text', 'label', 'A', 'B', 'change'],
      rows: d.largest_changes.map((t) => [
        text(t.text), text(t.label === null ? '–' : String(t.label)),
        num(`${fmt.score(t.a)} (${t.predicted_a})`), num(`${fmt.score(t.b)} (${t.predicted_b})`), num(fmt.signed(t.change)),
      ]),
    });
  }
  return tables;
}
