/**
 * The checks that need more than the shape of the file: the attribute and templates against slots, lexicons (read
 * by the caller), attributes used by templates, ids, paraphrases and the expansion cap. Pure: lexicon files arrive
 * as data. Every problem is collected; a LoadedProbe is returned only when there is none.
 */
import { describeLimit, limit } from '../config/limits.js';
import { arrangements, compileTemplate, countTemplateItems, filterLexicon, lexiconFromValues, slotOfKey, type CompiledTemplate,
  type Lexicon, type LexiconProblem } from '../expand/index.js';
import type { ParsedProbe } from './parse.js';
import { formatProblems, type PathKey, type Problem } from './problems.js';
import { attributeSlotsOf } from './attribute.js';
import type { AttributeSlot, LoadedProbe, ProbeSpec, SlotSpec } from './types.js';

/** A lexicon file as read by the loader: the lexicon (null when unreadable) and its problems. */
export interface LexiconLoad {
  lexicon: Lexicon | null;
  problems: LexiconProblem[];
}

export interface Validation {
  loaded: LoadedProbe | null;
  /** One line each: `<file>:<line>: <dot.path>: <problem>`, in file order. */
  problems: string[];
}

/** The lexicon references (as written) that the loader must read for this probe. */
export function lexiconRefs(parsed: ParsedProbe): string[] {
  const specs = [...Object.values(parsed.draft.slots ?? {}), parsed.draft.control ?? null];
  return [...new Set(specs.flatMap((s) => (s !== null && 'lexicon' in s ? [s.lexicon] : [])))];
}

