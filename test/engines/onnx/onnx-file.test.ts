/** @jest-environment ./test/engines/onnx/ort-environment.cjs */
/**
 * `--onnx-file` (onnxFile): the ONNX graph that ships is audited as it is, wherever it lies (a path, or a name in
 * <model>/onnx/ such as Optimum's model_quantized.onnx), after its inputs and outputs are checked; the fingerprint
 * covers the file. A second graph here is our export of tiny with +1 added to the POSITIVE logit, so the file that
 * runs is visible in the scores.
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOnnxClassifier } from '../../../src/engines/onnx/index.js';
import { encoderGraph } from '../../../src/engines/onnx/export.js';
import { encodeModel, type ModelSpec } from '../../../src/engines/onnx/onnx-proto.js';
import { loadModelParams } from '../../../src/model/index.js';
import { copyModel, maxAbsDiff, readLogits, tempDir, TINY, TINY_ONNX } from './helpers.js';
import { failure } from '../../helpers/failure.js';

const cleanup: string[] = [];
afterAll(() => cleanup.forEach((d) => rmSync(d, { recursive: true, force: true })));
const fresh = (make: () => string) => { const d = make(); cleanup.push(d); return d; };
const cache = fresh(() => tempDir('audit-onnx-cache-'));
const reference = readLogits('tiny_logits.json').slice(0, 8);

async function tinySpec(): Promise<ModelSpec> {
  const { config, labels, params } = await loadModelParams(TINY);
  return encoderGraph(params, { modelType: config.model_type, labels, fingerprint: 'test' });
}

/** Our export of tiny with `shift` added to each row's logits. */
async function shiftedGraph(shift: [number, number]): Promise<Buffer> {
  const spec = await tinySpec();
  spec.nodes.find((n) => n.outputs[0] === 'logits')!.outputs = ['logits_raw'];
  spec.initializers.push({ name: 'shift', dataType: 1, dims: [2], raw: new Uint8Array(Float32Array.from(shift).buffer) });
  spec.nodes.push({ opType: 'Add', name: 'shift_add', inputs: ['logits_raw', 'shift'], outputs: ['logits'] });
  return Buffer.concat(encodeModel(spec));
}

async function logitsOf(dir: string, onnxFile?: string): Promise<{ worst: number; fingerprint: string; backend: string; origin: string }> {
  const model = await loadOnnxClassifier(dir, { cacheDir: cache, threads: 1, ...(onnxFile ? { onnxFile } : {}) });
  let worst = 0;
  for (const b of reference) {
    const got = await model.forward(b.input_ids, b.attention_mask);
    const shifted = b.logits.map(([neg, pos]) => [neg, pos + 1]);
    worst = Math.max(worst, maxAbsDiff(got, onnxFile ? shifted : b.logits));
  }
  await model.dispose();
  return { worst, fingerprint: model.fingerprint, backend: model.backend, origin: model.graphOrigin };
}

