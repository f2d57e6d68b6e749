/** @jest-environment ./test/engines/onnx/ort-environment.cjs */
/** ONNX Runtime on a multi-label model: sigmoid per label, as the TensorFlow.js engine and Hugging Face's logits say. */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HF_FIXTURES } from '../../../src/config/paths.js';
import { loadOnnxClassifier } from '../../../src/engines/onnx/index.js';
import { multiLabelTinyBert, sigmoid } from '../../helpers/multi-label-model.js';
import { readLogits, tempDir } from './helpers.js';

const texts = readFileSync(join(HF_FIXTURES, 'tokenizer_ref.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 24).map((l) => (JSON.parse(l) as { text: string }).text);
const reference = readLogits('tiny_bert_logits.json').slice(0, 24);
const cache = tempDir('audit-onnx-cache-');
const dir = multiLabelTinyBert(['toxic', 'insult']);
afterAll(() => {
  rmSync(cache, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

it('gives sigmoid of the Hugging Face logits to 1e-6 and scores P(target) for a multi-label tiny-bert', async () => {
  const model = await loadOnnxClassifier(dir, { cacheDir: cache, threads: 1, target: 'insult' });
  const got = await model.predict(texts);
  await model.dispose();
  expect(model.multiLabel).toBe(true);
  got.forEach((p, i) => {
    const want = reference[i].logits[0].map(sigmoid);
    p.probs.forEach((prob, j) => expect(Math.abs(prob - want[j])).toBeLessThan(1e-6));
    expect(p.score).toBe(p.probs[1]);
  });
});