export function validateProbe(parsed: ParsedProbe, lexicons: ReadonlyMap<string, LexiconLoad>): Validation {
  const problems: Problem[] = [...parsed.problems];
  const file = parsed.file ?? '<probe>';
  const done = (loaded: LoadedProbe | null): Validation => ({ loaded, problems: formatProblems(file, problems, parsed.lines) });
  if (parsed.raw === null || typeof parsed.raw !== 'object' || Array.isArray(parsed.raw)) return done(null);

  const draft = parsed.draft;
  const rawTemplates = (parsed.raw as { templates?: unknown }).templates;
  const slotNames = Object.keys(draft.slots ?? {});

  // Lexicons: every slot's entries, filtered by `where`.
  const slotLexicons = new Map<string, Lexicon>();
  for (const [name, spec] of Object.entries(draft.slots ?? {})) {
    const lexicon = spec === null ? null : resolveSlot(spec, ['slots', name], lexicons, problems);
    if (lexicon) slotLexicons.set(name, lexicon);
  }
  const control = draft.control ? resolveSlot(draft.control, ['control'], lexicons, problems) : null;

  // The attribute: its slots must be declared (each listed once) and every entry must have the attribute grouped by.
  // With `attributes` (two crossed) the first one is the attribute of the ordinary analysis.
  const rawFields = parsed.raw as { attribute?: unknown; attributes?: unknown };
  const crossed = draft.attributes;
  if (rawFields.attribute !== undefined && rawFields.attributes !== undefined) {
    problems.push({ path: ['attributes'], message: 'give either attribute (one) or attributes (two crossed), not both' });
  } else if (rawFields.attribute === undefined && rawFields.attributes === undefined) {
    problems.push({ path: ['attribute'], message: 'required field is missing' });
  }
  const attribute = draft.attribute ?? crossed?.[0];
  const attributeSlots = attribute === undefined ? null : attributeSlotsOf(attribute);
  const attributeOk = attributeSlots !== null && draft.slots !== undefined && (crossed
    ? checkCross(draft, crossed, slotLexicons, problems)
    : checkAttribute(draft, attributeSlots, slotLexicons, problems));
  // With a broken attribute, "the template does not use it" would only repeat the problem: skip that check.
  const attributeNames = attributeOk ? attributeSlots.map((a) => a.slot) : [];
  // Two slots crossed: every template uses the second one too (the first is checked as the attribute slot).
  const secondSlot = attributeOk && crossed ? attributeSlotsOf(crossed[1])[0].slot : null;

  // Templates: ids, texts, slots, attributes used, paraphrases.
  const templatePath = (i: number, field: string): PathKey[] =>
    Array.isArray(rawTemplates) && typeof rawTemplates[i] === 'string' ? ['templates', i] : ['templates', i, field];
  const ids = new Map<string, number>();
  const texts = new Map<string, number>();
  const compiled: (CompiledTemplate | null)[] = [];
  (draft.templates ?? []).forEach((t, i) => {
    if (t === null) return compiled.push(null);
    if (t.text.length > limit('templateChars')) {
      problems.push({ path: templatePath(i, 'text'), message: `${t.text.length.toLocaleString('en-US')} characters, above the limit ` +
        `of ${describeLimit('templateChars')}` });
      return compiled.push(null);
    }
    const sameId = ids.get(t.id);
    if (sameId === undefined) ids.set(t.id, i);
    else problems.push({ path: templatePath(i, 'id'), message: `duplicate template id "${t.id}" (also templates.${sameId})` });
    const sameText = texts.get(t.text);
    if (sameText === undefined) texts.set(t.text, i);
    else problems.push({ path: templatePath(i, 'text'), message: `duplicate template text (same as templates.${sameText})` });
    if (!draft.slots) return compiled.push(null);
    const result = compileTemplate(t, slotNames, attributeNames);
    for (const message of result.problems) problems.push({ path: templatePath(i, 'text'), message });
    compiled.push(result.compiled);
    if (result.compiled && secondSlot !== null && secondSlot !== attributeNames[0] &&
      !result.compiled.context.some((g) => g.slot === secondSlot)) {
      problems.push({ path: templatePath(i, 'text'), message: `the template does not use the crossed attribute slot {${secondSlot}}` });
    }
    if (result.compiled) {
      for (const message of entryProblems(result.compiled, slotLexicons, draft)) {
        problems.push({ path: templatePath(i, 'text'), message });
      }
    }
  });
  (draft.templates ?? []).forEach((t, i) => {
    if (t === null || t.paraphrase_of === null) return;
    const path = ['templates', i, 'paraphrase_of'];
    if (t.paraphrase_of === t.id) problems.push({ path, message: 'a template cannot paraphrase itself' });
    else if (!ids.has(t.paraphrase_of)) {
      problems.push({ path, message: `unknown template id "${t.paraphrase_of}" (template ids: ${[...ids.keys()].join(', ')})` });
    }
  });

  // The cap: counted from lexicon sizes, only when everything it depends on is valid.
  const sampling = draft.sampling;
  const countable =
    sampling !== undefined &&
    draft.control !== undefined &&
    (draft.control === null || control !== null) &&
    compiled.length > 0 &&
    compiled.every((c) => c !== null && c.keys.every((k) => slotLexicons.has(slotOfKey(k, slotNames) ?? '')));
  if (countable) {
    const sizes = {
      slot: (name: string) => slotLexicons.get(name)?.entries.length ?? 0,
      control: control?.entries.length ?? null,
    };
    const total = compiled.reduce((sum, c) => sum + countTemplateItems(c as CompiledTemplate, sizes, sampling), 0);
    if (total > sampling.max) {
      const where: PathKey[] = (parsed.raw as { sampling?: unknown }).sampling === undefined ? ['templates'] : ['sampling'];
      const advice = sampling.mode === 'product' ? 'use sampling: {mode: sample, n: ...} or raise sampling.max' : 'lower sampling.n or ' +
        'raise sampling.max';
      problems.push({ path: where, message: `the probe expands to ${total.toLocaleString('en-US')} sentences, above the cap ` +
        `of ${sampling.max.toLocaleString('en-US')}: ${advice}` });
    }
  }

  if (problems.length > 0) return done(null);
  const spec: ProbeSpec = {
    id: draft.id as string,
    title: draft.title as string,
    description: draft.description as string,
    attribute: attribute!,
    ...(crossed ? { attributes: crossed } : {}),
    attributeSlots: attributeSlots!,
    expectation: draft.expectation!,
    templates: draft.templates!.map((t) => t!),
    slots: draft.slots as Record<string, SlotSpec>,
    control: draft.control ?? null,
    sampling: sampling!,
    file: parsed.file,
  };
  return done({ spec, lexicons: slotLexicons, control });
}

