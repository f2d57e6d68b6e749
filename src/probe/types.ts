/**
 * A probe as the rest of the toolkit sees it: normalized (every field present, defaults applied), field names as
 * in the probe file (snake_case) because the spec is written into result.json as it was run.
 */
import type { Frame, SlotValue } from '../result-types.js';
import type { Lexicon, Scalar } from '../expand/lexicon.js';

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

export interface ProbeSpec {
  id: string;
  title: string;
  description: string;
  /** The slot whose values are the compared groups. */
  attribute: string;
  expectation: Expectation;
  templates: TemplateSpec[];
  slots: Record<string, SlotSpec>;
  /** Made-up words substituted for the attribute slot: the null baseline. */
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

/** One sentence to score. Mirrors the probe fields of `ResultRecord`. */
export interface ProbeItem {
  text: string;
  template: string;
  template_id: string;
  frame: Frame;
  paraphrase_of: string | null;
  /** Slot key ("country", or "name1"/"name2" for numbered repeats) -> entry used. */
  slots: Record<string, SlotValue>;
  control: boolean;
}

export const DEFAULT_MAX_ITEMS = 50_000;
export const DEFAULT_SAMPLE_SEED = 13;
