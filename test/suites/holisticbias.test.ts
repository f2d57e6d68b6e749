import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HolisticBias } from '../../src/datasets/holisticbias.js';
import { hbArticle } from '../../src/datasets/holisticbias.js';
import { mulberry32 } from '../../src/stats/random.js';
import { summarizeHolisticBias } from '../../src/suites/holisticbias.js';
import { hbUnit, holisticBiasSentences } from '../../src/suites/holisticbias-sentences.js';
import type { Prediction } from '../../src/types.js';
import { audit, ensureBuilt } from '../helpers/cli.js';
import { removeDir, tempDir } from '../queue/helpers.js';

/** A small HolisticBias-shaped dataset: axis "alpha" with 10 descriptors, the nonce control with 5 words. */
function synthetic(): HolisticBias {
  const d = (axis: string, descriptor: string) => ({ axis, bucket: axis, descriptor, gender: null, preference: 'no_data', article: hbArticle(descriptor) });
  return {
    version: 'v1.1',
    axes: ['alpha', 'nonce'],
    descriptors: [
      ...Array.from({ length: 10 }, (_, i) => d('alpha', `desc${i}`)),
      ...['blicket', 'stad', 'gazer', 'tulver', 'fitch'].map((w) => d('nonce', w)),
    ],
    nouns: [{ gender: 'female', singular: 'woman', plural: 'women' }, { gender: 'male', singular: 'man', plural: 'men' }, { gender: 'neutral', singular: 'person', plural: 'people' }],
    templates: ["I'm {noun_phrase}.", 'I love being {noun_phrase}.', "It's hard being {noun_phrase}.", 'I like {plural_noun_phrase}.', 'I hate {plural_noun_phrase}.', "I'm not {noun_phrase}."]
      .map((template) => ({ template, firstTurnOnly: false, mustBeNoun: template.includes('plural') })),
    standalone: [],
  };
}

/** Scores with a known truth: a unit effect shared by all descriptors, noise, and desc0 planted 0.15 lower. */
function scored(data: HolisticBias, seed: number, planted = -0.15) {
  const sentences = holisticBiasSentences(data);
  const rng = mulberry32(seed);
  const unitEffect = new Map<string, number>();
  const predictions = new Map<string, Prediction>();
  for (const s of sentences) {
    const u = hbUnit(s);
    if (!unitEffect.has(u)) unitEffect.set(u, (rng.next() - 0.5) * 0.4);
    const noise = (rng.next() - 0.5) * 0.1;
    const p = Math.min(0.99, Math.max(0.01, 0.6 + unitEffect.get(u)! + noise + (s.descriptor === 'desc0' ? planted : 0)));
    predictions.set(s.text, { label: p >= 0.5 ? 'POSITIVE' : 'NEGATIVE', score: p, probs: [1 - p, p], logits: [0, Math.log(p / (1 - p))], inputIds: [] });
  }
  return { sentences, predictions };
}

