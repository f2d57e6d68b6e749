/**
 * A parsed template checked against the probe's declared slots: each key ("country", "name1") is tied to the slot
 * it draws from, and keys are grouped by slot. Keys of one group always get DIFFERENT entries ("{name1} and
 * {name2}"); the attribute slot's group is kept apart because it is what the probe compares. When the probe lists
 * several attribute slots (`attribute: [pronoun.gender, name.gender]`), each template uses exactly one of them,
 * and that one is the template's attribute slot.
 */
import type { TemplateSpec } from '../probe-types.js';
import { parseTemplate, type TemplatePart } from './template.js';

export interface KeyGroup {
  slot: string;
  /** Keys in order of first appearance, e.g. ["name1", "name2"]. */
  keys: string[];
}

export interface CompiledTemplate {
  spec: TemplateSpec;
  parts: TemplatePart[];
  /** Every key in order of first appearance. */
  keys: string[];
  /**
   * Groups for the non-attribute slots, in the order the slots are DECLARED (not as they appear in the text), so
   * that templates using the same slots enumerate the same contexts in the same order.
   */
  context: KeyGroup[];
  /** The group of the attribute slot this template uses, or null when it uses none. */
  attribute: KeyGroup | null;
}

export interface CompileResult {
  compiled: CompiledTemplate | null;
  /** One line each, without the file/path prefix. */
  problems: string[];
}

/** Which declared slot a key draws from: the slot of that name, else "name1" -> "name", else null. */
export function slotOfKey(key: string, slots: readonly string[]): string | null {
  if (slots.includes(key)) return key;
  const numbered = /^(.*?)\d+$/.exec(key);
  return numbered && slots.includes(numbered[1]) ? numbered[1] : null;
}

/** `attributes`: the probe's attribute slot names (one, or the listed ones); empty skips the attribute checks. */
export function compileTemplate(spec: TemplateSpec, slots: readonly string[], attributes: readonly string[]): CompileResult {
  const parsed = parseTemplate(spec.text);
  const problems = [...parsed.problems];
  if (parsed.problems.length === 0 && parsed.keys.length === 0) {
    problems.push('the template has no slot: it would give the same sentence for every group');
  }
  const groups = new Map<string, string[]>();
  let unknown = false;
  for (const key of parsed.keys) {
    const slot = slotOfKey(key, slots);
    if (slot === null) {
      problems.push(`unknown slot {${key}} (declared slots: ${slots.join(', ') || 'none'})`);
      unknown = true;
      continue;
    }
    groups.set(slot, [...(groups.get(slot) ?? []), key]);
  }
  for (const [slot, keys] of groups) {
    if (keys.length > 1 && keys.includes(slot)) {
      const numbered = keys.find((k) => k !== slot);
      problems.push(`{${slot}} and numbered {${numbered}} in one template: number every use ({${slot}1}, {${slot}2})`);
    }
  }
  const used = attributes.filter((a) => groups.has(a));
  // After an unknown slot, a missing attribute slot is most likely the same typo: say it once.
  if (parsed.problems.length === 0 && parsed.keys.length > 0 && !unknown && attributes.length > 0 && used.length === 0) {
    problems.push(
      attributes.length === 1
        ? `the template does not use the attribute slot {${attributes[0]}}`
        : `the template uses none of the attribute slots ${braces(attributes)}: use exactly one`,
    );
  }
  if (used.length > 1) {
    problems.push(`the template uses ${used.length} of the attribute slots (${braces(used)}): use exactly one of ${braces(attributes)}`);
  }
  if (problems.length > 0) return { compiled: null, problems };
  const attribute = used[0] ?? null;
  const all = [...groups].map(([slot, keys]) => ({ slot, keys }));
  return {
    compiled: {
      spec,
      parts: parsed.parts,
      keys: parsed.keys,
      context: all.filter((g) => g.slot !== attribute).sort((a, b) => slots.indexOf(a.slot) - slots.indexOf(b.slot)),
      attribute: all.find((g) => g.slot === attribute) ?? null,
    },
    problems,
  };
}

function braces(names: readonly string[]): string {
  return names.map((n) => `{${n}}`).join(', ');
}
