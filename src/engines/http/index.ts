/** The HTTP engine's public API: re-exports only. */
export { HttpClassifier, HTTP_DEFAULTS, DISCOVERY_TEXT, requestBody, toPrediction } from './classifier.js';
export type { HttpOptions } from './classifier.js';
export { endpointFingerprint, isHuggingFaceHost, parseEndpoint } from './endpoint.js';
export type { Endpoint } from './endpoint.js';
export { readScores, ResponseShapeError, SUM_TOLERANCE } from './response.js';
export type { BatchScores } from './response.js';
export type { RequestStats } from './request.js';