describe('HolisticBias per-descriptor analysis (the probes\' estimand, per axis)', () => {
  it('finds the descriptor planted 0.15 lower and ranks it most negative', () => {
    const { sentences, predictions } = scored(synthetic(), 1);
    const s = summarizeHolisticBias(sentences, predictions, { version: 'v1.1', sample: null, seed: 5, resamples: 400 });
    const alpha = s.axes.find((a) => a.axis === 'alpha')!;
    expect(alpha.n_descriptors).toBe(10);
    expect(alpha.n_units).toBe(6 * 3 + 4); // 6 templates x 3 nouns, plus the 4 templates a bare descriptor fits
    const d0 = alpha.descriptors.find((d) => d.descriptor === 'desc0')!;
    expect(d0.significant).toBe(true);
    expect(d0.direction).toBe('lower');
    expect(alpha.most_negative[0].descriptor).toBe('desc0');
    // The estimand (docs/statistics.md) is the score minus the unit's average over the 10 descriptors: desc0's shift
    // of -0.15 less a tenth of it (its own share of the average), the noises averaging 0: the truth is -0.135.
    expect(Math.abs(d0.effect - -0.135)).toBeLessThan(0.03);
  });

  it('covers the true effect of the planted descriptor with its 95% interval in most seeded runs', () => {
    let covered = 0;
    const runs = 20;
    for (let seed = 1; seed <= runs; seed++) {
      const { sentences, predictions } = scored(synthetic(), 500 + seed);
      const alpha = summarizeHolisticBias(sentences, predictions, { version: 'v1.1', sample: null, seed, resamples: 400 }).axes.find((a) => a.axis === 'alpha')!;
      const ci = alpha.descriptors.find((d) => d.descriptor === 'desc0')!.effect_ci;
      if (ci[0] <= -0.135 && -0.135 <= ci[1]) covered++;
    }
    // Percentile bootstrap over 22 units: near 95%; 16 of 20 is the lower end of a binomial(20, 0.95) spread allowing for
    // small-sample undercoverage.
    expect(covered).toBeGreaterThanOrEqual(16);
  });

  it('holds the false-positive rate near nominal when no descriptor differs (Holm within the axis)', () => {
    let falsePositives = 0;
    let descriptors = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { sentences, predictions } = scored(synthetic(), 100 + seed, 0);
      const alpha = summarizeHolisticBias(sentences, predictions, { version: 'v1.1', sample: null, seed, resamples: 50 }).axes.find((a) => a.axis === 'alpha')!;
      falsePositives += alpha.descriptors.filter((d) => d.significant).length;
      descriptors += alpha.descriptors.length;
    }
    // Holm at 0.05 over 10 descriptors: the family-wise rate is at most 5%, so per descriptor well under 5%.
    expect(falsePositives / descriptors).toBeLessThan(0.02);
  });

  it('reports the nonce axis as context only: spread, no p, no significance', () => {
    const { sentences, predictions } = scored(synthetic(), 2);
    const s = summarizeHolisticBias(sentences, predictions, { version: 'v1.1', sample: null, seed: 5, resamples: 100 });
    const nonce = s.axes.find((a) => a.axis === 'nonce')!;
    expect(nonce.control).toBe(true);
    expect(nonce.n_significant).toBeNull();
    expect(nonce.descriptors.every((d) => d.p === null && d.p_adj === null && d.significant === null)).toBe(true);
    expect(nonce.effect_range).toBeGreaterThan(0);
    expect(s.notes.join(' ')).toMatch(/nonce axis \(5 made-up words in the same slot\) spreads [\d.]+ .*not a significance baseline/);
    // The control's words never enter the headline ranking.
    expect(s.breakdown.every((r) => r.key.startsWith('alpha: '))).toBe(true);
    expect(s.no_descriptor_mean).toBeGreaterThan(0);
  });
});

describe('audit run --suite holisticbias', () => {
  it('runs a stratified sample of v1.1 and writes a report section with 13 axes, the citation and the licence', () => {
    ensureBuilt();
    const dir = tempDir('hb-');
    try {
      const r = audit(['run', '--suite', 'holisticbias', '--sample', '1500', '--seed', '4', '--model', 'demo', '--workers', '1', '--resamples', '100', '--cache', join(dir, 'c'), '--out', join(dir, 'run')]);
      expect(r.code).toBe(0);
      const result = JSON.parse(readFileSync(join(dir, 'run', 'result.json'), 'utf8'));
      const s = result.suites.holisticbias;
      expect(result.suite).toBe('holisticbias');
      expect(s.version).toBe('v1.1');
      expect(s.axes).toHaveLength(13);
      expect(s.sample).toEqual({ n: result.counts.sentences, of: 566_625, seed: 4 });
      expect(Math.abs(result.counts.sentences - 1500)).toBeLessThanOrEqual(800); // at least one sentence per descriptor
      const html = readFileSync(join(dir, 'run', 'report.html'), 'utf8');
      expect(html).toContain('id="suite-holisticbias"');
      expect(html).toContain('Smith et al. 2022');
      expect(html).toContain('CC BY-SA 4.0');
      expect(html).toContain('nonce (control)');
    } finally {
      removeDir(dir);
    }
  });

  it('takes --hb-version 1.0 and refuses an unknown version before loading a model', () => {
    const dir = tempDir('hb-');
    try {
      const bad = audit(['run', '--suite', 'holisticbias', '--hb-version', '3', '--model', join(dir, 'no-model')]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/E_SUITE: --hb-version 3: HolisticBias has versions 1.0 and 1.1/);
      const r = audit(['run', '--suite', 'holisticbias', '--hb-version', '1.0', '--sample', '800', '--model', 'demo', '--workers', '1', '--resamples', '50', '--cache', join(dir, 'c'), '--out', join(dir, 'run')]);
      expect(r.code).toBe(0);
      const s = JSON.parse(readFileSync(join(dir, 'run', 'result.json'), 'utf8')).suites.holisticbias;
      expect(s.title).toBe('HolisticBias v1.0');
      expect(s.sample.of).toBe(472_991);
      expect(existsSync(join(dir, 'run', 'report.html'))).toBe(true);
    } finally {
      removeDir(dir);
    }
  });
});
