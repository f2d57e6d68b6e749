export { Tokenizer, DEFAULT_MODEL_MAX_LENGTH } from './tokenizer.js';
export type { Encoding, BatchEncoding, TokenizerOptions, AddedToken } from './tokenizer.js';
export { loadTokenizer, tokenizerFile } from './load.js';
export { parseTokenizerJson, TOKENIZER_JSON_FILE } from './tokenizer-json.js';
