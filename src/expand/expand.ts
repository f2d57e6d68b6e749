/**
 * Expansion: every template x every assignment of entries to its slots -> sentences.
 *
 * A template's assignments split into a CONTEXT (the non-attribute slots) and the ATTRIBUTE part (the compared
 * groups). Items are produced context by context, and within a context for every attribute value, so each context
 * is a matched set: the same sentence for every group (and then for every control word). This holds in both modes:
 *   product  every context.
 *   sample   floor(n / groups) contexts per template (at least one), drawn without replacement with the seed.
 *            Every template draws from a fresh generator with the same seed, so paraphrases with the same slots
 *            share their contexts and the sample does not depend on the order of the templates.
 * Order is deterministic: templates in file order; contexts by index (the slot declared first in `slots` varies
 * slowest); attribute values in lexicon order; control items after the template's real items.
 *
 * Each item names its `group` and `filler`. The filler is the entry put in the attribute slot; the group is the
 * filler itself, or the filler's attribute when the probe groups by one (`name.ethnicity`: filler "Keisha", group
 * "african_american"). Control words are their own group, and `{slot.attr}` renders the word itself.
 */
import type { SlotValue } from '../result/index.js';
import type { AttributeSlot, LoadedProbe, ProbeItem, Sampling } from '../probe-types.js';
import { DEFAULT_SAMPLE_SEED } from '../config/defaults.js';
import { compileTemplate, type CompiledTemplate, type KeyGroup } from './compile.js';
import { mulberry32, sampleIndices } from './random.js';
import { checkFits } from './limits.js';
import { renderTemplate } from './template.js';

export interface ExpandOptions {
  /** Keep at most this many items: a seeded uniform sample, kept in expansion order. */
  limit?: number;
  /** Overrides the probe's sampling seed (also used for `limit`). */
  seed?: number;
}

export function expandProbe(loaded: LoadedProbe, options: ExpandOptions = {}): ProbeItem[] {
  const { spec } = loaded;
  const seed = options.seed ?? samplingSeed(spec.sampling);
  const plans = compileAll(loaded).map((template) => planTemplate(template, loaded, spec.sampling, seed));
  const total = plans.reduce((sum, p) => sum + p.count, 0);
  const kept = options.limit !== undefined && total > options.limit ? Math.max(0, options.limit) : total;
  checkFits(spec.id, total, kept);
  // Sentences are addressed by their index in expansion order, so a sample of `limit` builds only what it keeps.
  const indices = kept < total ? sampleIndices(total, kept, mulberry32(seed)) : null;
  const items: ProbeItem[] = [];
  let offset = 0;
  let next = 0;
  for (const plan of plans) {
    if (indices === null) {
      for (let i = 0; i < plan.count; i++) items.push(plan.itemAt(i));
    } else {
      for (; next < indices.length && indices[next] < offset + plan.count; next++) items.push(plan.itemAt(indices[next] - offset));
    }
    offset += plan.count;
  }
  return items;
}

/** How many items `expandProbe` gives (without `limit`), computed without building them. */
export function countItems(loaded: LoadedProbe): number {
  return compileAll(loaded).reduce((sum, t) => sum + countTemplateItems(t, sizesOf(loaded), loaded.spec.sampling), 0);
}

/** Items one template gives, from lexicon sizes alone: used for the cap check before anything is expanded. */
export function countTemplateItems(
  template: CompiledTemplate,
  sizes: { slot: (name: string) => number; control: number | null },
  sampling: Sampling,
): number {
  const contexts = template.context.reduce((n, g) => n * arrangements(sizes.slot(g.slot), g.keys.length), 1);
  const k = template.attribute?.keys.length ?? 0;
  const groups = arrangements(sizes.slot(template.attribute?.slot ?? ''), k);
  const controls = sizes.control === null || k === 0 ? 0 : arrangements(sizes.control, k);
  return contextCount(contexts, groups, sampling) * (groups + controls);
}

/** Ordered choices of k different entries out of n: n (n-1) ... (n-k+1). */
export function arrangements(n: number, k: number): number {
  let total = 1;
  for (let i = 0; i < k; i++) total *= n - i;
  return Math.max(0, total);
}

function samplingSeed(sampling: Sampling): number {
  return sampling.mode === 'sample' ? sampling.seed : DEFAULT_SAMPLE_SEED;
}

function contextCount(contexts: number, groups: number, sampling: Sampling): number {
  if (sampling.mode === 'product') return contexts;
  return Math.min(contexts, Math.max(1, Math.floor(sampling.n / Math.max(1, groups))));
}

function sizesOf(loaded: LoadedProbe) {
  return { slot: (name: string) => loaded.lexicons.get(name)?.entries.length ?? 0, control: loaded.control?.entries.length ?? null };
}

function compileAll(loaded: LoadedProbe): CompiledTemplate[] {
  const slots = Object.keys(loaded.spec.slots);
  return loaded.spec.templates.map((t) => {
    const { compiled, problems } = compileTemplate(t, slots, loaded.spec.attributeSlots.map((a) => a.slot));
    // A loaded probe has been validated; reaching this means the caller built a LoadedProbe by hand.
    if (compiled === null) throw new Error(`template "${t.id}": ${problems.join('; ')}`);
    return compiled;
  });
}

