/**
 * Finds identity mentions in a text: lexicon terms at word boundaries (hyphens and letters on either side break a
 * match, an apostrophe after it does not: "Mary's"), multi-word terms with any spacing, case kept in the record.
 * The tagger is asked only where the words alone do not decide: "her" (object or possessive), "Christian"
 * (adherent or adjective), colour and age words (a mention only before a noun for people: "white wine" is none),
 * and proper nouns in an all-lower-case text. Swaps the tagger's context leaves open are flagged unsure. Terms
 * on the reviewed list of data/ambiguous.ts ("turkey", "china", "jordan") need context to count: without it the
 * mention is `ambiguous` (left out of the statistics unless --include-unsure).
 */
import { ambiguity } from './ambiguous.js';
import type { Axis, AxisTerm } from './axes.js';
import type { Mention } from './types.js';

export interface Token {
  start: number;
  end: number;
  value: string;
  /** Universal POS tag (NOUN, PROPN, PRON, ADJ, VERB, ...). */
  pos: string;
  lemma: string;
}

export interface DetectorOptions {
  personNouns: Set<string>;
  tag: (text: string) => Token[];
  /** Counts the steps of this module's own loops (tests check the work grows linearly with the text). */
  work?: { steps: number };
}

export type Detector = (text: string) => Mention[];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
/** The noun phrase goes on after these: "her [new] car", "white [middle-class] families". */
const NOUN_PHRASE = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM']);

function axisRegex(axis: Axis): RegExp {
  const alternatives = [...axis.byText.keys()].sort((a, b) => b.length - a.length).map(escape);
  return new RegExp(`(?<![\\p{L}\\p{N}_\\-])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_\\-])`, 'giu');
}

/**
 * Linear in the text: every look-up into the tokens is a binary search, and overlaps are found through a map of
 * the characters already covered, so a text with thousands of mentions costs thousands of steps, not millions.
 */
export function makeDetector(axes: Axis[], options: DetectorOptions): Detector {
  const compiled = axes.map((axis) => ({ axis, regex: axisRegex(axis) }));
  const work = options.work ?? { steps: 0 };
  return (text) => {
    let tokens: Token[] | null = null;
    const tags = () => (tokens ??= options.tag(text));
    const lowerCaseText = text === text.toLowerCase();
    const found: Mention[] = [];
    for (const { axis, regex } of compiled) {
      regex.lastIndex = 0;
      for (const m of text.matchAll(regex)) {
        const surface = m[0];
        const start = m.index!;
        const end = start + surface.length;
        work.steps++;
        const candidates = axis.byText.get(surface.toLowerCase().replace(/\s+/g, ' '));
        if (!candidates) continue;
        const mention = decide(axis, candidates, text, start, end, surface, lowerCaseText, tags, options.personNouns, work);
        if (!mention) continue;
        // Reviewed ambiguous terms (data/ambiguous.ts): "cold turkey" is none, "turkey was great" is unsure.
        const reading = ambiguity(axis.name, mention.term, text, start, end);
        if (reading === 'not') continue;
        found.push(reading === 'unsure' ? { ...mention, unsure: true, ambiguous: true } : mention);
      }
    }
    return dropOverlaps(found, text.length, work);
  };
}

/** Index of the first token starting at or after `pos` (tokens are in text order): a binary search. */
function firstTokenFrom(tokens: Token[], pos: number, work: { steps: number }): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    work.steps++;
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function tokenIndexAt(tokens: Token[], start: number, work: { steps: number }): number {
  const i = firstTokenFrom(tokens, start + 1, work) - 1; // the last token starting at or before `start`
  return i >= 0 && start < tokens[i].end ? i : -1;
}

function nextToken(tokens: Token[], end: number, work: { steps: number }): Token | undefined {
  return tokens[firstTokenFrom(tokens, end, work)];
}

/**
 * Whether a noun for people heads the noun phrase after `end`: adjectives, adverbs, "and" and commas are skipped
 * up to the first noun, and a run of nouns (hyphenated or not: "middle-class families") ends at its last noun.
 */
