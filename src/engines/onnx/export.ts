/**
 * Our own ONNX exporter: `EncoderParams` (DistilBERT or BERT, read from safetensors) -> an opset-17 graph with
 * inputs `input_ids`, `attention_mask` (int64 [batch, seq], both dynamic) and output `logits` [batch, labels].
 * Weights become initializers; Linear weights are transposed once to [in, out] so every projection is a
 * MatMul + Add on [batch, seq, hidden]. Only standard ONNX operators are used, computed in the order
 * transformers computes them (queries divided by √dh, additive float32-minimum mask, exact erf GELU).
 */
import type { EncoderLayerParams, EncoderParams, DenseParams, NormParams } from '../../model/index.js';
import { GraphBuilder } from './graph.js';
import { DataType, encodeModel, float, int, ints, type ModelSpec } from './onnx-proto.js';

export const OPSET_VERSION = 17;
/** ONNX IR version 8 goes with opset 17 (onnx/docs/Versioning.md). */
export const IR_VERSION = 8;
export const PRODUCER_NAME = 'bias-audit';
/** Bump when the graph changes: cached graphs from another exporter version are rebuilt. */
export const EXPORTER_VERSION = 'encoder-graph-1';

/** The float32 minimum transformers adds at masked attention positions (`torch.finfo(float32).min`). */
const FLOAT32_MIN = -3.4028234663852886e38;

export interface ExportInfo {
  /** e.g. "distilbert", stored in the model's metadata. */
  modelType: string;
  labels: string[];
  /** The model fingerprint the graph was built from, stored in the metadata. */
  fingerprint: string;
}

/** The whole ModelProto, as chunks ready to be written one after another. */
export function exportEncoder(p: EncoderParams, info: ExportInfo): Uint8Array[] {
  return encodeModel(encoderGraph(p, info));
}

