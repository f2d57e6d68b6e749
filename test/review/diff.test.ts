import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from '../../src/errors.js';
import { exitCodeFor } from '../../src/cli/exit.js';
import { changeStatus, diffRuns } from '../../src/review/diff.js';
import { changeLegend, namespaceIds, renderDiffHtml } from '../../src/review/diff-html.js';
import { writeDiff } from '../../src/review/diff-io.js';
import { makeRun, writeRun, type GroupSpec } from './helpers/synthetic.js';

const GROUPS: GroupSpec[] = [
  { key: 'France', effect: 0.1, numeric: '250', significant: true, direction: 'higher', p_adj: 0.01, rank_ci: [1, 1] },
  { key: 'Kenya', effect: -0.05, numeric: '404', significant: true, direction: 'lower', p_adj: 0.02, rank_ci: [3, 4] },
  { key: 'Japan', effect: 0.02, numeric: '392', p_adj: 0.5, rank_ci: [2, 3] },
  { key: 'Brazil', effect: 0, numeric: '076', p_adj: 0.5, rank_ci: [2, 4] },
];
// Template-dependent noise, so that changes have intervals of real width.
const wobble = (t: number) => 0.3 + 0.07 * t + [0.02, -0.01, 0.03, -0.02, 0, 0.01][t];