/** A slot's entries: inline values, or a loaded lexicon filtered by `where`. Problems go to `problems`. */
function resolveSlot(spec: SlotSpec, path: PathKey[], loads: ReadonlyMap<string, LexiconLoad>, problems: Problem[]): Lexicon | null {
  if ('values' in spec) {
    const { lexicon, problems: found } = lexiconFromValues(spec.values);
    for (const p of found) problems.push({ path: [...path, 'values', p.index], message: p.message });
    return lexicon;
  }
  const load = loads.get(spec.lexicon);
  if (load === undefined) {
    problems.push({ path: [...path, 'lexicon'], message: `lexicon ${spec.lexicon} was not loaded` });
    return null;
  }
  for (const p of load.problems) {
    problems.push({ path: [...path, 'lexicon'], message: `lexicon ${spec.lexicon}${p.line === null ? '' : ` line ${p.line}`}:` +
      ` ${p.message}` });
  }
  if (load.lexicon === null) return null;
  if (spec.where === null) return load.lexicon;
  let ok = true;
  for (const key of Object.keys(spec.where)) {
    if (!load.lexicon.entries.some((e) => e[key] !== undefined && e[key] !== null)) {
      problems.push({ path: [...path, 'where', key], message: `no entry of lexicon ${spec.lexicon} has the attribute "${key}"` });
      ok = false;
    }
  }
  const filtered = filterLexicon(load.lexicon, spec.where);
  if (ok && filtered.entries.length === 0 && load.lexicon.entries.length > 0) {
    const condition = Object.entries(spec.where).map(([k, v]) => `${k}: ${v.map(String).join(' | ')}`).join(', ');
    problems.push({ path: [...path, 'where'], message: `no entry of lexicon ${spec.lexicon} matches (${condition})` });
  }
  return filtered;
}

/**
 * Checks the attribute against the declared slots and their entries; false when it cannot be used. Problems point
 * at `attribute`, or at `attribute.<i>` for the list form.
 */
function checkAttribute(
  draft: ParsedProbe['draft'],
  attributeSlots: AttributeSlot[],
  lexicons: Map<string, Lexicon>,
  problems: Problem[],
): boolean {
  const slotNames = Object.keys(draft.slots ?? {});
  const listed = Array.isArray(draft.attribute);
  const first = new Map<string, number>();
  let ok = true;
  attributeSlots.forEach(({ slot, attr }, i) => {
    const path: PathKey[] = listed ? ['attribute', i] : ['attribute'];
    const ref = attr === null ? slot : `${slot}.${attr}`;
    if (!slotNames.includes(slot)) {
      const subject = attr === null ? '' : `${ref}: `;
      problems.push({ path, message: `${subject}"${slot}" is not a slot (declared slots: ${slotNames.join(', ')})` });
      ok = false;
      return;
    }
    const seen = first.get(slot);
    if (seen !== undefined) {
      problems.push({ path, message: `slot "${slot}" is listed twice (also attribute.${seen}): a slot can give the groups one way only` });
      ok = false;
      return;
    }
    first.set(slot, i);
    const lexicon = lexicons.get(slot);
    if (attr === null || !lexicon || lexicon.entries.length === 0) return;
    const lacking = lexicon.entries.filter((e) => e[attr] === undefined || e[attr] === null);
    if (lacking.length > 0) {
      const label = lexiconLabel(draft.slots?.[slot] ?? null);
      const message = `${ref}: ${lacking.length} of ${lexicon.entries.length} entries of ${label} have no "${attr}" ` +
        `(first: ${JSON.stringify(lacking[0].value)})`;
      problems.push({ path, message });
      ok = false;
    }
  });
  return ok;
}

