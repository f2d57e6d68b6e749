/**
 * `--intersect gender,nationality` on the committed synthetic reviews (scripts/make-intersect-data.mjs): a classifier
 * whose scores are the file's model_score column, with a planted She x Kenyan interaction of known size, and a null
 * file without one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../../src/audit.js';
import { PACKAGE_ROOT } from '../../src/config/paths.js';
import type { DataBlock, DataResult } from '../../src/result/index.js';

type IntersectionTable = NonNullable<DataBlock['factorial']>[number];
import { FakeClassifier } from '../helpers/fake-classifier.js';

const dir = mkdtempSync(join(tmpdir(), 'intersect-'));
const fixtures = join(PACKAGE_ROOT, 'test/fixtures/data');
const truth = JSON.parse(readFileSync(join(fixtures, 'intersect_truth.json'), 'utf8')) as {
  designs: Record<'planted' | 'null', { interaction_female_Kenyan: Record<string, number> }>;
};

/** The file's own scores as a classifier (every text of the file; the runs swap nothing). */
function classifierOf(file: string): FakeClassifier {
  const score = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const [text, , s] = line.split(/,(?=[^,]*,[^,]*$)|,(?=[^,]*$)/);
    score.set(text, Number(s));
  }
  return new FakeClassifier((t) => score.get(t)!);
}

async function runOf(name: 'planted' | 'null', intersect = ['gender', 'nationality']): Promise<DataResult> {
  const file = join(fixtures, `intersect_${name}.csv`);
  const run = await runAudit({
    kind: 'data', source: file, read: { labelColumn: 'label' }, swap: [], intersect, resamples: 0, seed: 1,
    classifier: classifierOf(file), ...(name === 'planted' && intersect.length === 2 ? { out: join(dir, name) } : {}),
  });
  if (run.result.kind !== 'data') throw new Error('not a data run');
  return run.result;
}

async function tables(name: 'planted' | 'null', intersect = ['gender', 'nationality']): Promise<IntersectionTable[]> {
  return (await runOf(name, intersect)).data.factorial!;
}

