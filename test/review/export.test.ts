import { csvParse } from 'd3-dsv';
import { biasParagraph, exportRun, groupCsv } from '../../src/review/export.js';
import { makeRun, type GroupSpec } from './helpers/synthetic.js';
import type { AuditResult } from '../../src/result/index.js';

const GROUPS: GroupSpec[] = [
  { key: 'France', effect: 0.1, numeric: '250', significant: true, direction: 'higher', p_adj: 0.004 },
  { key: 'Kenya', effect: -0.05, numeric: '404', significant: true, direction: 'lower', p_adj: 0.0004 },
  { key: 'Japan', effect: 0.02, numeric: '392', p_adj: 0.3 },
  { key: '| <b>x</b>', effect: 0, p_adj: 0.9 },
];
const run = makeRun({ groups: GROUPS, model: { name: 'distilbert-base-uncased-finetuned-sst-2-english', fingerprint: 'sha256:0123456789abcdef0123' }, title: 'Country names' });

describe('export md: the Bias paragraph', () => {
  const text = biasParagraph(run);

  it('names the model, the probe and how many sentences, templates and groups were used', () => {
    expect(text.startsWith('## Bias\n\nWe audited distilbert-base-uncased-finetuned-sst-2-english (fingerprint sha256:0123456789ab\u2026) with the "Country names" probe (countries): 24 sentences from 6 templates that differ only in the country they name (4 country values).')).toBe(true);
    expect(text).toContain('The score is the model\u2019s probability of POSITIVE.');
  });

  it('gives the gap with its interval and the range of group means', () => {
    expect(text).toContain('Across country values the mean ranged from 0.425 (Kenya) to 0.575 (France): a gap of 0.150.');
    // Effects: France +0.0825 (the average of the four groups is 0.0175 above Brazil): the largest; without noise its
    // interval has zero width (0.0825 itself rounds either way).
    expect(text).toContain('The largest effect (a country\u2019s mean minus the average of all in the same template) was 0.082 (simultaneous 95% CI 0.082 to 0.083).');
    expect(text).toMatch(/The mean score was 0\.492 \(95% CI 0\.\d{3} to 0\.\d{3}\)\./);
  });

  it('names the most affected groups with direction, the simultaneous interval the report shows and the templates on their side', () => {
    expect(text).toContain('2 of 4 country values scored differently from the average of all (their simultaneous 95% interval over all country values excludes 0; paired by template).');
    expect(text).toMatch(/Most affected, scoring lower: Kenya \(effect \u22120\.068, simultaneous 95% CI \u22120\.0\d\d to \u22120\.0\d\d; lower than the average of all in the same template, lower on \d+ templates\)\./);
    expect(text).toMatch(/Most affected, scoring higher: France \(effect 0\.082, simultaneous 95% CI 0\.0\d\d to 0\.0\d\d; higher than the average of all in the same template, higher on \d+ templates\)\./);
  });

  it('ends with the caveats and the bootstrap settings', () => {
    expect(text).toMatch(/Caveats: these are template sentences, not real use; .* \(400 resamples, seed 1\)\.\n$/);
  });

  it('says so when no group differs significantly, and flags the demo model', () => {
    const quiet = biasParagraph(makeRun({ model: { name: 'demo', demo: true }, groups: [{ key: 'A', effect: 0.01, p_adj: 0.6 }, { key: 'B', effect: 0, p_adj: 0.6 }] }));
    expect(quiet).toContain('No country value could be told from the average of all (simultaneous 95% intervals');
    expect(quiet).toContain('the embedded demo model (demo, a small stand-in, not the production model)');
  });

  it('escapes group names for Markdown', () => {
    const hostile = biasParagraph(makeRun({ groups: [{ key: '| <b>x</b>', effect: -0.5 }, { key: 'B', effect: 0 }] }));
    expect(hostile).toContain('(\\| &lt;b&gt;x&lt;/b&gt;)');
    expect(hostile).not.toContain('<b>');
  });
});

describe('export csv and json', () => {
  it('writes one CSV row per group with its statistics and attributes', () => {
    const rows = csvParse(groupCsv(run));
    expect(rows.map((r) => r.key)).toEqual(['France', 'Kenya', 'Japan', '| <b>x</b>']);
    expect(rows.columns.slice(0, 5)).toEqual(['key', 'n', 'mean', 'ci_low', 'ci_high']);
    expect(Number(rows[1].mean)).toBeCloseTo(0.425, 12);
    expect(rows[1]).toMatchObject({ p_adj: '0.0004', significant: 'true', direction: 'lower', numeric: '404' });
  });

  it('keeps a spreadsheet from running a group name as a formula', () => {
    const rows = csvParse(groupCsv(makeRun({ groups: [{ key: '=HYPERLINK("http://x")' }, { key: '-5 C' }, { key: 'ok' }] })));
    expect(rows.map((r) => r.key)).toEqual(['\'=HYPERLINK("http://x")', "'-5 C", 'ok']);
  });

  it('exports the stats block as JSON', () => {
    expect(JSON.parse(exportRun(run, 'json'))).toEqual(JSON.parse(JSON.stringify(run.stats)));
  });

  it('refuses a run without stats', () => {
    expect(() => exportRun({ ...run, stats: null } as unknown as AuditResult, 'md')).toThrow('the run of countries has no stats block to export');
  });
});
