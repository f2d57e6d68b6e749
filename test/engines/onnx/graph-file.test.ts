/** @jest-environment ./test/engines/onnx/ort-environment.cjs */
/** Which graph runs: the directory's onnx/model.onnx, else our export, cached as <cacheDir>/onnx/<fingerprint>.onnx. */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cachedGraphPath, loadOnnxClassifier, type OnnxClassifier } from '../../../src/engines/onnx/index.js';
import { encoderGraph } from '../../../src/engines/onnx/export.js';
import { encodeModel, type ModelSpec } from '../../../src/engines/onnx/onnx-proto.js';
import { loadModelParams, modelFingerprint } from '../../../src/model/index.js';
import { copyModel, maxAbsDiff, readLogits, tempDir, TINY, TINY_BERT, TINY_ONNX } from './helpers.js';
import { failure } from '../../helpers/failure.js';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));
const fresh = (make: () => string) => { const d = make(); cleanup.push(d); return d; };
const tiny = readLogits('tiny_logits.json');
const tinyBert = readLogits('tiny_bert_logits.json');

async function worstDiff(model: OnnxClassifier, reference: typeof tiny): Promise<number> {
  let worst = 0;
  for (const b of reference) worst = Math.max(worst, maxAbsDiff(await model.forward(b.input_ids, b.attention_mask), b.logits));
  return worst;
}

/** Our export of a fixture model as a ModelSpec, to be edited and written as someone else's onnx/model.onnx. */
async function specOf(dir: string): Promise<ModelSpec> {
  const { config, labels, params } = await loadModelParams(dir);
  return encoderGraph(params, { modelType: config.model_type, labels, fingerprint: 'test' });
}

describe('the exported graph cache', () => {
  it('exports once into <cacheDir>/onnx/<fingerprint>.onnx, then reuses it, writing nothing into the model directory', async () => {
    const cache = fresh(() => tempDir('audit-onnx-cache-'));
    const dir = fresh(() => copyModel(TINY));
    const before = readdirSync(dir).sort();
    const fingerprint = await modelFingerprint(dir);
    const path = join(cache, 'onnx', `${fingerprint}.onnx`);
    expect(cachedGraphPath(fingerprint, cache)).toBe(path);

    const first = await loadOnnxClassifier(dir, { cacheDir: cache, threads: 1 });
    expect([first.graphOrigin, first.graphPath]).toEqual(['exported', path]);
    await first.dispose();
    const written = statSync(path).mtimeMs;

    const second = await loadOnnxClassifier(dir, { cacheDir: cache, threads: 1 });
    expect([second.graphOrigin, second.graphPath]).toEqual(['cached', path]);
    expect(await worstDiff(second, tiny)).toBeLessThan(1e-4);
    await second.dispose();
    expect(statSync(path).mtimeMs).toBe(written);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readdirSync(join(cache, 'onnx'))).toEqual([`${fingerprint}.onnx`]); // no temp file left behind
  });

  it('rebuilds a cached graph written by another exporter version', async () => {
    const cache = fresh(() => tempDir('audit-onnx-cache-'));
    const first = await loadOnnxClassifier(TINY_BERT, { cacheDir: cache, threads: 1 });
    await first.dispose();
    const path = first.graphPath as string;
    writeFileSync(path, Buffer.concat(encodeModel({ ...(await specOf(TINY_BERT)), producerVersion: 'encoder-graph-0' })));
    const again = await loadOnnxClassifier(TINY_BERT, { cacheDir: cache, threads: 1 });
    expect(again.graphOrigin).toBe('exported');
    expect(await worstDiff(again, tinyBert)).toBeLessThan(1e-4);
    await again.dispose();
  });

  it('rebuilds a cached graph that onnxruntime cannot load (cut short)', async () => {
    const cache = fresh(() => tempDir('audit-onnx-cache-'));
    const first = await loadOnnxClassifier(TINY, { cacheDir: cache, threads: 1 });
    await first.dispose();
    const path = first.graphPath as string;
    writeFileSync(path, readFileSync(path).subarray(0, 5000)); // producer fields intact, graph cut
    const again = await loadOnnxClassifier(TINY, { cacheDir: cache, threads: 1 });
    expect(again.graphOrigin).toBe('exported');
    expect(statSync(path).size).toBeGreaterThan(4_000_000);
    await again.dispose();
  });

  it('still runs, with a warning, when the cache directory cannot be written', async () => {
    const blocker = fresh(() => tempDir('audit-onnx-cache-'));
    const cache = join(blocker, 'not-a-directory');
    writeFileSync(cache, 'a file where the cache directory should be');
    const model = await loadOnnxClassifier(TINY, { cacheDir: cache, threads: 1 });
    expect([model.graphOrigin, model.graphPath]).toEqual(['exported', null]);
    expect(await worstDiff(model, tiny)).toBeLessThan(1e-4);
    const warnings = model.takeWarnings();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^could not cache the exported ONNX graph at .*not-a-directory\/onnx\/[0-9a-f]{64}\.onnx \(.*\); it will be rebuilt next time$/);
    await model.dispose();
  });
});