describe('--intersect gender,nationality on synthetic reviews with a planted She x Kenyan interaction', () => {
  let planted: IntersectionTable[] = [];
  beforeAll(async () => {
    planted = await tables('planted');
  });

  it('gives one complete 2 x 3 table for each of mean score, positive rate, TPR and FPR', () => {
    expect(planted.map((t) => t.measure)).toEqual(['mean_score', 'positive_rate', 'tpr', 'fpr']);
    for (const t of planted) {
      expect(t.attributes).toEqual(['gender', 'nationality']);
      expect(t.levels).toEqual([['female', 'male'], ['American', 'French', 'Kenyan']]);
      expect(t.complete).toBe(true);
      expect(t.cells).toHaveLength(6);
      expect(t.interactions).toHaveLength(6);
    }
  });

  it('finds the planted cell: the largest |interaction| of the female row is Kenyan, negative, and marked', () => {
    const mean = planted[0];
    const female = mean.interactions.filter((e) => e.a === 'female');
    const largest = female.reduce((x, y) => (Math.abs(y.estimate!) > Math.abs(x.estimate!) ? y : x));
    expect(largest.b).toBe('Kenyan');
    expect(largest.estimate!).toBeLessThan(0);
    expect(largest.differs).toBe(true);
    expect(largest.p_holm!).toBeLessThan(0.05);
  });

  it('covers the planted size with the simultaneous interval in every measure', () => {
    for (const t of planted) {
      const cell = t.interactions.find((e) => e.a === 'female' && e.b === 'Kenyan')!;
      const size = truth.designs.planted.interaction_female_Kenyan[t.measure];
      expect(size).toBeLessThan(-0.01);
      expect(cell.ci![0]!).toBeLessThanOrEqual(size);
      expect(cell.ci![1]!).toBeGreaterThanOrEqual(size);
    }
  });

  it('shows each table in the report: the grid, the main effects and the interaction in plain words', () => {
    const html = readFileSync(join(dir, 'planted', 'report.html'), 'utf8');
    expect(html).toContain('Two axes crossed (--intersect)');
    expect(html).toContain('gender \u00d7 nationality: mean score');
    expect(html).toContain('gender \u00d7 nationality: false positive rate (negatives only)');
    // The sentence of the interaction's finding (util/intersection-words.ts), said once for the two-level gender axis.
    expect(html).toMatch(/Texts mentioning Kenyan women score 11 points lower than the gender and nationality effects alone predict/);
    // Its interval in points too, as the sentence's size and the findings' intervals are.
    expect(html).toMatch(/Kenyan women score 11 points lower [^(]+\(simultaneous 95% CI \u221215 to \u22128 points; Holm p/);
    expect(html).not.toMatch(/Texts mentioning Kenyan men score/);
    expect(html).toMatch(/Negative texts mentioning Kenyan women have a false positive rate 20 points lower than the gender and/);
    // Each number its own mark: the She x Kenyan cell effect and its interaction both lower; the She x American cell effect's
    // interval contains 0 (plain) while its interaction (+0.057) is marked higher.
    expect(html).toMatch(/<td class="num sig lower">\u22120\.3\d+ \([^<]+<br><small class="sig lower">interaction \u22120\.11\d/);
    expect(html).toMatch(/<td class="num ">\+0\.057 \(\u22120\.0\d+ to \+0\.1\d+\)<br><small class="sig higher">interaction \+0\.057/);
  });

  it('finds no interaction in the null file', async () => {
    const none = await tables('null');
    for (const t of none) {
      expect(truth.designs.null.interaction_female_Kenyan[t.measure]).toBeCloseTo(0, 12);
      expect(t.interactions.filter((e) => e.differs)).toEqual([]);
    }
  });

  it('refuses an unknown axis, the same axis twice and more than two, before scoring', async () => {
    const cases: [string[], string][] = [
      [['gender', 'planet'], '--intersect: unknown axis planet'],
      [['gender', 'gender'], '--intersect: the same axis twice (gender)'],
      [['gender', 'nationality', 'religion'], '--intersect: name exactly two axes (got 3'],
    ];
    for (const [intersect, message] of cases) {
      await expect(tables('null', intersect)).rejects.toMatchObject({ code: 'E_INTERSECT', kind: 'usage',
        message: expect.stringContaining(message) });
    }
  });
});

describe('the swap interaction of --intersect gender,nationality: change(both) \u2212 change(gender) \u2212 change(nationality)', () => {
  it('is the planted \u22120.15 for She x Kenyan texts swapped to He x American, and 0 where the swaps add up', async () => {
    // Scores: +0.10 for "He", +0.05 for "Kenyan", \u22120.15 more for "She" with "Kenyan", and for "He" with "American" a
    // per-text term (i \u2212 2.5) \u00d7 0.004 of the text's number i = 0..5, which averages 0: the true mean interaction is exact.
    const number = (t: string) => Number(/\((?:review|note) (\d)\)/.exec(t)![1]);
    const wobble = (t: string) => (/\bHe\b/.test(t) && /American/.test(t) ? (number(t) - 2.5) * 0.004 : 0);
    const model = (t: string) => 0.5 + (/\bHe\b/.test(t) ? 0.1 : 0) + (/Kenyan/.test(t) ? 0.05 : 0)
      + (/\bShe\b/.test(t) && /Kenyan/.test(t) ? -0.15 : 0) + wobble(t);
    const rows = ['text,label'];
    for (let i = 0; i < 6; i++) rows.push(`She said the Kenyan film was worth it (review ${i}).,1`, `He said the French film was dull (note ${i}).,0`);
    const file = join(dir, 'swaps.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const run = await runAudit({
      kind: 'data', source: file, read: { labelColumn: 'label' }, swap: ['gender', 'nationality'], swapGroups: 10_000,
      intersect: ['gender', 'nationality'], resamples: 0, seed: 1, classifier: new FakeClassifier(model),
    });
    if (run.result.kind !== 'data') throw new Error('not a data run');
    const x = run.result.data.swap_interactions!;
    expect(x.axes).toEqual(['gender', 'nationality']);
    const pair = (aFrom: string, bFrom: string, bTo: string) =>
      x.pairs.find((p) => p.a_from === aFrom && p.b_from === bFrom && p.b_to === bTo)!;
    const planted = pair('female', 'Kenyan', 'American');
    expect(planted.texts).toBe(6);
    expect(planted.mean_interaction.value!).toBeCloseTo(-0.15, 12);
    expect(planted.mean_interaction.ci[0]!).toBeLessThanOrEqual(-0.15);
    expect(planted.mean_interaction.ci[1]!).toBeGreaterThanOrEqual(-0.15);
    expect(planted.mean_interaction.ci[1]! - planted.mean_interaction.ci[0]!).toBeGreaterThan(0.005);
    expect(pair('male', 'French', 'American').mean_interaction.value!).toBeCloseTo(0, 12);
    expect(pair('male', 'French', 'Kenyan').mean_interaction.value!).toBeCloseTo(-0.15, 12);
    expect(x.pairs.every((p) => p.p_adj === null || p.p_adj >= p.p!)).toBe(true);
  });
});