describe('diffRuns', () => {
  const a = makeRun({ groups: GROUPS, model: { name: 'model-a', fingerprint: 'sha256:a' } });
  // In B, Kenya gains 0.15 (now the top group, no longer significantly lower); France is unchanged.
  const groupsB = GROUPS.map((g): GroupSpec =>
    g.key === 'Kenya' ? { ...g, effect: 0.1 + 0.05, significant: true, direction: 'higher', rank_ci: [1, 1] }
      : g.key === 'France' ? { ...g, rank_ci: [2, 2] } : g);
  const b = makeRun({ groups: groupsB, model: { name: 'model-b', fingerprint: 'sha256:b' } });

  it('pairs sentences by text, whatever their order, and leaves out texts only one run scored', () => {
    const shuffled = { ...b, records: [...b.records].reverse().concat([{ ...b.records[0], text: 'An extra sentence about France.' }]) };
    const d = diffRuns(a, shuffled);
    expect(d.pairing).toEqual({ matched: 24, only_a: 0, only_b: 1, templates: 6, complete: false });
    expect(d.notes[0]).toBe('24 sentences are in both runs; 0 only in A and 1 only in B are left out of the paired changes.');
    const kenya = d.groups.find((g) => g.key === 'Kenya')!;
    // The change of Kenya's effect: +0.2 on its own score, less the 0.2 / 4 the average of the four groups rose.
    expect(kenya.change.value).toBeCloseTo(0.15, 12);
    expect(kenya.n_pairs).toBe(6);
  });

  it('gives each group its change with a paired interval: a constant shift has a zero-width interval', () => {
    const d = diffRuns(a, b);
    expect(d.groups[0].key).toBe('Kenya');
    expect(d.groups[0].change.value).toBeCloseTo(0.15, 12);
    expect(d.groups[0].change.ci[0]).toBeCloseTo(0.15, 12);
    expect(d.groups[0].change.ci[1]).toBeCloseTo(0.15, 12);
    expect(d.groups[0].changed).toBe(true);
    // France's score did not move, but the average of all groups rose by 0.05: its effect fell by exactly that.
    const france = d.groups.find((g) => g.key === 'France')!;
    expect(france.change.value).toBeCloseTo(-0.05, 12);
    expect(france.change.ci).toEqual([expect.closeTo(-0.05, 12), expect.closeTo(-0.05, 12)]);
    expect(france.changed).toBe(true);
  });

  it('reports an interval of real width that contains the change when the shift varies by template', () => {
    // Only France's sentences wobble by template in B.
    const bNoisy = makeRun({ groups: GROUPS, model: { fingerprint: 'sha256:n' } });
    bNoisy.records = bNoisy.records.map((r) => (r.group === 'France' ? { ...r, score: r.score + wobble(Number(r.template_id.slice(1))) - (0.3 + 0.07 * Number(r.template_id.slice(1))) } : r));
    const d = diffRuns(a, bNoisy, { seed: 5, resamples: 500 });
    const france = d.groups.find((g) => g.key === 'France')!;
    // The wobble averages 0.005 over the six templates; France's effect moves by 3/4 of it.
    expect(france.change.value).toBeCloseTo(0.00375, 12);
    expect(france.change.ci[0]).toBeLessThan(0.00375);
    expect(france.change.ci[1]).toBeGreaterThan(0.00375);
    expect(france.change.ci[0]).toBeGreaterThanOrEqual(-0.02);
    expect(france.change.ci[1]).toBeLessThanOrEqual(0.03);
    expect(diffRuns(a, bNoisy, { seed: 5, resamples: 500 })).toEqual(d);
  });

  it('lists the conclusions that changed: direction reversals, significance and rank moves', () => {
    const d = diffRuns(a, b);
    const kenya = d.groups.find((g) => g.key === 'Kenya')!;
    expect(kenya).toMatchObject({
      reversed: true, direction_changed: true, significance_changed: false, rank_change: -3, rank_moved: true,
    });
    const france = d.groups.find((g) => g.key === 'France')!;
    expect(france).toMatchObject({ reversed: false, direction_changed: false, rank_change: 1, rank_moved: true });
    // Every effect changed: Kenya's by +0.15, the others' by -0.05 (the average of all groups rose).
    expect(d.conclusions).toEqual({
      changed: 4, unchanged: 0, cannot_tell: 0, significance_changed: 0, direction_changed: 1, reversed: 1, rank_moved: 2,
    });
  });

  it('pairs the metric changes when the recomputed metrics reproduce result.json', () => {
    const d = diffRuns(a, b);
    expect(d.metrics.max_abs_effect.method).toBe('paired');
    // Kenya moves from the bottom (-0.05) to the top (+0.15): the largest |effect| stays 0.0825 (France, then Kenya),
    // the mean rises by 0.2 / 4.
    expect(d.metrics.max_abs_effect.change.value).toBeCloseTo(0, 12);
    expect(d.metrics.mean_score.method).toBe('paired');
    expect(d.metrics.mean_score.change.value).toBeCloseTo(0.05, 12);
    expect(d.metrics.mean_score.change.ci[0]).toBeCloseTo(0.05, 12);
    expect(d.metrics.effect_sd.method).toBe('paired');
  });

  it('refuses two runs of different probes, with exit code 2', () => {
    let error: unknown;
    try {
      diffRuns(a, makeRun({ probe: 'gender' }), { labels: ['old', 'new'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).code).toBe('E_DIFF_PROBE');
    expect((error as AuditError).message).toBe('old is a run of probe "countries" and new of probe "gender": diff compares two runs of the same probe');
    expect(exitCodeFor(error)).toBe(2);
  });

  it('calls a change within the tolerance unchanged, outside it changed, and a straddling one cannot tell', () => {
    expect(changeStatus([0.006, 0.02], 0.005)).toBe('changed');
    expect(changeStatus([-0.02, -0.006], 0.005)).toBe('changed');
    expect(changeStatus([-1e-7, 1e-7], 0.005)).toBe('unchanged');
    expect(changeStatus([-0.004, 0.005], 0.005)).toBe('unchanged');
    expect(changeStatus([0.001, 0.02], 0.005)).toBe('cannot tell');
    expect(changeStatus([-0.02, 0.02], 0.005)).toBe('cannot tell');
    // A real change of 0.15 stays a change at the default tolerance and is unchanged only under a tolerance above it.
    expect(diffRuns(a, b).groups.find((g) => g.key === 'Kenya')!.status).toBe('changed');
    expect(diffRuns(a, b, { tolerance: 0.5 }).groups.every((g) => g.status === 'unchanged')).toBe(true);
  });

  it('refuses runs with no sentence in common', () => {
    const other = makeRun({ groups: [{ key: 'Peru' }, { key: 'Chile' }] });
    expect(() => diffRuns(a, other)).toThrow('run A and run B have no sentence in common: nothing to compare');
  });
});

describe('the diff report', () => {
  const hostile = '</td><script>alert(1)</script>';
  const groups: GroupSpec[] = [...GROUPS.slice(0, 3), { key: hostile, effect: 0, numeric: '076' }];
  const a = makeRun({ groups, model: { name: 'a<b>' } });
  const b = makeRun({ groups, base: wobble, model: { name: 'b' } });

  it('is self-contained and escapes every string from data', () => {
    const html = renderDiffHtml(diffRuns(a, b), a, b);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a&lt;b&gt;');
    // No network: the only URL is the SVG namespace.
    expect(html.match(/https?:\/\/[^"'\s)]+/g)!.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(html).not.toMatch(/<(link|img|iframe|script)\b/);
  });

  it('draws run A, run B and the change on three maps whose pattern ids do not collide', () => {
    const html = renderDiffHtml(diffRuns(a, b), a, b);
    expect(html.match(/<svg class="map"/g)).toHaveLength(3);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(html).toContain('url(#change-hatch-');
    expect(html).toContain('Change in group effect (B \u2212 A) by country');
  });

  it('rewrites ids and references, and relabels the legend of the change map', () => {
    expect(namespaceIds('<pattern id="hatch-1"/><path fill="url(#hatch-1)"/>', 'b')).toBe('<pattern id="b-hatch-1"/><path fill="url(#b-hatch-1)"/>');
    expect(changeLegend('<text>Effect by country: score minus the average (average mean score 0.56)</text><text>hatched: cannot be told from average (interval includes 0)</text>', 'country')).toBe(
      '<text>Change in group effect (B \u2212 A) by country</text><text>hatched: unchanged or cannot tell (paired interval vs the tolerance)</text>',
    );
  });

  it('skips the maps when groups have no ISO numeric codes', () => {
    const plain = makeRun({ groups: [{ key: 'he', effect: 0.1 }, { key: 'she', effect: 0 }] });
    expect(renderDiffHtml(diffRuns(plain, plain), plain, plain)).not.toContain('<svg');
  });

  it('writes diff.html and diff.json into --out', async () => {
    const dirA = writeRun(a, 'countries-a');
    const dirB = writeRun(b, 'countries-b');
    const out = join(dirA, '..', 'diff');
    const written = await writeDiff(dirA, dirB, { out });
    expect(written.html).toBe(join(out, 'diff.html'));
    expect(existsSync(written.html)).toBe(true);
    const json = JSON.parse(readFileSync(written.json, 'utf8'));
    expect(json.a.label).toBe('countries-a');
    expect(json.b.label).toBe('countries-b');
    expect(json.groups).toHaveLength(4);
  });
});
