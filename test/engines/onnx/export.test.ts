/** @jest-environment ./test/engines/onnx/ort-environment.cjs */
/** Our exporter's graph: standard opset-17 operators, dynamic int64 inputs, weights as initializers. */
import { exportEncoder, OPSET_VERSION } from '../../../src/engines/onnx/index.js';
import { encoderGraph, transpose } from '../../../src/engines/onnx/export.js';
import { loadOrt } from '../../../src/engines/onnx/runtime.js';
import { loadModelParams } from '../../../src/model/index.js';
import { TINY, TINY_BERT } from './helpers.js';

/** Every operator the exporter may emit, all in the default ONNX domain at opset 17. */
const STANDARD_OPS = ['Add', 'Cast', 'Div', 'Erf', 'Gather', 'Identity', 'LayerNormalization', 'MatMul', 'Mul', 'Relu', 'Reshape', 'Shape', 'Slice', 'Softmax', 'Squeeze', 'Sub', 'Tanh', 'Transpose', 'Unsqueeze'];

describe.each([['DistilBERT', TINY], ['BERT', TINY_BERT]])('the %s graph', (_, dir) => {
  it('uses only standard operators and declares dynamic int64 inputs and a logits output', async () => {
    const { config, labels, params } = await loadModelParams(dir);
    const spec = encoderGraph(params, { modelType: config.model_type, labels, fingerprint: 'f' });
    expect(spec.opsetVersion).toBe(OPSET_VERSION);
    expect([...new Set(spec.nodes.map((n) => n.opType))].filter((op) => !STANDARD_OPS.includes(op))).toEqual([]);
    expect(spec.inputs).toEqual([
      { name: 'input_ids', elemType: 7, shape: ['batch', 'seq'] },
      { name: 'attention_mask', elemType: 7, shape: ['batch', 'seq'] },
    ]);
    expect(spec.outputs).toEqual([{ name: 'logits', elemType: 1, shape: ['batch', 2] }]);
    expect(spec.metadata).toEqual({ model_type: config.model_type, labels: '["NEGATIVE","POSITIVE"]', fingerprint: 'f' });
  });

  it('holds every weight once as an initializer', async () => {
    const { config, labels, params } = await loadModelParams(dir);
    const spec = encoderGraph(params, { modelType: config.model_type, labels, fingerprint: 'f' });
    const floats = spec.initializers.filter((t) => t.dataType === 1 && t.dims.length > 0).reduce((n, t) => n + t.raw.length / 4, 0);
    const dense = (d: { in: number; out: number }) => d.in * d.out + d.out;
    const h = params.hidden;
    const expected = params.wordEmbeddings.length + params.positionEmbeddings.length + (params.tokenTypeEmbedding?.length ?? 0) + 2 * h +
      params.layers.flatMap((l) => [l.query, l.key, l.value, l.attentionOut, l.ffnIn, l.ffnOut]).reduce((n, d) => n + dense(d), 0) +
      params.layers.length * 4 * h +
      dense(params.pooler) + dense(params.classifier);
    expect(floats).toBe(expected);
    expect(new Set(spec.nodes.map((n) => n.name)).size).toBe(spec.nodes.length);
  });

  it('gives the same bytes when exported twice', async () => {
    const { config, labels, params } = await loadModelParams(dir);
    const a = Buffer.concat(exportEncoder(params, { modelType: config.model_type, labels, fingerprint: 'f' }));
    const b = Buffer.concat(exportEncoder(params, { modelType: config.model_type, labels, fingerprint: 'f' }));
    expect(a.equals(b)).toBe(true);
  });

  it('loads in onnxruntime with the declared inputs and output', async () => {
    const { config, labels, params } = await loadModelParams(dir);
    const ort = await loadOrt();
    const session = await ort.InferenceSession.create(Buffer.concat(exportEncoder(params, { modelType: config.model_type, labels, fingerprint: 'f' })));
    expect([session.inputNames, session.outputNames]).toEqual([['input_ids', 'attention_mask'], ['logits']]);
    await session.release();
  });
});

describe('transpose', () => {
  it('turns a [2, 3] matrix into [3, 2]', () => {
    expect([...transpose(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3)]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('agrees with the plain definition across tile edges (70 x 45)', () => {
    const rows = 70;
    const cols = 45;
    const data = Float32Array.from({ length: rows * cols }, (_, i) => i);
    const t = transpose(data, rows, cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) expect(t[c * rows + r]).toBe(data[r * cols + c]);
  });
});
