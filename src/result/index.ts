/** result.json: reading it (with validation), its schema, and the one reading of a group effect. Re-exports only. */
export { readResult, resultPath } from './read.js';
export { resultSchema, validateResult, resultJsonSchema, type ResultFile } from './schema.js';
export { effectMark, shownInterval, templatesOnSide, type Mark } from './effect.js';
