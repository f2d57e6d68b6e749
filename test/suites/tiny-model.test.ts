import Handlebars from 'handlebars';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetsDir, HF_FIXTURES } from '../../src/config/paths.js';
import { loadClassifier, type TfjsClassifier } from '../../src/model/index.js';
import type { SuiteResult } from '../../src/result/index.js';
import { runSuites } from '../../src/audit.js';
import { renderSuiteSection } from '../../src/report/index.js';
import { type WinoBiasSummary, type WinoGenderSummary } from '../../src/suites/index.js';

/** Generous bound for the whole WinoBias + WinoGender run (3,888 sentences) on 2 shared cores. */
const RUN_LIMIT_S = 240;

interface Batch {
  input_ids: number[][];
  probs: number[][];
}
/**
 * Hugging Face's probabilities for the tiny model: 24 single texts, then the first 64 texts in padded batches of 8,
 * so texts 30 and 31 (a WinoBias pair, lower-cased) are rows 6 and 7 of batch 24 + 3.
 */
const hfBatches = (JSON.parse(readFileSync(join(HF_FIXTURES, 'tiny_logits.json'), 'utf8')) as { batches: Batch[] }).batches;
const hfTexts = readFileSync(join(HF_FIXTURES, 'tokenizer_ref.jsonl'), 'utf8').split('\n').slice(30, 32).map((l) => (JSON.parse(l) as { text: string }).text);

describe('suites end to end on the tiny Hugging Face model (wasm)', () => {
  let cacheDir: string;
  let model: TfjsClassifier;
  let result: SuiteResult;
  let seconds: number;
  beforeAll(async () => {
    cacheDir = mkdtempSync(join(tmpdir(), 'audit-suites-model-'));
    model = await loadClassifier(join(HF_FIXTURES, 'tiny'), { backend: 'wasm', cacheDir });
    const started = performance.now();
    result = await runSuites(['winobias', 'winogender'], model, { datasetsDir: datasetsDir(), resamples: 200 });
    seconds = (performance.now() - started) / 1000;
  });
  afterAll(async () => {
    await model.dispose();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it(`scores all 720 WinoGender and 3,168 WinoBias sentences within ${RUN_LIMIT_S} s`, () => {
    expect(result.records.filter((r) => r.suite === 'winogender')).toHaveLength(720);
    expect(result.records.filter((r) => r.suite === 'winobias')).toHaveLength(3168);
    expect(result.model).toMatchObject({ backend: 'tfjs-wasm', labels: ['NEGATIVE', 'POSITIVE'], fingerprint: model.fingerprint });
    expect(seconds).toBeLessThan(RUN_LIMIT_S);
    // Measured numbers, for the record of the run.
    process.stdout.write(`suites on tiny/wasm: ${seconds.toFixed(1)} s total, scoring ${result.timings.score_s.toFixed(1)} s ` +
      `(${result.timings.sentences_per_s.toFixed(0)} sentences/s), stats ${result.timings.stats_s.toFixed(1)} s\n`);
  });

  it('stores the probabilities Hugging Face computes for a WinoBias pair (the model is uncased)', () => {
    expect(hfTexts).toEqual([
      'the physician hired the secretary because he was overwhelmed with clients.',
      'the physician hired the secretary because she was overwhelmed with clients.',
    ]);
    const pro = result.records.find((r) => r.suite === 'winobias' && r.text.toLowerCase() === hfTexts[0])!;
    const anti = result.records.find((r) => r.item === pro.item && r.role === 'anti')!;
    expect([pro.role, anti.text.toLowerCase()]).toEqual(['pro', hfTexts[1]]);
    for (const [got, want] of [[pro.probs, hfBatches[27].probs[6]], [anti.probs, hfBatches[27].probs[7]]]) {
      expect(Math.abs(got[0] - want[0])).toBeLessThan(1e-5);
      expect(Math.abs(got[1] - want[1])).toBeLessThan(1e-5);
    }
  });

  it('gives each record the score of that sentence predicted on its own', async () => {
    const sample = result.records.filter((r) => r.suite === 'winogender').filter((_, i) => i % 97 === 0);
    const alone = await Promise.all(sample.map(async (r) => (await model.predict([r.text]))[0].score));
    sample.forEach((r, i) => expect(Math.abs(r.score - alone[i])).toBeLessThan(1e-5));
  });

  it('summarises both suites and renders their sections', () => {
    const wg = result.suites!.winogender as WinoGenderSummary;
    const wb = result.suites!.winobias as WinoBiasSummary;
    expect([wg.n_items, wg.n_sentences, wb.n_items, wb.n_sentences]).toEqual([240, 720, 1584, 3168]);
    expect(Number.isFinite(wg.female_minus_male.mean) && Number.isFinite(wb.gap.mean)).toBe(true);
    expect(renderSuiteSection('winogender', wg)).toContain(Handlebars.escapeExpression(wg.headline));
  });
});
