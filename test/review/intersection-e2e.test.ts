import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, ensureBuilt } from '../helpers/cli.js';

/**
 * The new names probe on the embedded demo model, end to end (about 10 s): result.json has the crossed table, the
 * report shows its grid, main effects and interactions with intervals, the default policy gates the interactions,
 * and the export and summary carry them.
 */
describe('audit run --probe names_intersectional on the demo model', () => {
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
});
