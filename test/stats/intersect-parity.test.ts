import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { analyzeProbe } from '../../src/stats/index.js';
import type { IntersectionEffect, IntersectionTable, ResultRecord } from '../../src/result/index.js';

// Reference: scripts/intersect-reference.R on six committed simulated designs (four of them 3 x 2, 2 x 3 or 3 x 3, two
// balanced 2 x 2). Estimates from lm(y ~ family + A*B) with contr.sum on the per-(family, cell) means (with an empty
// cell: lm(y ~ family + cell) and its tetrads); SE and df of the per-contrast family variance: lm(z ~ 1) on the
// per-family contrast values, plus the fillers' variance from anova(lm(score ~ cell + family + family:cell + filler))
// (equal to lmer's REML estimate on the balanced designs), Satterthwaite df. On the balanced 2 x 2 designs the main
// effects and interactions are also compared with lmerTest's contest on the crossed mixed model (intersect_lmer.csv).
const DIR = join(PACKAGE_ROOT, 'test', 'fixtures', 'stats');

function csv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(DIR, file), 'utf8').trim().split('\n');
  const cells = (line: string) => line.split(',').map((c) => c.replace(/^"|"$/g, ''));
  const names = cells(head);
  return lines.map((line) => Object.fromEntries(cells(line).map((c, i) => [names[i], c])));
}

const sims = csv('intersect_sims.csv');
const ref = csv('intersect_ref.csv');
const lmer = csv('intersect_lmer.csv');
const DESIGNS = ['one_filler', 'fillers', 'unequal', 'empty_cell', 'balanced_2x2', 'balanced_2x2_one_filler'];

function recordsOf(design: string): ResultRecord[] {
  return sims.filter((r) => r.design === design).map((r) => {
    const score = Number(r.score);
    return {
      text: `${r.family} ${r.filler}`, template: `${r.family} {name}`, template_id: r.family, frame: 'neutral', paraphrase_of: null,
      slots: { name: { value: r.filler, a: r.a, b: r.b } }, control: false, group: r.a, filler: r.filler,
      probs: [1 - score, score], score, label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE',
    };
  });
}

function tableOf(design: string): IntersectionTable {
  return analyzeProbe(recordsOf(design), { attribute: 'name.a', attributes: ['name.a', 'name.b'], seed: 1, resamples: 50 }).intersection!;
}

/** Our row for an R row: kind and levels ("a1 a2" / "b1 b2" for a tetrad). */
function ours(table: IntersectionTable, r: Record<string, string>): IntersectionEffect | IntersectionTable['tetrads'][number] {
  const level = (v: string) => (v === '' ? null : v);
  if (r.kind === 'tetrad') return table.tetrads.find((t) => t.a.join(' ') === r.a && t.b.join(' ') === r.b)!;
  const list = r.kind === 'main' ? table.main : r.kind === 'cell' ? table.cells : table.interactions;
  return list.find((e) => e.a === level(r.a) && e.b === level(r.b))!;
}

describe.each(DESIGNS)('the crossed analysis of the %s design', (design) => {
  const table = tableOf(design);
  const rows = ref.filter((r) => r.design === design);

  it('estimates every cell, main effect, interaction and tetrad as R\'s lm does, to 1e-9', () => {
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(Math.abs(ours(table, r).estimate - Number(r.estimate))).toBeLessThan(1e-9);
  });
});

describe.each(DESIGNS)('on the %s design the crossed analysis', (design) => {
  const table = tableOf(design);
  const rows = ref.filter((r) => r.design === design);

  it('has the standard errors and df of R\'s per-contrast fit (lm on the families\' contrast values plus the fillers\' ' +
    'variance from anova), to a relative 1e-4', () => {
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      const e = ours(table, r);
      expect(Math.abs(e.se / Number(r.se) - 1)).toBeLessThan(1e-4);
      expect(Math.abs(e.df! / Number(r.df) - 1)).toBeLessThan(1e-4);
    }
  });
});

describe.each([
  ['balanced_2x2', 'y ~ A*B + (1|family) + (1|family:A) + (1|family:B) + (1|family:A:B) + (1|filler) on the family x filler table'],
  ['balanced_2x2_one_filler', 'y ~ A*B + (1|family) + (1|family:A) + (1|family:B) on the cell means (residual = family:A:B)'],
])('on the %s design the main effects and interactions', (design, model) => {
  const table = tableOf(design);
  const rows = lmer.filter((r) => r.design === design);

  it(`have the estimates, standard errors and Satterthwaite df of lmerTest's contest on ${model}, to a relative 1e-4`, () => {
    expect(rows.map((r) => r.kind)).toEqual(['main', 'main', 'main', 'main', 'interaction', 'interaction', 'interaction', 'interaction']);
    for (const r of rows) {
      const e = ours(table, r);
      expect(Math.abs(e.estimate - Number(r.estimate))).toBeLessThan(1e-9);
      expect(Math.abs(e.se / Number(r.se) - 1)).toBeLessThan(1e-4);
      expect(Math.abs(e.df! / Number(r.df) - 1)).toBeLessThan(1e-4);
    }
  });
});

describe('with an empty cell the crossed analysis', () => {
  const table = tableOf('empty_cell');

  it('says the table is not complete, gives no sum-to-zero interactions and names the empty cell', () => {
    expect(table.complete).toBe(false);
    expect(table.interactions).toEqual([]);
    expect(table.left_out.join(' ')).toContain('a3 x b3');
  });

  it('gives the tetrads over the complete 2 x 2 sub-tables only (4 of the 9 contain the empty cell)', () => {
    expect(table.tetrads).toHaveLength(5);
    expect(table.tetrads.some((t) => t.a[1] === 'a3' && t.b[1] === 'b3')).toBe(false);
  });

  it('takes main effects over the largest complete sub-table (3 x 2 or 2 x 3), naming the level left out', () => {
    expect(table.main).toHaveLength(5);
    expect(table.left_out.join(' ')).toMatch(/without (a3|b3)/);
  });
});
