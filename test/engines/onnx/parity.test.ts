/** @jest-environment ./test/engines/onnx/ort-environment.cjs */
/**
 * Logits from ONNX Runtime against Hugging Face transformers (../shared/fixtures/hf), for the ready-made
 * torch.onnx export of `tiny` and for graphs our exporter builds from safetensors (DistilBERT, sharded
 * width-768 DistilBERT, BERT).
 */
import { rmSync } from 'node:fs';
import { loadOnnxClassifier, type OnnxClassifier } from '../../../src/engines/onnx/index.js';
import { copyModel, maxAbsDiff, readLogits, tempDir, TINY, TINY_BERT, TINY_ONNX, WIDE } from './helpers.js';

const TOLERANCE = 1e-4;
const cache = tempDir('audit-onnx-cache-');
const cleanup: string[] = [cache];
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));

const cases = [
  { title: 'tiny with its torch.onnx export (onnx/model.onnx)', dir: () => { const d = copyModel(TINY, TINY_ONNX); cleanup.push(d); return d; }, origin: 'bundled', logits: 'tiny_logits.json' },
  { title: 'tiny DistilBERT exported by us', dir: () => TINY, origin: 'exported', logits: 'tiny_logits.json' },
  { title: 'wide DistilBERT (sharded, 768 wide) exported by us', dir: () => WIDE, origin: 'exported', logits: 'wide_logits.json' },
  { title: 'tiny BERT exported by us', dir: () => TINY_BERT, origin: 'exported', logits: 'tiny_bert_logits.json' },
] as const;

describe.each(cases)('$title', ({ dir, origin, logits }) => {
  let model: OnnxClassifier;
  const reference = readLogits(logits);
  beforeAll(async () => { model = await loadOnnxClassifier(dir(), { cacheDir: cache, threads: 1 }); });
  afterAll(() => model.dispose());

  it(`runs the ${origin} graph on onnxruntime's CPU provider`, () => {
    expect([model.graphOrigin, model.backend, model.threads]).toEqual([origin, 'onnxruntime-cpu', 1]);
  });

  it('matches transformers on every single text and padded batch within 1e-4', async () => {
    let worst = 0;
    for (const b of reference) worst = Math.max(worst, maxAbsDiff(await model.forward(b.input_ids, b.attention_mask), b.logits));
    expect(worst).toBeLessThan(TOLERANCE);
  });
});
