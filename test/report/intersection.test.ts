import { renderReport } from '../../src/report/index.js';
import { intersectionView } from '../../src/report/intersection-section.js';
import { intersectionTable, namesTable } from '../helpers/intersection-table.js';
import { makeRun } from '../review/helpers/synthetic.js';

const NOW = new Date('2026-12-07T12:00:00Z');

function crossedReport(table = namesTable()): string {
  const run = makeRun({ probe: 'names_intersectional', attribute: 'name', title: 'Given names, ethnicity x gender' });
  run.stats.intersection = table;
  return renderReport(run, { now: NOW });
}

/** The grid's cells as the page shows them: row label, column index, class, effect and interval text. */
function gridCells(html: string) {
  const grid = html.slice(html.indexOf('id="intersection-grid"'), html.indexOf('</table>', html.indexOf('id="intersection-grid"')));
  const rows = [...grid.matchAll(/<tr><th scope="row"><bdi>([^<]*)<\/bdi><\/th>([\s\S]*?)<\/tr>/g)];
  return rows.flatMap(([, row, body]) => [...body.matchAll(/<td class="cell([^"]*)"[\s\S]*?<span class="effect">([^<]*)<\/span><span class="ci">([^<]*)<\/span>/g)]
    .map(([, cls, effect, ci], j) => ({ row, j, cls: cls.trim(), effect, ci })));
}

describe('the report section for two crossed attributes', () => {
  it('shows every cell of the table in the grid with its effect, simultaneous interval and the mark that interval gives', () => {
    const cells = gridCells(crossedReport());
    expect(cells).toHaveLength(10);
    // Black women: -0.02 (race) + 0.015 (gender) - 0.04 (interaction) = -0.045, half-width 0.03.
    expect(cells.find((c) => c.row === 'Black' && c.j === 0)).toEqual({
      row: 'Black', j: 0, cls: 'differs lower', effect: '\u22120.045', ci: '\u22120.075 to \u22120.015',
    });
    // White men: 0.04 - 0.015 - 0.02 = 0.005: the interval contains 0, hatched ("cannot tell").
    expect(cells.find((c) => c.row === 'White' && c.j === 1)).toMatchObject({ cls: 'cannot-tell', effect: '+0.005' });
    for (const c of cells) {
      const [lo, hi] = c.ci.replaceAll('\u2212', '-').split(' to ').map(Number);
      const mark = lo > 0 ? 'differs higher' : hi < 0 ? 'differs lower' : 'cannot-tell';
      expect(c.cls).toBe(mark);
    }
  });

  it('puts the main effects beside the grid and the interactions in plain words, naming the family of their marks', () => {
    const html = crossedReport();
    expect(html).toContain('main effect of race/ethnicity');
    expect(html).toContain('main effect of gender');
    expect(html).toContain('Names of Black women score 4 points lower than the race/ethnicity and gender effects alone predict '
      + '(simultaneous 95% CI \u22127 to \u22122 points).');
    expect(html).toContain('These marks belong to the <strong>interactions family</strong>\n  (simultaneous over the 10 interactions)');
    expect(html).toContain('Names of Arab women score what the race/ethnicity and gender effects alone predict (simultaneous 95% CI \u22123 to +3 points)');
    expect(html).toContain('This design can detect interactions of 0.060 or more (80% power).');
    // The section comes after the summary and before the ranking.
    expect(html.indexOf('id="summary"')).toBeLessThan(html.indexOf('id="intersection"'));
    expect(html.indexOf('id="intersection"')).toBeLessThan(html.indexOf('id="ranking"'));
  });

  it('shows tetrads, the empty cell and what was left out when the table is incomplete', () => {
    const table = intersectionTable({
      attributes: ['country', 'person.gender'], levels: [['Kenya', 'France', 'Chile'], ['female', 'male']],
      mainA: [0, 0, 0], mainB: [0, 0], interaction: [[-0.05, 0.05], [0.05, -0.05], [0, 0]], empty: [[2, 1]],
    });
    const html = crossedReport(table);
    expect(html).toContain('<h3>Interaction tetrads</h3>');
    expect(html).toContain('The women \u2212 men difference is 20 points smaller for Kenya than for France (simultaneous 95% CI \u221225 to \u221215 points)');
    expect(html).toMatch(/class="cell cannot-tell empty"[^>]*>\s*no data<\/td>/);
    expect(html).toContain('<li>Chile x male: no sentences, so equal-weight main effects and sum-to-zero interactions are not estimable</li>');
    const view = intersectionView(table);
    expect(view.familyName).toBe('tetrads');
    expect(view.interactions.map((r) => r.cell)).toEqual(['Kenya vs France \u00d7 women vs men']);
  });

  it('escapes level names from the lexicon', () => {
    const table = namesTable({ levels: [['<script>alert(1)</script>', 'asian', 'black', 'latino', 'white'], ['female', 'male']] });
    const html = crossedReport(table);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('is absent from a report without crossed attributes', () => {
    expect(renderReport(makeRun(), { now: NOW })).not.toContain('id="intersection"');
  });
});
