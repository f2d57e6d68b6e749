/** Names from policies and results that are JavaScript property names are looked up as data, not inherited. */
import { csvParse } from 'd3-dsv';
import { exitCodeFor } from '../../src/cli/exit.js';
import { AuditError } from '../../src/errors.js';
import { checkRun } from '../../src/review/check.js';
import { groupCsv } from '../../src/review/export.js';
import { parsePolicy } from '../../src/review/policy.js';
import { makeRun } from './helpers/synthetic.js';

describe('names that are JavaScript property names', () => {
  it('a policy rule on the metric "constructor" is an unknown metric (exit 2), not a crash', () => {
    const policy = parsePolicy('rules:\n  "*":\n    constructor: {max: 0.1}\n', 'p.yaml');
    let error: unknown;
    try {
      checkRun(makeRun(), policy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).code).toBe('E_POLICY_METRIC');
    expect(exitCodeFor(error)).toBe(2);
    expect((error as AuditError).problems[0]).toContain('unknown metric "constructor"');
  });

  it('a group attribute named "constructor" keeps its name as a CSV column', () => {
    const run = makeRun();
    for (const g of run.stats!.groups) g.attrs = { constructor: `c-${g.key}` };
    const rows = csvParse(groupCsv(run));
    expect(rows.columns).toContain('constructor');
    expect(rows.columns).not.toContain('attr_constructor');
    expect(rows.map((r) => r.constructor)).toEqual(run.stats!.groups.map((g) => `c-${g.key}`));
  });
});
