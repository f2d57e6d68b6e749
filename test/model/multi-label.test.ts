/**
 * Multi-label classifiers in the TensorFlow.js engine: config.json's problem_type "multi_label_classification" makes
 * each label's probability sigmoid(logit), checked against Hugging Face's logits for tiny-bert (a multi-label copy
 * built in a temp dir), and `score` is P(target) of the one label audited.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../src/config/paths.js';
import { loadClassifier, type TfjsClassifier } from '../../src/model/index.js';
import { multiLabelTinyBert, sigmoid } from '../helpers/multi-label-model.js';
import { TEST_CACHE, readLogits } from './helpers.js';
import { failure } from '../helpers/failure.js';

const texts = readFileSync(join(HF_FIXTURES, 'tokenizer_ref.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 24).map((l) => (JSON.parse(l) as { text: string }).text);
const reference = readLogits('tiny_bert_logits.json').slice(0, 24);

let dir: string;
beforeAll(() => {
  dir = multiLabelTinyBert(['toxic', 'insult']);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(TEST_CACHE, { recursive: true, force: true });
});

describe.each(['cpu', 'wasm'] as const)('a multi-label tiny-bert on the %s backend', (backend) => {
  let model: TfjsClassifier;
  beforeAll(async () => {
    model = await loadClassifier(dir, { backend, target: 'toxic', cacheDir: TEST_CACHE });
  });
  afterAll(() => model.dispose());

  it('says it is multi-label and audits the target label', () => {
    expect(model.multiLabel).toBe(true);
    expect([model.labels, model.target]).toEqual([['toxic', 'insult'], 'toxic']);
  });

  it('gives sigmoid of the Hugging Face logits, label by label, to 1e-6 (24 texts)', async () => {
    const got = await model.predict(texts);
    got.forEach((p, i) => {
      expect(p.inputIds).toEqual(reference[i].input_ids[0]);
      const want = reference[i].logits[0].map(sigmoid);
      p.probs.forEach((prob, j) => expect(Math.abs(prob - want[j])).toBeLessThan(1e-6));
      expect(p.score).toBe(p.probs[0]);
    });
    // Not a softmax: the two probabilities of a text do not sum to 1.
    expect(Math.abs(got[0].probs[0] + got[0].probs[1] - 1)).toBeGreaterThan(0.05);
  });
});

describe('problem_type in config.json', () => {
  it('keeps softmax for the single-label original (problem_type absent)', async () => {
    const model = await loadClassifier(join(HF_FIXTURES, 'tiny-bert'), { backend: 'cpu', cacheDir: TEST_CACHE });
    const [p] = await model.predict([texts[0]]);
    model.dispose();
    expect(model.multiLabel).toBe(false);
    expect(p.probs[0] + p.probs[1]).toBeCloseTo(1, 12);
    expect(Math.abs(p.probs[1] - reference[0].probs[0][1])).toBeLessThan(1e-6);
  });

  it.each([
    ['regression', 'problem_type: "regression" is not supported: a regression head gives a number, not label probabilities to audit'],
    ['multi_label', 'problem_type: expected one of single_label_classification, multi_label_classification or null, found "multi_label"'],
  ])('refuses problem_type %p, naming the file (an input error)', async (problemType, problem) => {
    const bad = multiLabelTinyBert(undefined, { problem_type: problemType });
    const e = await failure(loadClassifier(bad, { backend: 'cpu', cacheDir: TEST_CACHE }));
    rmSync(bad, { recursive: true, force: true });
    expect([e.code, e.kind]).toEqual(['E_MODEL_CONFIG', 'input']);
    expect(e.message).toBe(`${join(bad, 'config.json')}: invalid BERT config (1 problem)`);
    expect(e.problems).toEqual([problem]);
  });

  it('refuses --multi-label for a model whose config.json is single-label (a usage error)', async () => {
    const single = multiLabelTinyBert(undefined, { problem_type: null });
    const e = await failure(loadClassifier(single, { backend: 'cpu', cacheDir: TEST_CACHE, multiLabel: true }));
    rmSync(single, { recursive: true, force: true });
    expect([e.code, e.kind]).toEqual(['E_MULTI_LABEL', 'usage']);
    expect(e.message).toBe(`--multi-label: ${join(single, 'config.json')} has problem_type null, not "multi_label_classification"; a local model's head type comes from its config.json`);
  });
});
