/**
 * Template syntax: "{country}", "{country.demonym}" (an attribute of the entry), "{a:occupation}" (with "a"/"an"),
 * "{name1} and {name2}" (numbered keys; which slot they draw from is decided later, against the declared slots),
 * "{{" and "}}" for literal braces. Parsing is separate from rendering so that values are never parsed: text from
 * a lexicon is inserted as it is and cannot expand into more slots.
 */
import type { SlotValue } from '../result/index.js';
import { withArticle } from './article.js';

export type TemplatePart =
  | { kind: 'text'; text: string }
  /** `key` as written ("country", "name1"); `attr` for "{country.demonym}"; `article` for "{a:occupation}". */
  | { kind: 'slot'; key: string; attr: string | null; article: boolean };

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** Distinct slot keys in order of first appearance. */
  keys: string[];
  /** Syntax problems, one line each, e.g. 'unclosed "{" at column 12'. */
  problems: string[];
}

const SLOT = /^(a:)?([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?$/;

export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const problems: string[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '{' && text[i + 1] === '{') {
      literal += '{';
      i += 2;
    } else if (ch === '}' && text[i + 1] === '}') {
      literal += '}';
      i += 2;
    } else if (ch === '}') {
      problems.push(`stray "}" at column ${i + 1} (write "}}" for a literal brace)`);
      i += 1;
    } else if (ch === '{') {
      const close = text.indexOf('}', i + 1);
      const reopen = text.indexOf('{', i + 1);
      if (close === -1 || (reopen !== -1 && reopen < close)) {
        problems.push(`unclosed "{" at column ${i + 1} (write "{{" for a literal brace)`);
        i += 1;
        continue;
      }
      const inside = text.slice(i + 1, close);
      const match = SLOT.exec(inside);
      if (!match) {
        problems.push(`"{${inside}}" at column ${i + 1} is not a slot: write {name}, {name.attribute} or {a:name}`);
      } else {
        if (literal) parts.push({ kind: 'text', text: literal });
        literal = '';
        parts.push({ kind: 'slot', key: match[2], attr: match[3] ?? null, article: match[1] !== undefined });
      }
      i = close + 1;
    } else {
      literal += ch;
      i += 1;
    }
  }
  if (literal) parts.push({ kind: 'text', text: literal });
  const keys = [...new Set(parts.flatMap((p) => (p.kind === 'slot' ? [p.key] : [])))];
  return { parts, keys, problems };
}

/**
 * The text a slot part stands for, before capitalisation. Throws when the entry lacks the attribute.
 * `plain`: ignore `.attr` and use the value (a control word has no demonym or adjective form: it stands for itself).
 */
export function slotText(part: Extract<TemplatePart, { kind: 'slot' }>, entry: SlotValue, plain = false): string {
  const raw = part.attr === null || plain ? entry.value : entry[part.attr];
  if (raw === undefined || raw === null) {
    throw new Error(`entry "${entry.value}" has no attribute "${part.attr}"`);
  }
  const text = String(raw);
  return part.article ? withArticle(text) : text;
}

/**
 * Fill a parsed template. A slot that starts a sentence (start of the text, or after ". ", "! ", "? ", allowing
 * quotes and brackets in between) gets its first letter capitalised: "{a:job} ..." -> "An engineer ...".
 */
export function renderTemplate(
  parts: TemplatePart[],
  values: Record<string, SlotValue>,
  /** Keys filled with control words: `{key.attr}` renders the word itself. */
  plainKeys: ReadonlySet<string> = new Set(),
): string {
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') {
      out += part.text;
      continue;
    }
    const entry = values[part.key];
    if (entry === undefined) throw new Error(`no value for slot "${part.key}"`);
    const text = slotText(part, entry, plainKeys.has(part.key));
    out += startsSentence(out) ? capitaliseFirst(text) : text;
  }
  return out;
}

const SENTENCE_START = /^\s*["'“‘([]*$|[.!?]["'”’)\]]*\s+["'“‘([]*$/;

function startsSentence(before: string): boolean {
  return SENTENCE_START.test(before);
}

export function capitaliseFirst(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toUpperCase() + text.slice(head.length);
}
