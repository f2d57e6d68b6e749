/** Probes: load, validate and expand template probe files. Re-exports only. */
export type { AttributeSlot, Expectation, LoadedProbe, ProbeItem, ProbeSpec, Sampling, SlotSpec, TemplateSpec } from './types.js';
export { DEFAULT_MAX_ITEMS, DEFAULT_SAMPLE_SEED } from './types.js';
export { attributeLabel, attributeSlotsOf, parseAttributeRef } from './attribute.js';
export type { Lexicon, LexiconProblem, Scalar } from '../expand/lexicon.js';
export { parseLexicon, lexiconFromValues, filterLexicon } from '../expand/lexicon.js';
export { parseProbeSpec, type ParsedProbe, type ProbeDraft } from './parse.js';
export { validateProbe, lexiconRefs, type LexiconLoad, type Validation } from './validate.js';
export {
  loadProbeSpec,
  listBuiltinProbes,
  listBuiltinLexicons,
  readLexicon,
  isLexiconPath,
  type BuiltinLexicon,
  type BuiltinProbe,
  type LoadOptions,
} from './load.js';
export { expandProbe, countItems, type ExpandOptions } from '../expand/expand.js';
export { probeJsonSchema, probeFileSchema } from './schema.js';