/**
 * Checks the two crossed attributes (`attributes`): declared slots, entries that carry each attribute, two different
 * attributes (a slot crossed with its own attribute would give one cell per value). Problems point at `attributes.<i>`.
 */
function checkCross(draft: ParsedProbe['draft'], refs: [string, string], lexicons: Map<string, Lexicon>, problems: Problem[]): boolean {
  const slotNames = Object.keys(draft.slots ?? {});
  const [a, b] = refs.map((r) => attributeSlotsOf(r)[0]);
  let ok = true;
  refs.forEach((ref, i) => {
    const { slot, attr } = i === 0 ? a : b;
    const path: PathKey[] = ['attributes', i];
    if (!slotNames.includes(slot)) {
      problems.push({ path, message: `${ref}: "${slot}" is not a slot (declared slots: ${slotNames.join(', ')})` });
      ok = false;
      return;
    }
    const lexicon = lexicons.get(slot);
    if (attr === null || !lexicon || lexicon.entries.length === 0) return;
    const lacking = lexicon.entries.filter((e) => e[attr] === undefined || e[attr] === null);
    if (lacking.length > 0) {
      problems.push({ path, message: `${ref}: ${lacking.length} of ${lexicon.entries.length} entries of ` +
        `${lexiconLabel(draft.slots?.[slot] ?? null)} have no "${attr}" (first: ${JSON.stringify(lacking[0].value)})` });
      ok = false;
    }
  });
  if (ok && a.slot === b.slot && (a.attr === b.attr || a.attr === null || b.attr === null)) {
    problems.push({ path: ['attributes', 1], message: `${refs[1]} crossed with ${refs[0]}: cross two different attributes ` +
      '(of one slot, e.g. [name.ethnicity, name.gender], or of two slots)' });
    ok = false;
  }
  return ok;
}

/**
 * Attributes a template uses that some entries lack, and numbered keys that need more entries than there are.
 * The control lexicon is not checked: a control word has no attributes and `{slot.attr}` renders the word itself.
 */
function entryProblems(template: CompiledTemplate, lexicons: Map<string, Lexicon>, draft: ParsedProbe['draft']): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const groups = [...template.context, ...(template.attribute ? [template.attribute] : [])];
  for (const part of template.parts) {
    if (part.kind !== 'slot' || part.attr === null) continue;
    const slot = groups.find((g) => g.keys.includes(part.key))?.slot;
    if (slot === undefined || seen.has(`${slot}.${part.attr}`)) continue;
    seen.add(`${slot}.${part.attr}`);
    const lexicon = lexicons.get(slot);
    if (!lexicon || lexicon.entries.length === 0) continue;
    const lacking = lexicon.entries.filter((e) => e[part.attr as string] === undefined || e[part.attr as string] === null);
    if (lacking.length > 0) {
      const label = lexiconLabel(draft.slots?.[slot] ?? null);
      out.push(`{${part.key}.${part.attr}}: ${lacking.length} of ${lexicon.entries.length} entries of ${label} have no "${part.attr}" ` +
        `(first: ${JSON.stringify(lacking[0].value)})`);
    }
  }
  for (const group of groups) {
    const size = lexicons.get(group.slot)?.entries.length;
    if (group.keys.length > 1 && size !== undefined && size > 0 && arrangements(size, group.keys.length) === 0) {
      out.push(`${group.keys.map((k) => `{${k}}`).join(', ')} need ${group.keys.length} different entries but slot ${group.slot} ` +
        `has ${size}`);
    }
  }
  return out;
}

function lexiconLabel(spec: SlotSpec | null): string {
  if (spec === null) return 'the slot';
  return 'values' in spec ? 'the inline values' : `lexicon ${spec.lexicon}`;
}
