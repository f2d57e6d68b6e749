import { factorialTable } from '../../src/stats/intersect/table.js';
import { buildGrid } from '../../src/stats/probe/grid.js';
import { headlineTemplates } from '../../src/stats/probe/design.js';
import { analyzeCross, CROSS_DESIGNS, simulateCross } from '../../src/stats/simulate/intersect.js';
import type { ResultRecord } from '../../src/result/index.js';

const design = CROSS_DESIGNS.find((d) => d.name === 'cross_crossed_slot_x_cell')!;
const records = simulateCross(design, 11);
const tableOf = (rs: ResultRecord[]) => {
  const grid = buildGrid(rs, 'name.a');
  return factorialTable(rs, ['name.a', 'name.b'], grid, headlineTemplates(grid));
};
/** The same scores with the crossed slot's values forgotten (each unit's mean is unchanged). */
const withoutPlace = records.map((r) => ({ ...r, slots: { name: r.slots.name } }));

describe('a crossed slot beside two crossed attributes', () => {
  it('is kept as a family x value x unit table when every family has every value with every name', () => {
    const table = tableOf(records);
    expect(table.crossed.map((c) => [c.slot, c.values])).toEqual([['place', ['P0', 'P1', 'P2', 'P3']]]);
    expect(table.crossed[0].y).toHaveLength(table.families * 4 * table.units.length);
  });

  it('is left out of the variance when some family lacks one of its values', () => {
    const lacking = records.filter((r) => !(r.template_id === 't3' && r.slots.place.value === 'P2'));
    expect(tableOf(lacking).crossed).toEqual([]);
  });

  it('widens the intervals by its values\' interaction with the cells (same estimates, larger SE, fewer df)', () => {
    const withValues = analyzeCross(records);
    const fixed = analyzeCross(withoutPlace);
    withValues.interactions.forEach((e, i) => {
      expect(e.estimate).toBeCloseTo(fixed.interactions[i].estimate, 12);
    });
    const wider = withValues.interactions.filter((e, i) => e.se > fixed.interactions[i].se * 1.05).length;
    expect(wider).toBeGreaterThanOrEqual(4);
    expect(Math.min(...withValues.interactions.map((e) => e.df!))).toBeLessThan(Math.min(...fixed.interactions.map((e) => e.df!)));
  });
});
