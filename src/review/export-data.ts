/**
 * Exports of a data run (`audit run --data`): `md` a "Bias" paragraph from the report's own summary sentences,
 * `csv` one row per subgroup (text cells that a spreadsheet would run as a formula are prefixed with "'"), `json`
 * the data block, and `pairs` every counterfactual beside its original, streamed from records.jsonl.
 */
import { csvFormat } from 'd3-dsv';
import { dataSentences } from '../report/index.js';
import { inputError } from '../errors.js';
import { csvRow, toCsv } from '../util/csv.js';
import { sampledSentence, type DataRecord, type DataResult, type IntersectionTable } from '../result/index.js';
import { dataIntersectionMarkdown, intersectionCsvRows } from './export-intersection.js';
import { md } from './escape.js';

const cell = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

export function exportDataRun(result: DataResult, format: 'md' | 'csv' | 'json'): string {
  const d = result.data;
  if (format === 'json') return `${JSON.stringify(d, null, 2)}\n`;
  if (format === 'csv') {
    const rows = (d.groups?.subgroups ?? []).map((s) => {
      const row: Record<string, string | number | null> = { subgroup: cell(s.subgroup), source: s.source, n: s.n, positives: s.positives };
      for (const k of ['subgroup_auc', 'bpsn_auc', 'bnsp_auc', 'positive_aeg', 'negative_aeg', 'tpr', 'fpr', 'fnr', 'positive_rate',
        'tpr_gap', 'fpr_gap', 'fnr_gap', 'equalized_odds_difference'] as const) {
        row[k] = s[k].value;
        row[`${k}_ci_low`] = s[k].ci[0];
        row[`${k}_ci_high`] = s[k].ci[1];
      }
      return row;
    });
    // With --intersect, each measure's cells, main effects and interactions follow the subgroups, told apart by `part`.
    const tables = (d.factorial ?? []) as IntersectionTable[];
    if (tables.length) return toCsv([...rows.map((r) => ({ part: 'subgroup', ...r })), ...tables.flatMap(intersectionCsvRows)]);
    return `${csvFormat(rows)}\n`;
  }
  const model = result.model.demo ? `the embedded demo model (${md(result.model.name)}, a small stand-in, not the production model)` :
    md(result.model.name);
  return [
    '## Bias', '',
    `We audited ${model} on ${md(d.file_name)}, scoring P(${md(result.target)}).` +
      (result.model.sampled ? ` ${md(sampledSentence(result.model)!)}` : ''),
    '',
    ...dataSentences(d).map(md).flatMap((s) => [s, '']),
    ...((d.factorial ?? []) as IntersectionTable[]).flatMap(dataIntersectionMarkdown),
    'Counterfactual swaps replace identity terms from built-in lexicons; texts that mention no listed term are not tested, and a swap ' +
    'may read unnaturally. Every interval is a 95% bootstrap interval (stratified by label for the group metrics, clustered by source ' +
    'text for the swaps).',
    '',
  ].join('\n');
}

const PAIR_COLUMNS = [
  'row', 'line', 'axis', 'from', 'to', 'original', 'counterfactual', 'original_score', 'counterfactual_score', 'change',
  'original_predicted', 'counterfactual_predicted', 'unsure',
];

/**
 * `audit export --format pairs`: one CSV line per counterfactual with its original text and score beside it (for a
 * reviewer reading every swap in a spreadsheet), through the one CSV writer with the formula guard. records.jsonl
 * lists every original before the first counterfactual, so only the originals are held, never the whole file.
 */
export async function* counterfactualPairs(records: AsyncIterable<DataRecord>, file: string): AsyncGenerator<string> {
  yield csvRow(PAIR_COLUMNS);
  const originals = new Map<number, Extract<DataRecord, { kind: 'original' }>>();
  for await (const r of records) {
    if (r.kind === 'original') {
      originals.set(r.row, r);
      continue;
    }
    const o = originals.get(r.row);
    if (!o) throw inputError('E_RESULT_JSON', `${file}: a counterfactual of row ${r.row} comes before that row's original (the records ` +
      `file was edited?)`);
    yield csvRow([r.row, o.line, r.axis, r.from, r.to, o.text, r.text, o.score, r.score, r.change, o.predicted, r.predicted, r.unsure]);
  }
}
