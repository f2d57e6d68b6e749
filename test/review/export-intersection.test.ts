import { csvParse } from 'd3-dsv';
import { exportRun } from '../../src/review/export.js';
import { intersectionTable, namesTable } from '../helpers/intersection-table.js';
import { makeRun } from './helpers/synthetic.js';

function crossedRun(table = namesTable()) {
  const run = makeRun({ probe: 'names_intersectional', attribute: 'name', title: 'Given names, ethnicity x gender' });
  run.stats.intersection = table;
  return run;
}

describe('exports of a crossed probe', () => {
  it('md: the grid of cell effects with main effects, bold where the interval excludes 0, then the interactions in words', () => {
    const text = exportRun(crossedRun(), 'md');
    expect(text).toContain('### Intersections: race/ethnicity \u00d7 gender\n');
    expect(text).toContain('| race/ethnicity \\\\ gender | women | men | main effect |\n|---|---|---|---|\n');
    expect(text).toContain('| Black | **\u22120.045 (\u22120.075 to \u22120.015)** | +0.005 (\u22120.025 to 0.035) | \u22120.020 (\u22120.040 to 0.000) |');
    expect(text).toContain('| main effect | +0.015 (\u22120.005 to 0.035) | \u22120.015 (\u22120.035 to 0.005) | |');
    expect(text).toContain('Interactions, simultaneous over the 10 interactions (the family the gate\'s max\\_abs\\_interaction reads): 2 of '
      + '10 differ from 0. Names of Black women score 4 points lower than the race/ethnicity and gender effects alone predict (simultaneous 95% CI '
      + '\u22127 to \u22122 points). Names of Black men score 4 points higher');
    // Before the caveats, which still end the paragraph.
    expect(text.indexOf('### Intersections')).toBeLessThan(text.indexOf('Caveats:'));
  });

  it('md: names tetrads and what was left out when a cell is empty', () => {
    const text = exportRun(crossedRun(intersectionTable({
      attributes: ['country', 'person.gender'], levels: [['Kenya', 'France', 'Chile'], ['female', 'male']],
      mainA: [0, 0, 0], mainB: [0, 0], interaction: [[-0.05, 0.05], [0.05, -0.05], [0, 0]], empty: [[2, 1]],
    })), 'md');
    expect(text).toContain('| Chile | 0.000 (\u22120.030 to 0.030) | no data | 0.000 (\u22120.020 to 0.020) |');
    expect(text).toContain('Interaction tetrads (some cells are empty), simultaneous over 1 tetrad');
    expect(text).toContain('The women \u2212 men difference is 20 points smaller for Kenya than for France (simultaneous 95% CI \u221225 to \u221215 points).');
    expect(text).toContain('Left out: Chile x male: no sentences');
  });

  it('csv: the groups, then every cell, main effect and interaction with the numbers of the table', () => {
    const rows = csvParse(exportRun(crossedRun(), 'csv'));
    const parts = rows.map((r) => r.part);
    expect(parts.filter((p) => p === 'cell')).toHaveLength(10);
    expect(parts.filter((p) => p === 'main')).toHaveLength(7);
    expect(parts.filter((p) => p === 'interaction')).toHaveLength(10);
    expect(parts.slice(0, parts.indexOf('cell')).every((p) => p === 'group')).toBe(true);
    const blackWomen = rows.find((r) => r.part === 'interaction' && r.key === 'black \u00d7 female')!;
    expect(blackWomen).toMatchObject({ 'name.ethnicity': 'black', 'name.gender': 'female', differs: 'lower', p_holm: '0.004' });
    expect(Number(blackWomen.estimate)).toBeCloseTo(-0.04, 12);
    expect(Number(blackWomen.sim_ci_low)).toBeCloseTo(-0.065, 12);
    expect(Number(blackWomen.sim_ci_high)).toBeCloseTo(-0.015, 12);
    expect(rows.find((r) => r.part === 'main' && r.key === 'female')).toMatchObject({ 'name.gender': 'female', 'name.ethnicity': '' });
  });

  it('json: the stats block carries the table as written', () => {
    const table = namesTable();
    expect(JSON.parse(exportRun(crossedRun(table), 'json')).intersection).toEqual(JSON.parse(JSON.stringify(table)));
  });
});
