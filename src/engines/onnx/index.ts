/** The ONNX Runtime engine's public API: re-exports only. */
export { loadOnnxClassifier, OnnxClassifier, ONNX_BACKEND } from './classifier.js';
export type { OnnxLoadOptions } from './classifier.js';
export { engineStatus, defaultThreads, tryLoadOrt } from './runtime.js';
export type { EngineStatus } from './runtime.js';
export { cachedGraphPath, BUNDLED_GRAPH } from './graph-file.js';
export type { GraphOrigin } from './graph-file.js';
export { exportEncoder, EXPORTER_VERSION, OPSET_VERSION } from './export.js';
