import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineOf, ScoreCache } from '../../src/runner/cache.js';
import { scoreTexts } from '../../src/runner/score.js';
import { FakeClassifier } from '../helpers/fake-classifier.js';

/** The same model (one fingerprint) on another engine: its logits differ by about 1e-4, here by much more, to see it. */
class OnEngine extends FakeClassifier {
  constructor(readonly backend: string, score: number) {
    super(() => score);
  }
}

describe('the score cache and the engine', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'audit-cache-engine-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('never serves a TF.js score to an ONNX run of the same fingerprint, and keeps both', async () => {
    const texts = ['one text', 'another text', 'a third text'];
    const cache = ScoreCache.open(dir);
    const tfjs = new OnEngine('tfjs-wasm x2 workers', 0.25);
    await scoreTexts(texts, tfjs, { cache });

    const onnx = new OnEngine('onnxruntime-cpu', 0.75);
    const onOnnx = await scoreTexts(texts, onnx, { cache });
    expect(onOnnx.cached).toBe(0);
    expect(onnx.seen).toEqual([...texts].sort((a, b) => a.length - b.length));
    expect([...onOnnx.predictions.values()].map((p) => p.score)).toEqual([0.75, 0.75, 0.75]);

    const tfjsAgain = new OnEngine('tfjs-cpu', 0.5);
    const again = await scoreTexts(texts, tfjsAgain, { cache });
    expect(again.cached).toBe(3);
    expect(tfjsAgain.calls).toBe(0);
    expect([...again.predictions.values()].map((p) => p.score)).toEqual([0.25, 0.25, 0.25]);
    expect(cache.count('fake-0000')).toBe(6);
    cache.close();
  });

  it('reads the engine off the backend label', () => {
    expect(['tfjs-wasm', 'tfjs-node-gpu x1 workers', 'onnxruntime-cpu', 'http', 'none'].map(engineOf)).toEqual(['tfjs', 'tfjs', 'onnx', 'http', 'none']);
  });
});
