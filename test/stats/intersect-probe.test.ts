import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import { planProbe } from '../../src/probe/index.js';
import { intersectionSchema, type IntersectionTable } from '../../src/result/index.js';
import type { Prediction } from '../../src/types.js';

const PROBE = join(PACKAGE_ROOT, 'test', 'fixtures', 'probes', 'crossed', 'names.yaml');

/** A deterministic model: template and name effects, and black women's sentences 0.08 lower than the additive model. */
function predictions(texts: Iterable<string>): Map<string, Prediction> {
  const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1000, 7) / 1000;
  return new Map([...texts].map((text) => {
    let score = 0.5 + 0.04 * (hash(text) - 0.5);
    if (/Keisha|Aaliyah/.test(text)) score -= 0.08;
    if (/Keisha|Aaliyah|Emily|Claire|Mei|Yuki/.test(text)) score += 0.03;
    return [text, { label: score >= 0.5 ? 'POSITIVE' : 'NEGATIVE', score, probs: [1 - score, score], logits: [0, 0], inputIds: [] }];
  }));
}

describe('a probe run that crosses name.ethnicity with name.gender', () => {
  let table: IntersectionTable;
  beforeAll(async () => {
    const plan = await planProbe(PROBE, { resamples: 50 });
    table = plan.analyse(predictions(plan.texts)).stats!.intersection!;
  });

  it('fills stats.intersection in the result contract\'s shape, with a complete 3 x 2 table', () => {
    expect(intersectionSchema.safeParse(JSON.parse(JSON.stringify(table, (_, v) => (Number.isNaN(v) ? null : v)))).success).toBe(true);
    expect(table.attributes).toEqual(['name.ethnicity', 'name.gender']);
    expect(table.levels).toEqual([['asian', 'black', 'white'], ['female', 'male']]);
    expect(table.complete).toBe(true);
    expect(table.cells).toHaveLength(6);
    expect(table.main).toHaveLength(5);
    expect(table.interactions).toHaveLength(6);
  });

  it('finds black women the cell with the largest negative interaction, two thirds of the planted 0.08 x (1 - 1/2)', () => {
    const worst = [...table.interactions].sort((x, y) => x.estimate - y.estimate)[0];
    expect([worst.a, worst.b]).toEqual(['black', 'female']);
    // Sum-to-zero interaction of a 0.08 shift in one of 3 x 2 cells: −0.08 (1 − 1/3)(1 − 1/2) = −0.0267, plus the names' noise.
    expect(worst.estimate).toBeCloseTo(-0.08 * (2 / 3) * (1 / 2), 2);
    expect(worst.ci![1]).toBeLessThan(0);
  });

  it('gives the gender main effect of the planted +0.03 for women, less the shift of black women spread over the table', () => {
    const female = table.main.find((m) => m.b === 'female')!;
    expect(female.estimate).toBeCloseTo((0.03 - 0.08 / 3) / 2, 2);
    expect(table.mde_interaction).toBeGreaterThan(0);
  });
});
