import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalPpf } from '../../src/stats/index.js';
import { audit, ensureBuilt } from '../helpers/cli.js';

interface NameRecord {
  control: boolean;
  frame: string;
  template_id: string;
  paraphrase_of: string | null;
  score: number;
  slots: { name: { value: string; ethnicity: string; gender: string } };
}

/**
 * The part of an interaction's variance that more template families cannot remove, recomputed by hand from a names
 * run's records: σ²_name Σ_c w_c² / n_c, with σ²_name the names' own variance within cells (the within-cell variance
 * of the names' mean scores over families, minus the name x family residual over T) and w the interaction's weights.
 */
function namesFloor(records: NameRecord[], levels: [string[], string[]], cell: [string, string]) {
  const rows = records.filter((r) => !r.control && r.frame === 'neutral');
  const families = [...new Set(rows.map((r) => r.paraphrase_of ?? r.template_id))];
  const T = families.length;
  const byName = new Map<string, { cell: string; y: number[][] }>();
  for (const r of rows) {
    const { value, ethnicity, gender } = r.slots.name;
    const entry = byName.get(value) ?? { cell: `${ethnicity}|${gender}`, y: families.map(() => []) };
    entry.y[families.indexOf(r.paraphrase_of ?? r.template_id)].push(r.score);
    byName.set(value, entry);
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const cells = new Map<string, number[][]>(); // per cell: names x families (each family's templates averaged)
  for (const { cell: c, y } of byName.values()) cells.set(c, [...(cells.get(c) ?? []), y.map(avg)]);
  let ssNames = 0;
  let dfNames = 0;
  let ssResidual = 0;
  let dfResidual = 0;
  for (const names of cells.values()) {
    const nameMean = names.map(avg);
    const familyMean = families.map((_, f) => avg(names.map((y) => y[f])));
    const grand = avg(nameMean);
    nameMean.forEach((m) => (ssNames += (m - grand) ** 2));
    dfNames += names.length - 1;
    names.forEach((y, i) => y.forEach((v, f) => (ssResidual += (v - nameMean[i] - familyMean[f] + grand) ** 2)));
    dfResidual += (names.length - 1) * (T - 1);
  }
  const sigma2 = ssNames / dfNames - ssResidual / dfResidual / T;
  const [I, J] = [levels[0].length, levels[1].length];
  let weights = 0;
  levels[0].forEach((a) => levels[1].forEach((b) => {
    const w = ((a === cell[0] ? 1 : 0) - 1 / I) * ((b === cell[1] ? 1 : 0) - 1 / J);
    weights += (w * w) / cells.get(`${a}|${b}`)!.length;
  }));
  const variance = sigma2 * weights;
  return { sd: Math.sqrt(sigma2), variance, mdi: (normalPpf(1 - 0.05 / (2 * I * J)) + normalPpf(0.8)) * Math.sqrt(variance) };
}

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
    // And why templates cannot bring it to 0.05 (docs/statistics.md §10): the names' own effects (SD 0.11) are 87% of
    // an interaction's variance, so even infinitely many families would leave 0.079.
    const first = table.interactions[0];
    const floor = namesFloor(result.records, table.levels, [first.a, first.b]);
    expect(floor.sd).toBeCloseTo(0.108, 3);
    expect(floor.variance / first.se ** 2).toBeCloseTo(0.87, 2);
    expect(floor.mdi).toBeCloseTo(0.079, 3);

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

  it('gives countries_gender, designed for an MDI of 0.05, a minimum detectable interaction of 0.007', () => {
    ensureBuilt();
    const out = join(dir, 'countries');
    const r = audit(['run', '--probe', 'countries_gender', '--out', out, '--resamples', '100', '--cache', join(dir, 'cache'), '--quiet']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.stats.design.n_families).toBe(21);
    const table = result.stats.intersection;
    expect(table.interactions).toHaveLength(24);
    // The figures probes/README.md and docs/statistics.md §10 state for the demo model (0.017 with 7 families; 0.038
    // with the pooled family x cell variance of the first version).
    expect(table.mde_interaction).toBeLessThanOrEqual(0.05);
    expect(table.mde_interaction).toBeCloseTo(0.007, 3);
    expect(result.stats.descriptive.min_detectable_effect).toBeLessThan(0.1);
    // Its countries resolve 10 points now, so the default policy's margin applies (it had 0.15 for this probe).
    const check = JSON.parse(readFileSync(join(out, 'check.json'), 'utf8'));
    expect(check.rules.find((x: { metric: string }) => x.metric === 'max_abs_effect')).toMatchObject({ threshold: 0.1 });
  }, 180_000);
});