describe("a model directory's own onnx/model.onnx", () => {
  it('is used instead of exporting, and never cached', async () => {
    const cache = fresh(() => tempDir('audit-onnx-cache-'));
    const dir = fresh(() => copyModel(TINY, TINY_ONNX));
    const model = await loadOnnxClassifier(dir, { cacheDir: cache, threads: 1 });
    expect([model.graphOrigin, model.graphPath]).toEqual(['bundled', join(dir, 'onnx', 'model.onnx')]);
    expect(existsSync(join(cache, 'onnx'))).toBe(false);
    expect(await worstDiff(model, tiny)).toBeLessThan(1e-4);
    await model.dispose();
  });

  it('gets token_type_ids (zeros) when the graph declares them, as BERT exports often do', async () => {
    const dir = fresh(() => copyModel(TINY_BERT, TINY_ONNX));
    const spec = await specOf(TINY_BERT);
    // A graph that really uses the input: token_type_ids * 1000 is added to the logits, so non-zero ids would show.
    spec.inputs.push({ name: 'token_type_ids', elemType: 7, shape: ['batch', 'seq'] });
    spec.initializers.push({ name: 'thousand', dataType: 1, dims: [], raw: new Uint8Array(Float32Array.of(1000).buffer) });
    const identity = spec.nodes.find((n) => n.outputs[0] === 'logits')!;
    identity.outputs = ['logits_raw'];
    spec.nodes.push(
      { opType: 'Cast', name: 'tt_cast', inputs: ['token_type_ids'], outputs: ['tt_float'], attributes: { to: { kind: 'int', value: 1 } } },
      { opType: 'ReduceSum', name: 'tt_sum', inputs: ['tt_float'], outputs: ['tt_sum'], attributes: { keepdims: { kind: 'int', value: 1 } } },
      { opType: 'Mul', name: 'tt_scale', inputs: ['tt_sum', 'thousand'], outputs: ['tt_scaled'] },
      { opType: 'Add', name: 'tt_add', inputs: ['logits_raw', 'tt_scaled'], outputs: ['logits'] },
    );
    writeFileSync(join(dir, 'onnx', 'model.onnx'), Buffer.concat(encodeModel(spec)));
    const model = await loadOnnxClassifier(dir, { cacheDir: fresh(() => tempDir('audit-onnx-cache-')), threads: 1 });
    expect(await worstDiff(model, tinyBert)).toBeLessThan(1e-4);
    await model.dispose();
  });

  it('is refused, naming the file, when it is not an ONNX model (E_ONNX_GRAPH)', async () => {
    const dir = fresh(() => copyModel(TINY, TINY_ONNX));
    writeFileSync(join(dir, 'onnx', 'model.onnx'), 'not protobuf at all');
    const e = await failure(loadOnnxClassifier(dir, { cacheDir: fresh(() => tempDir('audit-onnx-cache-')), threads: 1 }));
    expect([e.code, e.kind]).toEqual(['E_ONNX_GRAPH', 'input']);
    expect(e.message).toMatch(new RegExp(`^${join(dir, 'onnx', 'model.onnx')}: onnxruntime could not load it \\(.+\\)$`));
  });

  it('is refused when it has no "logits" output (E_ONNX_GRAPH)', async () => {
    const dir = fresh(() => copyModel(TINY, TINY_ONNX));
    const spec = await specOf(TINY);
    spec.nodes.find((n) => n.outputs[0] === 'logits')!.outputs = ['scores'];
    spec.outputs[0].name = 'scores';
    writeFileSync(join(dir, 'onnx', 'model.onnx'), Buffer.concat(encodeModel(spec)));
    const e = await failure(loadOnnxClassifier(dir, { cacheDir: fresh(() => tempDir('audit-onnx-cache-')), threads: 1 }));
    expect([e.code, e.message]).toEqual(['E_ONNX_GRAPH', `${join(dir, 'onnx', 'model.onnx')}: graph has no "logits" output (outputs: scores)`]);
  });

  it('is refused when its logits have another number of labels than config.json (E_ONNX_GRAPH)', async () => {
    const dir = fresh(() => copyModel(TINY, TINY_ONNX));
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { id2label: Record<string, string> };
    config.id2label = { 0: 'NEGATIVE', 1: 'NEUTRAL', 2: 'POSITIVE' };
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    const e = await failure(loadOnnxClassifier(dir, { cacheDir: fresh(() => tempDir('audit-onnx-cache-')), threads: 1 }));
    expect([e.code, e.message]).toEqual(['E_ONNX_GRAPH', `${join(dir, 'onnx', 'model.onnx')}: "logits" has 2 columns but config.json has 3 labels`]);
  });
});

describe('errors shared with the TensorFlow.js engine', () => {
  it('refuses an unknown model_type, listing the supported ones (E_MODEL_TYPE)', async () => {
    const dir = fresh(() => copyModel(TINY));
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), model_type: 'roberta' }));
    const e = await failure(loadOnnxClassifier(dir, { cacheDir: fresh(() => tempDir('audit-onnx-cache-')) }));
    expect([e.code, e.message]).toEqual(['E_MODEL_TYPE', `${path}: model_type "roberta" is not supported (supported: distilbert, bert)`]);
  });

  it('refuses a directory without weights even when it has onnx/model.onnx: the fingerprint needs them (E_MODEL_WEIGHTS)', async () => {
    const dir = fresh(() => copyModel(TINY, TINY_ONNX));
    rmSync(join(dir, 'model.safetensors'));
    expect((await failure(loadOnnxClassifier(dir, { cacheDir: fresh(() => tempDir('audit-onnx-cache-')) }))).code).toBe('E_MODEL_WEIGHTS');
  });
});