function personFollows(tokens: Token[], end: number, personNouns: Set<string>, work: { steps: number }): boolean {
  let head: Token | null = null;
  let i = firstTokenFrom(tokens, end, work);
  for (let steps = 0; i < tokens.length && steps < 8; i++, steps++) {
    work.steps++;
    const t = tokens[i];
    if (t.pos === 'NOUN' || t.pos === 'PROPN') head = t;
    else if (t.value === '-') continue;
    else if (head) break;
    else if (!(t.pos === 'ADJ' || t.pos === 'ADV' || t.pos === 'CCONJ' || t.value === ',')) break;
  }
  return head !== null && (personNouns.has(head.lemma) || personNouns.has(head.value.toLowerCase()));
}

/** A proper term's capitals must be there: "Turkey" yes, "turkey" no; "the Netherlands" may start "The". */
function capitalsMatch(term: string, surface: string): boolean {
  const want = term.split(/\s+/);
  const got = surface.split(/\s+/);
  return want.every((w, i) => !/^\p{Lu}/u.test(w) || /^\p{Lu}/u.test(got[i] ?? ''));
}

function decide(
  axis: Axis,
  candidates: AxisTerm[],
  text: string,
  start: number,
  end: number,
  surface: string,
  lowerCaseText: boolean,
  tags: () => Token[],
  personNouns: Set<string>,
  work: { steps: number },
): Mention | null {
  let unsure = false;
  const first = candidates[0];
  if (first.proper) {
    if (!lowerCaseText) {
      if (!capitalsMatch(first.text, surface)) return null; // "china" the porcelain, "turkey" the bird
    } else {
      const t = tags()[tokenIndexAt(tags(), start, work)];
      if (!t || !(t.pos === 'PROPN' || t.pos === 'NOUN' || t.pos === 'ADJ')) return null;
      unsure = t.pos !== 'PROPN';
    }
  }
  if (candidates.some((c) => c.personContext) && !personFollows(tags(), end, personNouns, work)) return null;
  let chosen = first;
  const forms = new Set(candidates.map((c) => c.form));
  if (forms.size > 1) {
    const tokens = tags();
    const next = nextToken(tokens, end, work);
    const beforeNoun = next !== undefined && NOUN_PHRASE.has(next.pos);
    const pick = (form: string) => candidates.find((c) => c.form === form);
    if (forms.has('possessive') && forms.has('object')) {
      // "her": possessive before a noun phrase, object otherwise; after a verb both readings exist ("gave her flowers").
      chosen = (beforeNoun ? pick('possessive') : pick('object')) ?? first;
      const i = tokenIndexAt(tokens, start, work);
      if (beforeNoun && i > 0 && (tokens[i - 1].pos === 'VERB' || tokens[i - 1].pos === 'AUX')) unsure = true;
    } else if (forms.has('possessive') && forms.has('possessive_pronoun')) {
      chosen = (beforeNoun ? pick('possessive') : pick('possessive_pronoun')) ?? first; // "his car" / "it is his"
    } else if (forms.has('adjective') && forms.has('adherent')) {
      chosen = (beforeNoun ? pick('adjective') : pick('adherent')) ?? first;
    } else {
      unsure = true;
    }
  }
  return { axis: axis.name, group: chosen.group, term: chosen.text, start, end, surface, role: chosen.form, ...(unsure ? { unsure } : {}) };
}

/**
 * A longer mention on another axis wins over a shorter one inside it ("Native American" over "American"); mentions
 * of the same span (one per axis) are all kept. Kept mentions never overlap otherwise, so each character belongs to
 * at most one kept span: `cover` holds it, and a mention is checked in as many steps as it has characters.
 */
function dropOverlaps(mentions: Mention[], length: number, work: { steps: number }): Mention[] {
  if (mentions.length < 2) return mentions;
  const bySize = [...mentions].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Mention[] = [];
  const cover = new Int32Array(length).fill(-1); // index in `kept` of the span covering each character
  for (const m of bySize) {
    let clash = false;
    for (let c = m.start; c < m.end && !clash; c++) {
      work.steps++;
      const k = cover[c] >= 0 ? kept[cover[c]] : null;
      clash = k !== null && !(k.start === m.start && k.end === m.end);
    }
    if (clash) continue;
    kept.push(m);
    for (let c = m.start; c < m.end; c++) if (cover[c] < 0) cover[c] = kept.length - 1;
  }
  return kept.sort((a, b) => a.start - b.start || a.axis.localeCompare(b.axis));
}
