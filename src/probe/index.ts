/** Probes: load and validate template probe files (expanding them is src/expand's job). Re-exports only. */
export type { AttributeSlot, Expectation, LoadedProbe, ProbeItem, ProbeSpec, Sampling, SlotSpec, TemplateSpec } from './types.js';
export { DEFAULT_MAX_ITEMS, DEFAULT_SAMPLE_SEED } from './types.js';
export { attributeLabel, attributeSlotsOf, parseAttributeRef } from './attribute.js';
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
export { probeJsonSchema, probeFileSchema } from './schema.js';
export { planProbe, toRecord, type ProbePlanOptions } from './plan.js';
export { designMde, simulatedRecords, type DesignPowerOptions } from './power.js';
