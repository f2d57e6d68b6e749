import { summarize } from '../../src/review/summary.js';
import { summaryHtml, summaryMarkdown } from '../../src/review/summary-render.js';
import { namesTable } from '../helpers/intersection-table.js';
import { makeRun } from './helpers/synthetic.js';

function runs() {
  const crossed = makeRun({ probe: 'names_intersectional', attribute: 'name' });
  crossed.stats.intersection = namesTable();
  const quiet = makeRun({ probe: 'countries_gender', attribute: 'country' });
  quiet.stats.intersection = namesTable({ interaction: [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0]] });
  return [{ name: 'names-run', result: crossed }, { name: 'quiet-run', result: quiet }, { name: 'plain', result: makeRun() }];
}

describe('audit summary over crossed probes', () => {
  it('lists, per crossed run, the interactions whose interval excludes 0 in words, with the largest interaction', () => {
    const [names, quiet] = summarize(runs()).intersections;
    expect(names).toMatchObject({ run: 'names-run', title: 'race/ethnicity \u00d7 gender', family: 'simultaneous over the 10 interactions',
      sentence: '2 of 10 interactions differ from 0 (intervals simultaneous over the 10 interactions).', mde_interaction: 0.06 });
    expect(names.findings.map((f) => f.cell)).toEqual(['black \u00d7 female', 'black \u00d7 male']);
    expect(names.findings[0].sentence).toBe('Names of Black women score 4 points lower than the race/ethnicity and gender effects alone '
      + 'predict (simultaneous 95% CI \u22127 to \u22122 points)');
    expect(names.max_abs_interaction!.value).toBeCloseTo(0.04, 12);
    expect(quiet.findings).toEqual([]);
    expect(quiet.sentence).toBe('No interaction can be told from 0 (intervals simultaneous over the 10 interactions); this design can detect '
      + '0.060 or more.');
  });

  it('renders them after the attributes in summary.md and summary.html, escaped', () => {
    const summary = summarize(runs());
    const text = summaryMarkdown(summary);
    expect(text).toContain('## Intersections\n\n### race/ethnicity \u00d7 gender (names-run)\n\nLargest interaction (max\\_abs\\_interaction): '
      + '0.040 (95% CI 0.015 to 0.065). 2 of 10 interactions differ from 0');
    expect(text).toContain('- Names of Black women score 4 points lower');
    const html = summaryHtml(summary, new Date('2026-12-07T12:00:00Z'));
    expect(html).toContain('<section class="intersections" id="intersections">');
    expect(html).toContain('<li>Names of Black men score 4 points higher than the race/ethnicity and gender effects alone predict');
  });
});