describe('--onnx-file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fresh(() => copyModel(TINY, TINY_ONNX));
    writeFileSync(join(dir, 'onnx', 'model_shifted.onnx'), await shiftedGraph([0, 1]));
  });

  it('runs the file named in <model>/onnx/ instead of onnx/model.onnx, and names it in the backend', async () => {
    const bundled = await logitsOf(dir);
    const given = await logitsOf(dir, 'model_shifted.onnx');
    expect(bundled.worst).toBeLessThan(1e-4);
    expect(given.worst).toBeLessThan(1e-4); // HF logits + [0, 1]: the shifted graph ran
    expect([given.origin, given.backend]).toEqual(['file', 'onnxruntime-cpu (onnx/model_shifted.onnx)']);
    expect(given.fingerprint).not.toBe(bundled.fingerprint);
  });

  it('takes a path too, and fingerprints the bytes of the file, with no weights in the directory', async () => {
    const elsewhere = fresh(() => tempDir('audit-onnx-graph-'));
    const graph = join(elsewhere, 'shipped.onnx');
    copyFileSync(join(dir, 'onnx', 'model_shifted.onnx'), graph);
    const onlyGraph = fresh(() => copyModel(TINY));
    rmSync(join(onlyGraph, 'model.safetensors'));
    const first = await logitsOf(onlyGraph, graph);
    expect(first.worst).toBeLessThan(1e-4);
    expect(first.backend).toBe(`onnxruntime-cpu (${graph})`);
    writeFileSync(graph, await shiftedGraph([0, 1.5]));
    const model = await loadOnnxClassifier(onlyGraph, { cacheDir: cache, threads: 1, onnxFile: graph });
    expect(model.fingerprint).not.toBe(first.fingerprint);
    await model.dispose();
  });

  it('names every place it looked when the file is missing (E_ONNX_FILE, exit 2)', async () => {
    const e = await failure(loadOnnxClassifier(dir, { cacheDir: cache, onnxFile: 'model_int8.onnx' }));
    expect([e.code, e.kind]).toEqual(['E_ONNX_FILE', 'input']);
    expect(e.message).toBe(
      `--onnx-file model_int8.onnx: no such file (looked for ${join(process.cwd(), 'model_int8.onnx')}, ${join(dir, 'onnx', 'model_int8.onnx')}, ${join(dir, 'model_int8.onnx')})`,
    );
  });
});

describe('the inputs and outputs of a given graph are checked before it is audited', () => {
  const write = async (name: string, edit: (spec: ModelSpec) => void): Promise<[string, string]> => {
    const dir = fresh(() => copyModel(TINY));
    const spec = await tinySpec();
    edit(spec);
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat(encodeModel(spec)));
    return [dir, path];
  };
  const rename = (spec: ModelSpec, from: string, to: string) => {
    for (const v of [...spec.inputs, ...spec.outputs]) if (v.name === from) v.name = to;
    for (const n of spec.nodes) {
      n.inputs = n.inputs.map((i) => (i === from ? to : i));
      n.outputs = n.outputs.map((o) => (o === from ? to : o));
    }
  };

  it('refuses a graph without attention_mask, naming the file and the missing input (E_ONNX_GRAPH, exit 2)', async () => {
    const [dir, path] = await write('no-mask.onnx', (s) => rename(s, 'attention_mask', 'mask'));
    const e = await failure(loadOnnxClassifier(dir, { cacheDir: cache, onnxFile: path }));
    expect([e.code, e.kind]).toEqual(['E_ONNX_GRAPH', 'input']);
    expect(e.message).toBe(`${path}: graph has no input "attention_mask" (inputs: input_ids, mask); a text classifier's graph takes input_ids and attention_mask, and optionally token_type_ids`);
  });

  it('refuses a graph without input_ids', async () => {
    const [dir, path] = await write('no-ids.onnx', (s) => rename(s, 'input_ids', 'ids'));
    expect((await failure(loadOnnxClassifier(dir, { cacheDir: cache, onnxFile: path }))).message).toBe(
      `${path}: graph has no input "input_ids" (inputs: ids, attention_mask); a text classifier's graph takes input_ids and attention_mask, and optionally token_type_ids`,
    );
  });

  it('refuses a graph without a logits output, naming the outputs it has', async () => {
    const [dir, path] = await write('no-logits.onnx', (s) => rename(s, 'logits', 'scores'));
    const e = await failure(loadOnnxClassifier(dir, { cacheDir: cache, onnxFile: path }));
    expect([e.code, e.kind, e.message]).toEqual(['E_ONNX_GRAPH', 'input', `${path}: graph has no "logits" output (outputs: scores)`]);
  });

  it('refuses a file onnxruntime cannot load, naming it', async () => {
    const dir = fresh(() => copyModel(TINY));
    writeFileSync(join(dir, 'broken.onnx'), 'not protobuf');
    const e = await failure(loadOnnxClassifier(dir, { cacheDir: cache, onnxFile: 'broken.onnx' }));
    expect([e.code, e.kind]).toEqual(['E_ONNX_GRAPH', 'input']);
    expect(e.message).toMatch(new RegExp(`^${join(dir, 'broken.onnx')}: onnxruntime could not load it \\(.+\\)$`));
  });
});
