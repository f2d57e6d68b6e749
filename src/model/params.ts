/**
 * One architecture-neutral description of a post-LayerNorm BERT-style encoder with a classification head, as
 * plain arrays. DistilBERT and BERT checkpoints are both mapped onto it (distilbert.ts, bert.ts), and every
 * engine builds from it: the TensorFlow.js forward pass (encoder.ts) and the ONNX exporter (src/engines/onnx).
 * Dense weights keep torch's layout, [out, in], exactly as read from the checkpoint.
 */

export type Activation = 'gelu' | 'relu';

export interface DenseParams {
  /** [out, in], row-major. */
  weight: Float32Array;
  bias: Float32Array;
  in: number;
  out: number;
}

export interface NormParams {
  gamma: Float32Array;
  beta: Float32Array;
}

export interface EncoderLayerParams {
  query: DenseParams;
  key: DenseParams;
  value: DenseParams;
  /** Attention output projection. */
  attentionOut: DenseParams;
  attentionNorm: NormParams;
  ffnIn: DenseParams;
  ffnOut: DenseParams;
  outputNorm: NormParams;
}

export interface EncoderParams {
  hidden: number;
  heads: number;
  /** Every LayerNorm's epsilon (DistilBERT: always 1e-12; BERT: layer_norm_eps). */
  eps: number;
  /** The feed-forward activation. */
  activation: Activation;
  vocabSize: number;
  maxPositions: number;
  /** [vocabSize, hidden] */
  wordEmbeddings: Float32Array;
  /** [maxPositions, hidden] */
  positionEmbeddings: Float32Array;
  /** BERT's token-type embedding for type 0 ([hidden]): every input here is a single segment. DistilBERT: null. */
  tokenTypeEmbedding: Float32Array | null;
  embeddingNorm: NormParams;
  layers: EncoderLayerParams[];
  /** Dense layer on the [CLS] hidden state (DistilBERT `pre_classifier`, BERT `pooler.dense`) and its activation. */
  pooler: DenseParams;
  poolerActivation: 'relu' | 'tanh';
  classifier: DenseParams;
}

/** A dense layer from checkpoint arrays whose shapes were already checked against the weight spec. */
export function denseOf(weight: { shape: number[]; data: Float32Array }, bias: { data: Float32Array }): DenseParams {
  const [out, inSize] = weight.shape;
  return { weight: weight.data, bias: bias.data, in: inSize, out };
}
