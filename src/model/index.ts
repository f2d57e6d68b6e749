/** The model stage's public API: re-exports only. */
export { loadClassifier, modelFingerprint, softmax, DEFAULT_BATCH_SIZE, DEFAULT_TARGET } from './classifier.js';
export { sigmoid } from './sequence-classifier.js';
export { isMultiLabel } from './config.js';
export type { LoadOptions, TfjsClassifier } from './classifier.js';
export { SequenceClassifier, checkLoad } from './sequence-classifier.js';
export type { BatchRunner, CheckedLoad, ClassifierInfo, CommonLoadOptions, PaddedBatch } from './sequence-classifier.js';
export { backendStatus, gpuBackendFailure, selectBackend, BACKEND_NAMES } from './backend.js';
export type { BackendName, BackendStatus, SelectedBackend } from './backend.js';
export { labelsOf } from './config.js';
export type { BertConfig, DistilBertConfig, ModelConfig } from './config.js';
export { SUPPORTED_MODEL_TYPES, loadModelParams } from './factory.js';
export type { DenseParams, EncoderLayerParams, EncoderParams, NormParams } from './params.js';
export { fingerprintFiles } from './fingerprint.js';
export { decodeBF16, decodeF16, headerLength, parseHeader, SafetensorsFile, toFloat32 } from './safetensors.js';
export type { Dtype, TensorInfo } from './safetensors.js';
export { locateWeights } from './weights.js';
