import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, ensureBuilt } from '../helpers/cli.js';

/**
 * The built-in crossed probes on the embedded demo model, end to end (about 10 s and 15 s): result.json has the
 * crossed table, the report shows its grid, main effects and interactions with intervals, the default policy gates the
 * interactions, the export and summary carry them, and each probe's minimum detectable interaction is the documented one.
 */
describe('audit run --probe names_intersectional / countries_gender on the demo model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'intersection-e2e-'));
  const run = join(dir, 'names');

  it('writes the cell grid, main effects and interactions, gates max_abs_interaction, and exports them', () => {
    ensureBuilt();
    const r = audit(['run', '--probe', 'names_intersectional', '--out', run, '--resamples', '200', '--cache', join(dir, 'cache'), '--quiet']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const result = JSON.parse(readFileSync(join(run, 'result.json'), 'utf8'));
    const table = result.stats.intersection;
    expect(table).toMatchObject({ attributes: ['name.ethnicity', 'name.gender'], complete: true, left_out: [],
      levels: [['arab', 'asian', 'black', 'latino', 'white'], ['female', 'male']] });
    expect(table.cells).toHaveLength(10);
    expect(table.interactions).toHaveLength(10);
    // The figure probes/README.md states for the demo model.
    expect(table.mde_interaction).toBeCloseTo(0.084, 3);

    const html = readFileSync(join(run, 'report.html'), 'utf8');
    const grid = html.slice(html.indexOf('id="intersection-grid"'), html.indexOf('</table>', html.indexOf('id="intersection-grid"')));
    expect(grid.match(/<td class="cell/g)).toHaveLength(10);
    expect(grid).toContain('main effect of race/ethnicity');
    expect(html).toMatch(/Names of (Arab|Asian|Black|Latino|White) (women|men) score [\d.]+ points? (lower|higher) than the race\/ethnicity and gender/);

    const check = JSON.parse(readFileSync(join(run, 'check.json'), 'utf8'));
    const rule = check.rules.find((x: { metric: string }) => x.metric === 'max_abs_interaction');
    expect(rule).toMatchObject({ threshold: 0.1 });
    expect(['pass', 'fail', 'inconclusive']).toContain(rule.status);

    const md = join(dir, 'card.md');
    expect(audit(['export', run, '--format', 'md', '--out', md]).code).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain('### Intersections: race/ethnicity \u00d7 gender');
    const out = join(dir, 'summary');
    expect(audit(['summary', run, '--out', out, '--quiet']).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).intersections[0]).toMatchObject({ title: 'race/ethnicity \u00d7 gender' });
  }, 180_000);

  it('gives countries_gender, designed for an MDI of 0.05, a minimum detectable interaction of 0.038', () => {
    ensureBuilt();
    const out = join(dir, 'countries');
    const r = audit(['run', '--probe', 'countries_gender', '--out', out, '--resamples', '100', '--cache', join(dir, 'cache'), '--quiet']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.stats.design.n_families).toBe(21);
    const table = result.stats.intersection;
    expect(table.interactions).toHaveLength(24);
    // The figures probes/README.md and docs/statistics.md §10 state for the demo model (0.069 with 7 families).
    expect(table.mde_interaction).toBeLessThanOrEqual(0.05);
    expect(table.mde_interaction).toBeCloseTo(0.038, 3);
    expect(result.stats.descriptive.min_detectable_effect).toBeLessThan(0.1);
    // Its countries resolve 10 points now, so the default policy's margin applies (it had 0.15 for this probe).
    const check = JSON.parse(readFileSync(join(out, 'check.json'), 'utf8'));
    expect(check.rules.find((x: { metric: string }) => x.metric === 'max_abs_effect')).toMatchObject({ threshold: 0.1 });
  }, 180_000);
});
