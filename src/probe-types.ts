/**
 * A probe as the rest of the toolkit sees it: normalized (every field present, defaults applied), field names as
 * in the probe file (snake_case) because the spec is written into result.json as it was run. These types sit below
 * both stages that use them (probe/ loads and validates, expand/ expands), so imports point one way.
 */
import type { Frame, ResultRecord, SlotValue } from './result/index.js';

/** A value in a lexicon entry or a `where` filter. */
export type Scalar = string | number | boolean | null;

export interface Lexicon {
  /** The built-in name ("countries"), the file name, or "values" for an inline list. */
  name: string;
  /** The file's own `version`, else "sha256:" + the first 12 hex digits of its content. */
  version: string;
  /** Where the entries came from: a file path, or "inline". */
  source: string;
  /** `value` is the text substituted; the other fields are attributes. */
  entries: SlotValue[];
}

export type Expectation = { type: 'invariant' } | { type: 'directional'; direction: 'up' | 'down' };

export interface TemplateSpec {
  /** As written, or "t<position>" (1-based) for a template given as a plain string. */
  id: string;
  text: string;
  frame: Frame;
  paraphrase_of: string | null;
}

/** Where a slot's values come from: a lexicon (built-in name or file path) with an optional filter, or a list. */
export type SlotSpec =
  | { lexicon: string; where: Record<string, Scalar[]> | null }
  | { values: (string | Record<string, Scalar>)[] };

export type Sampling = { mode: 'product'; max: number } | { mode: 'sample'; n: number; seed: number; max: number };

/** One slot of the probe's attribute: grouped by the slot's values (`attr` null) or by an attribute of its entries. */
export interface AttributeSlot {
  slot: string;
  attr: string | null;
}

export interface ProbeSpec {
  id: string;
  title: string;
  description: string;
  /**
   * What the compared groups are, as written in the probe file: a slot ("country"), a slot's attribute
   * ("name.ethnicity"), or a list of either (["pronoun.gender", "name.gender"]: each template uses one of them).
   */
  attribute: string | string[];
  /**
   * Two attributes crossed (issue #26; the probe file's `attributes`): the factorial analysis `stats.intersection`.
   * `attribute` is then the first of them (the groups of the ordinary analysis). Absent for a single attribute.
   */
  attributes?: [string, string];
  /** `attribute` parsed, one entry per listed slot, in the order written. */
  attributeSlots: AttributeSlot[];
  expectation: Expectation;
  templates: TemplateSpec[];
  slots: Record<string, SlotSpec>;
  /** Made-up words substituted for the attribute slot: the null baseline. `{slot.attr}` renders the word itself. */
  control: SlotSpec | null;
  sampling: Sampling;
  /** The probe file, or null for a spec parsed from text. */
  file: string | null;
}

export interface LoadedProbe {
  spec: ProbeSpec;
  /** Slot name -> its entries (after `where`). */
  lexicons: Map<string, Lexicon>;
  /** The control lexicon, or null when the probe has none. */
  control: Lexicon | null;
}

/**
 * One sentence to score: the probe fields of a result record (see `ResultRecord` for each field; `group` is the
 * attribute's value, or the control word for control items; with numbered attribute keys it is the first key's).
 */
export type ProbeItem = Pick<ResultRecord,
  'text' | 'template' | 'template_id' | 'frame' | 'paraphrase_of' | 'slots' | 'control' | 'group' | 'filler'>;

export { DEFAULT_MAX_ITEMS, DEFAULT_SAMPLE_SEED } from './config/defaults.js';
