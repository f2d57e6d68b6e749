/** result.json: reading it (with validation) and its schema. Re-exports only. */
export { readResult, resultPath } from './read.js';
export { resultSchema, validateResult, resultJsonSchema, type ResultFile } from './schema.js';
