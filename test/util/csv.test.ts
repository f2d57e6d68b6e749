/** One CSV writer guards formulas in scores.csv, the CSV export and the report's download alike. */
import { csvParse } from 'd3-dsv';
import { renderReport } from '../../src/report/index.js';
import { groupCsv } from '../../src/review/export.js';
import { scoresCsv } from '../../src/runner/output.js';
import { csvText, toCsv } from '../../src/util/csv.js';
import { makeRun } from '../review/helpers/synthetic.js';

const FORMULAS = ['=HYPERLINK("http://evil","x")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];

describe('toCsv', () => {
  it('prefixes text cells a spreadsheet would run as a formula with a quote, and leaves numbers alone', () => {
    for (const f of FORMULAS) expect(csvText(f)).toBe(`'${f}`);
    expect(csvText('France')).toBe('France');
    const text = toCsv([{ name: '=1+1', value: -0.5, ok: true, none: null }]);
    expect(text).toBe("name,value,ok,none\n'=1+1,-0.5,true,\n");
  });
});

describe('the three CSV outputs', () => {
  const run = makeRun({ groups: FORMULAS.map((key, i) => ({ key, effect: i / 100 })) });

  it('scores.csv guards the group names in its slot column', () => {
    const rows = csvParse(scoresCsv(run));
    const slot = Object.keys(run.records[0].slots)[0];
    const values = new Set(rows.map((r) => r[slot]));
    for (const f of FORMULAS) {
      expect(values.has(`'${f}`)).toBe(true);
      expect(values.has(f)).toBe(false);
    }
  });

  it('the CSV export and the report download give the same guarded names', () => {
    const exported = csvParse(groupCsv(run)).map((r) => r.key);
    const html = renderReport(run);
    const start = html.indexOf('id="ranking-data">') + 'id="ranking-data">'.length;
    const download = csvParse(JSON.parse(html.slice(start, html.indexOf('</script>', start))) as string).map((r) => r.group);
    for (const names of [exported, download]) expect([...names].sort()).toEqual(FORMULAS.map((f) => `'${f}`).sort());
  });
});