/** One template's items, addressed by index in expansion order: real groups over every context, then controls. */
interface TemplatePlan {
  count: number;
  itemAt(index: number): ProbeItem;
}

function planTemplate(template: CompiledTemplate, loaded: LoadedProbe, sampling: Sampling, seed: number): TemplatePlan {
  const entriesOf = (slot: string): SlotValue[] => {
    const lexicon = loaded.lexicons.get(slot);
    if (lexicon === undefined) throw new Error(`no lexicon loaded for slot "${slot}"`);
    return lexicon.entries;
  };
  const context = template.context.map((group) => {
    const entries = entriesOf(group.slot);
    return { group, entries, size: arrangements(entries.length, group.keys.length) };
  });
  const total = context.reduce((n, c) => n * c.size, 1);
  const attribute = template.attribute;
  if (attribute === null) throw new Error(`template "${template.spec.id}" does not use the attribute slot`);
  const by = loaded.spec.attributeSlots.find((a) => a.slot === attribute.slot) as AttributeSlot;

  // The real groups first, then the control words, each over the same contexts.
  const passes = [{ entries: entriesOf(attribute.slot), control: false }];
  if (loaded.control) passes.push({ entries: loaded.control.entries, control: true });
  const groups = passes.map((pass) => ({
    ...pass,
    groups: [{ group: attribute, entries: pass.entries, size: arrangements(pass.entries.length, attribute.keys.length) }],
  }));
  const contexts = contextCount(total, groups[0].groups[0].size, sampling);
  // Every context in order, or a seeded sample of them (drawn only when it is a proper subset).
  if (contexts < total) checkFits(loaded.spec.id, total, contexts, 'contexts');
  const sampled = contexts < total ? sampleIndices(total, contexts, mulberry32(seed)) : null;
  const contextAt = (i: number) => (sampled === null ? i : sampled[i]);
  const perPass = groups.map((g) => contexts * g.groups[0].size);
  return {
    count: perPass.reduce((a, b) => a + b, 0),
    itemAt(index: number): ProbeItem {
      let rest = index;
      let p = 0;
      while (rest >= perPass[p]) rest -= perPass[p++];
      const size = groups[p].groups[0].size;
      const fixed = assign(context, contextAt(Math.floor(rest / size)));
      return makeItem(template, { ...fixed, ...assign(groups[p].groups, rest % size) }, groups[p].control, by);
    },
  };
}

function makeItem(template: CompiledTemplate, values: Record<string, SlotValue>, control: boolean, by: AttributeSlot): ProbeItem {
  const slots: Record<string, SlotValue> = {};
  for (const key of template.keys) slots[key] = { ...values[key] };
  const keys = (template.attribute as KeyGroup).keys;
  // With numbered attribute keys ({country1} vs {country2}) the first one names the group.
  const entry = values[keys[0]];
  return {
    text: renderTemplate(template.parts, values, control ? new Set(keys) : undefined),
    template: template.spec.text,
    template_id: template.spec.id,
    frame: template.spec.frame,
    paraphrase_of: template.spec.paraphrase_of,
    slots,
    control,
    group: control ? entry.value : groupOf(entry, by),
    filler: entry.value,
  };
}

function groupOf(entry: SlotValue, by: AttributeSlot): string {
  if (by.attr === null) return entry.value;
  const value = entry[by.attr];
  // A loaded probe has been validated; reaching this means the caller built a LoadedProbe by hand.
  if (value === undefined || value === null) throw new Error(`entry "${entry.value}" has no attribute "${by.attr}"`);
  return String(value);
}

/**
 * Decode an index into entries for every key of the groups: mixed radix over the groups (the first group is the
 * most significant digit), and within a group the k-th key picks among the entries the earlier keys left.
 */
function assign(groups: { group: KeyGroup; entries: SlotValue[]; size: number }[], index: number): Record<string, SlotValue> {
  const out: Record<string, SlotValue> = {};
  let rest = index;
  const digits: number[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    digits[i] = rest % groups[i].size;
    rest = Math.floor(rest / groups[i].size);
  }
  groups.forEach(({ group, entries }, i) => {
    const picks = permutation(digits[i], entries.length, group.keys.length);
    group.keys.forEach((key, j) => (out[key] = entries[picks[j]]));
  });
  return out;
}

/** The index-th ordered choice of k different positions out of n (first key varies slowest). */
function permutation(index: number, n: number, k: number): number[] {
  if (k === 1) return [index];
  const radices = Array.from({ length: k }, (_, j) => n - j);
  const digits: number[] = [];
  let rest = index;
  for (let j = k - 1; j >= 0; j--) {
    digits[j] = rest % radices[j];
    rest = Math.floor(rest / radices[j]);
  }
  const left = Array.from({ length: n }, (_, i) => i);
  return digits.map((d) => left.splice(d, 1)[0]);
}
