/** Template expansion: a loaded probe -> the sentences to score (pure; no I/O). Re-exports only. */
export { expandProbe, countItems, arrangements, countTemplateItems, type ExpandOptions } from './expand.js';
export { compileTemplate, slotOfKey, type CompiledTemplate } from './compile.js';
export { describe, lexiconFormat, parseLexicon, lexiconFromValues, filterLexicon, type Lexicon, type LexiconProblem,
  type Scalar } from './lexicon.js';
