export { Tokenizer, DEFAULT_MODEL_MAX_LENGTH } from './tokenizer.js';
export type { Encoding, BatchEncoding, TokenizerOptions } from './tokenizer.js';
export { loadTokenizer } from './load.js';
