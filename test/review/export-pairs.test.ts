import type { DataRecord } from '../../src/result/index.js';
import { counterfactualPairs } from '../../src/review/export-data.js';

async function* from(records: DataRecord[]): AsyncGenerator<DataRecord> {
  yield* records;
}

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const l of lines) out += l;
  return out;
}

const original = (row: number, text: string, score: number): DataRecord => ({
  kind: 'original', row, line: row + 2, text, label: 1, score, probs: [1 - score, score], predicted: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE', mentions: ['gender:female'],
});
const counterfactual = (row: number, text: string, score: number, change: number): DataRecord => ({
  kind: 'counterfactual', row, axis: 'gender', from: 'female', to: 'male', text, score, probs: [1 - score, score],
  predicted: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE', change, unsure: false,
});

describe('audit export --format pairs', () => {
  it('writes each counterfactual beside its original, guarding cells a spreadsheet would run as formulas', async () => {
    const csv = await collect(counterfactualPairs(from([
      original(0, '=HYPERLINK("x") she said, "fine"', 0.75),
      original(1, 'No mention here.', 0.5),
      counterfactual(0, '=HYPERLINK("x") he said, "fine"', 0.25, -0.5),
    ]), 'records.jsonl'));
    expect(csv.split('\n')).toEqual([
      'row,line,axis,from,to,original,counterfactual,original_score,counterfactual_score,change,original_predicted,counterfactual_predicted,unsure',
      '0,2,gender,female,male,"\'=HYPERLINK(""x"") she said, ""fine""","\'=HYPERLINK(""x"") he said, ""fine""",0.75,0.25,-0.5,POSITIVE,NEGATIVE,false',
      '',
    ]);
  });

  it('stops with the file named when a counterfactual comes before its original (an edited records file)', async () => {
    const lines = counterfactualPairs(from([counterfactual(3, 'He left.', 0.4, 0.1)]), 'run/records.jsonl');
    await expect(collect(lines)).rejects.toThrow("run/records.jsonl: a counterfactual of row 3 comes before that row's original (the records file was edited?)");
  });
});