export function encoderGraph(p: EncoderParams, info: ExportInfo): ModelSpec {
  if (p.layers.length === 0) throw new RangeError('exportEncoder: the encoder has no layers');
  const g = new GraphBuilder();
  const ids = 'input_ids';
  const maskIn = 'attention_mask';
  const hidden = p.hidden;
  const dense = (x: string, d: DenseParams, name: string) => {
    const w = g.floats(`${name}.weight_t`, transpose(d.weight, d.out, d.in), [d.in, d.out]);
    const b = g.floats(`${name}.bias`, d.bias, [d.out]);
    return g.op('Add', [g.op('MatMul', [x, w], `${name}/MatMul`), b], `${name}/Add`);
  };
  const norm = (x: string, n: NormParams, name: string) =>
    g.op('LayerNormalization', [x, g.floats(`${name}.gamma`, n.gamma, [hidden]), g.floats(`${name}.beta`, n.beta, [hidden])], name,
      { axis: int(-1), epsilon: float(p.eps) });

  // Embeddings: word (+ token type 0) + position [0, seq), then LayerNorm.
  let x = g.op('Gather', [g.floats('embeddings.word', p.wordEmbeddings, [p.vocabSize, hidden]), ids], 'embeddings/word');
  if (p.tokenTypeEmbedding) x = g.op('Add', [x, g.floats('embeddings.token_type_0', p.tokenTypeEmbedding, [hidden])],
    'embeddings/token_type');
  const seqLen = g.op('Shape', [ids], 'embeddings/seq_len', { start: int(1), end: int(2) });
  const zero = g.int64s('const_zero_1d', [0]);
  const positions = g.op('Slice', [g.floats('embeddings.position', p.positionEmbeddings, [p.maxPositions, hidden]), zero, seqLen, zero],
    'embeddings/positions');
  x = norm(g.op('Add', [x, positions], 'embeddings/add_position'), p.embeddingNorm, 'embeddings/LayerNorm');

  // Additive mask [batch, 1, 1, seq]: 0 where attended, the float32 minimum where padded.
  const maskFloat = g.op('Cast', [maskIn], 'mask/cast', { to: int(DataType.FLOAT) });
  const inverted = g.op('Sub', [g.scalar(1), maskFloat], 'mask/invert');
  const bias = g.op('Unsqueeze', [g.op('Mul', [inverted, g.scalar(FLOAT32_MIN)], 'mask/scale'), g.int64s('const_axes_1_2', [1, 2])],
    'mask/bias');

  const heads = p.heads;
  const dh = hidden / heads;
  const split = g.int64s('const_split_heads', [0, 0, heads, dh]);
  const merge = g.int64s('const_merge_heads', [0, 0, hidden]);
  const qDivisor = g.scalar(Math.sqrt(dh));

  const layer = (x: string, l: EncoderLayerParams, i: number, clsOnly: boolean) => {
    const n = `layer.${i}`;
    // The last layer computes [CLS] alone (keys and values still from every position): the head reads nothing else.
    const xq = clsOnly ? g.op('Slice', [x, zero, g.int64s('const_one_1d', [1]), g.int64s('const_axis_1', [1])], `${n}/cls`) : x;
    const toHeads = (t: string, perm: number[], what: string) => g.op('Transpose', [g.op('Reshape', [t, split], `${n}/${what}/split`)],
      `${n}/${what}/heads`, { perm: ints(perm) });
    const q = toHeads(g.op('Div', [dense(xq, l.query, `${n}.attention.query`), qDivisor], `${n}/query/scale`), [0, 2, 1, 3], 'query');
    const kT = toHeads(dense(x, l.key, `${n}.attention.key`), [0, 2, 3, 1], 'key');
    const v = toHeads(dense(x, l.value, `${n}.attention.value`), [0, 2, 1, 3], 'value');
    const scores = g.op('Add', [g.op('MatMul', [q, kT], `${n}/scores`), bias], `${n}/scores_masked`);
    const probs = g.op('Softmax', [scores], `${n}/probs`, { axis: int(-1) });
    const context = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v], `${n}/context`)], `${n}/context/merge`, { perm: ints([0,
      2, 1, 3]) }), merge], `${n}/context/flat`);
    const attended = norm(g.op('Add', [dense(context, l.attentionOut, `${n}.attention.output`), xq], `${n}/attention/residual`),
      l.attentionNorm, `${n}/attention/LayerNorm`);
    const inner = dense(attended, l.ffnIn, `${n}.ffn.in`);
    const activated = p.activation === 'relu' ? g.op('Relu', [inner], `${n}/ffn/relu`) : gelu(g, inner, `${n}/ffn/gelu`);
    return norm(g.op('Add', [dense(activated, l.ffnOut, `${n}.ffn.out`), attended], `${n}/output/residual`), l.outputNorm,
      `${n}/output/LayerNorm`);
  };
  p.layers.forEach((l, i) => { x = layer(x, l, i, i === p.layers.length - 1); });

  const cls = g.op('Squeeze', [x, g.int64s('const_axis_1_squeeze', [1])], 'head/cls');
  const pooledLinear = dense(cls, p.pooler, 'head.pooler');
  const pooled = g.op(p.poolerActivation === 'relu' ? 'Relu' : 'Tanh', [pooledLinear], `head/pooler/${p.poolerActivation}`);
  g.op('Identity', [dense(pooled, p.classifier, 'head.classifier')], 'logits');

  return {
    irVersion: IR_VERSION,
    opsetVersion: OPSET_VERSION,
    producerName: PRODUCER_NAME,
    producerVersion: EXPORTER_VERSION,
    graphName: `${info.modelType}_sequence_classification`,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [
      { name: ids, elemType: DataType.INT64, shape: ['batch', 'seq'] },
      { name: maskIn, elemType: DataType.INT64, shape: ['batch', 'seq'] },
    ],
    outputs: [{ name: 'logits', elemType: DataType.FLOAT, shape: ['batch', info.labels.length] }],
    metadata: { model_type: info.modelType, labels: JSON.stringify(info.labels), fingerprint: info.fingerprint },
  };
}

/** Exact GELU as torch computes it: x · 0.5 · (1 + erf(x / √2)). */
function gelu(g: GraphBuilder, x: string, name: string): string {
  const erf = g.op('Erf', [g.op('Div', [x, g.scalar(Math.SQRT2)], `${name}/div`)], `${name}/erf`);
  const onePlus = g.op('Add', [erf, g.scalar(1)], `${name}/add`);
  return g.op('Mul', [g.op('Mul', [x, onePlus], `${name}/mul`), g.scalar(0.5)], `${name}/half`);
}

/** [rows, cols] row-major -> [cols, rows], in cache-friendly tiles (the FFN matrices are 768 x 3072). */
export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  const TILE = 32;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out[c * rows + r] = data[r * cols + c];
    }
  }
  return out;
}
