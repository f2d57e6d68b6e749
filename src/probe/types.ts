/** The probe's types live in src/probe-types.ts (below probe/ and expand/, which both use them). */
export type { AttributeSlot, Expectation, Lexicon, LoadedProbe, ProbeItem, ProbeSpec, Sampling, Scalar, SlotSpec,
  TemplateSpec } from '../probe-types.js';
export { DEFAULT_MAX_ITEMS, DEFAULT_SAMPLE_SEED } from '../config/defaults.js';
