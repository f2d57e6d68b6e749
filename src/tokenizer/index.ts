export { Tokenizer, DEFAULT_MODEL_MAX_LENGTH } from './tokenizer.js';
export type { Encoding, BatchEncoding, TokenizerOptions, AddedToken } from './tokenizer.js';
export { loadTokenizer, tokenizerFile, TOKENIZER_CONFIG_FILE, VOCAB_FILE } from './load.js';
export { parseTokenizerJson, TOKENIZER_JSON_FILE } from './tokenizer-json.js';
