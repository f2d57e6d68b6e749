/**
 * The probe's `attribute`: what the compared groups are. Three forms are accepted in a probe file:
 *   country                                  a slot: the groups are the slot's values
 *   name.ethnicity                           slot `name`, grouped by its entries' `ethnicity` (names are the fillers)
 *   [pronoun.gender, person.gender, name]    one of these per template (each template uses exactly one listed slot)
 * Pure helpers: the checks against the declared slots and their entries are in validate.ts.
 */
import type { AttributeSlot } from './types.js';

/** "name.ethnicity" -> {slot: "name", attr: "ethnicity"}; "country" -> {slot: "country", attr: null}. */
export function parseAttributeRef(ref: string): AttributeSlot {
  const dot = ref.indexOf('.');
  return dot === -1 ? { slot: ref, attr: null } : { slot: ref.slice(0, dot), attr: ref.slice(dot + 1) };
}

/** The attribute as written (one reference or a list) -> one AttributeSlot per listed reference, in order. */
export function attributeSlotsOf(attribute: string | readonly string[]): AttributeSlot[] {
  return (typeof attribute === 'string' ? [attribute] : attribute).map(parseAttributeRef);
}

/** One line for people and tables: "country", "name.ethnicity", "pronoun.gender, person.gender, name.gender". */
export function attributeLabel(attribute: string | readonly string[]): string {
  return typeof attribute === 'string' ? attribute : attribute.join(', ');
}
