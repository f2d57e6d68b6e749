import { checkRun } from '../../src/review/check.js';
import { loadPolicy, parsePolicy } from '../../src/review/policy.js';
import { DEFAULT_POLICY } from '../../src/review/check-io.js';
import { metricsOf } from '../../src/review/metrics.js';
import { interactionFamily, maxAbsInteraction } from '../../src/result/index.js';
import { intersectionTable, namesTable } from '../helpers/intersection-table.js';
import { makeRun } from './helpers/synthetic.js';

const margin = (max: number) => parsePolicy(`version: 2\nrules:\n  "*":\n    max_abs_interaction: {max: ${max}}\n`, 'p.yaml');

function crossedRun(table = namesTable()) {
  const run = makeRun({ probe: 'names_intersectional', attribute: 'name' });
  run.stats.intersection = table;
  return run;
}

describe('max_abs_interaction', () => {
  it('is the largest |interaction|, with the interval the family\u2019s simultaneous intervals imply', () => {
    // Black women: -0.04 with the family half-width 0.025, so [-0.065, -0.015]: the farthest interval from 0 starts at
    // 0.015, and the largest |bound| of any interval is 0.065.
    const m = maxAbsInteraction(namesTable())!;
    expect(m.value).toBeCloseTo(0.04, 12);
    expect(m.ci[0]).toBeCloseTo(0.015, 12);
    expect(m.ci[1]).toBeCloseTo(0.065, 12);
  });

  it('passes when every interaction\u2019s interval lies within the margin', () => {
    const rule = checkRun(crossedRun(), margin(0.1)).rules[0];
    expect(rule).toMatchObject({ metric: 'max_abs_interaction', status: 'pass' });
    expect(rule.compared).toBeCloseTo(0.065, 12);
  });

  it('fails when some interaction\u2019s interval lies wholly beyond the margin', () => {
    const rule = checkRun(crossedRun(), margin(0.01)).rules[0];
    expect(rule.status).toBe('fail');
    expect(rule.compared).toBeCloseTo(0.015, 12);
  });

  it('is inconclusive when an interval crosses the margin, and says what the probe can resolve', () => {
    const rule = checkRun(crossedRun(), margin(0.05)).rules[0];
    expect(rule.status).toBe('inconclusive');
    expect(rule.message).toContain('this probe cannot tell interactions under 0.06 from none (its minimum detectable interaction)');
  });

  it('reads the tetrads when a cell is empty, and is inconclusive when the family has no interval', () => {
    const table = intersectionTable({
      levels: [['a1', 'a2', 'a3'], ['b1', 'b2']], mainA: [0, 0, 0], mainB: [0, 0],
      interaction: [[0.05, -0.05], [-0.05, 0.05], [0, 0]], empty: [[2, 1]],
    });
    expect(interactionFamily(table).name).toBe('tetrads');
    // One complete 2 x 2: 0.05 + 0.05 + 0.05 + 0.05 = 0.20, half-width 0.05.
    expect(maxAbsInteraction(table)).toEqual({ value: expect.closeTo(0.2, 12), ci: [expect.closeTo(0.15, 12), expect.closeTo(0.25, 12)] });
    expect(checkRun(crossedRun(table), margin(0.1)).rules[0].status).toBe('fail');
    table.tetrads[0].ci = null;
    const rule = checkRun(crossedRun(table), margin(0.1)).rules[0];
    expect(rule.status).toBe('inconclusive');
    expect(rule.message).toContain('has no finite interval');
  });

  it('does not apply to a run without crossed attributes, nor to a table with no 2 x 2 to compare', () => {
    const plain = makeRun();
    expect(metricsOf(plain)).not.toHaveProperty('max_abs_interaction');
    expect(checkRun(plain, loadPolicy(DEFAULT_POLICY)).rules.find((r) => r.metric === 'max_abs_interaction')).toMatchObject({
      status: 'not_applicable', message: 'max_abs_interaction: not applicable (a probe run has no max_abs_interaction)',
    });
    const none = intersectionTable({ levels: [['a1', 'a2'], ['b1', 'b2']], mainA: [0, 0], mainB: [0, 0], interaction: [[0, 0], [0, 0]],
      empty: [[1, 1]] });
    expect(maxAbsInteraction(none)).toBeNull();
  });

  it('is gated by the default policy at 0.10 for every crossed probe', () => {
    const outcome = checkRun(crossedRun(), loadPolicy(DEFAULT_POLICY));
    expect(outcome.rules.find((r) => r.metric === 'max_abs_interaction')).toMatchObject({ id: '*.max_abs_interaction.max', threshold: 0.1,
      status: 'pass' });
  });
});
