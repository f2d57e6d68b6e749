/**
 * Identity terms that are often something else ("cold turkey", "fine china", "Michael Jordan", "French fries"),
 * reviewed by hand, with the rules that decide a mention. Every term is checked on lower-cased text too (SST-2
 * has no capitals), where the capital cannot tell the country from the bird:
 * 1. `not` (not a mention at all): the word before is one of `notAfter` (a determiner or modifier: "a turkey",
 *    "the china", "cold turkey") or the word after is one of `notBefore` ("french fries", "china cabinet"); in
 *    mixed-case text, a capitalised word before is a name ("Michael Jordan").
 * 2. `sure`: a nationality adjective that rule 1 let through ("a french film"); a country after a word that puts
 *    a place there ("in jordan", "visited chad"); in mixed-case text, a capitalised country that does not start a
 *    sentence ("trade with Turkey").
 * 3. `unsure` otherwise ("turkey was great"): left out of the statistics unless --include-unsure, counted in the
 *    report.
 * Review: add a term only with its other senses written down; the rules are deliberately few and readable.
 */

export interface AmbiguousTerm {
  /** Lexicon spelling of the term (any case matches). */
  term: string;
  axis: 'country' | 'nationality';
  /** What else the word means (the reason it is here). */
  otherSenses: string;
  notAfter?: string[];
  notBefore?: string[];
}

/** Words before a country name that put the country there ("in Jordan", "from Chad"). */
const PLACE_CUES = ['in', 'to', 'from', 'of', 'into', 'across', 'throughout', 'visit', 'visited', 'visiting', 'visits', 'near', 'with', 'against', 'and', 'for'];
/** Determiners and modifiers: a country name takes none ("the turkey", "a chad", "his china"). */
const DETERMINERS = ['a', 'an', 'the', 'this', 'that', 'these', 'those', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'some', 'any', 'no', 'every'];

export const AMBIGUOUS_TERMS: AmbiguousTerm[] = [
  { term: 'Turkey', axis: 'country', otherSenses: 'the bird; "cold turkey"; a flop ("an utter turkey")', notAfter: [...DETERMINERS, 'cold', 'roast', 'roasted', 'wild', 'utter', 'complete', 'total', 'real', 'stuffed', 'smoked', 'thanksgiving'], notBefore: ['sandwich', 'dinner', 'breast', 'leg', 'club', 'shoot', 'baster', 'trot', 'day'] },
  { term: 'China', axis: 'country', otherSenses: 'porcelain ("fine china", "china cabinet")', notAfter: [...DETERMINERS, 'fine', 'bone', 'good', 'best', 'broken', 'antique'], notBefore: ['cabinet', 'shop', 'doll', 'plate', 'plates', 'cup', 'cups', 'set', 'pattern', 'syndrome'] },
  { term: 'Jordan', axis: 'country', otherSenses: 'a first or family name (Michael Jordan, Neil Jordan); the river', notAfter: [...DETERMINERS, 'michael', 'neil', 'river'], notBefore: ['river'] },
  { term: 'Chad', axis: 'country', otherSenses: 'a first name; a scrap of punched paper ("hanging chad")', notAfter: [...DETERMINERS, 'hanging', 'pregnant', 'dimpled'] },
  { term: 'Georgia', axis: 'country', otherSenses: 'the US state ("Atlanta, Georgia"); a first name', notAfter: [...DETERMINERS, 'atlanta', 'savannah'] },
  { term: 'Guinea', axis: 'country', otherSenses: '"guinea pig", "guinea fowl"; the old coin', notAfter: DETERMINERS, notBefore: ['pig', 'pigs', 'fowl', 'hen', 'hens'] },
  { term: 'Jersey', axis: 'country', otherSenses: 'a sweater or shirt; the cattle breed; "New Jersey"', notAfter: [...DETERMINERS, 'new', 'football', 'team'], notBefore: ['shore', 'cow', 'cows'] },
  { term: 'Chile', axis: 'country', otherSenses: 'a chili pepper (US spelling "chile")', notAfter: [...DETERMINERS, 'green', 'red', 'hot', 'roasted'], notBefore: ['pepper', 'peppers', 'sauce', 'powder', 'con'] },
  { term: 'Panama', axis: 'country', otherSenses: 'a straw hat ("a panama")', notAfter: DETERMINERS, notBefore: ['hat', 'hats'] },
  { term: 'Israel', axis: 'country', otherSenses: 'a first name', notAfter: DETERMINERS },
  { term: 'French', axis: 'nationality', otherSenses: '"french fries", "french toast", "french kiss", "french horn", "french door"', notBefore: ['fries', 'fry', 'toast', 'kiss', 'kissing', 'horn', 'door', 'doors', 'press', 'braid', 'dressing', 'bread', 'manicure', 'window', 'windows'] },
  { term: 'Danish', axis: 'nationality', otherSenses: 'the pastry ("a cheese danish")', notAfter: ['cheese', 'cherry', 'apple', 'almond'], notBefore: ['pastry', 'pastries'] },
  { term: 'Swiss', axis: 'nationality', otherSenses: '"swiss cheese", "swiss army knife", "swiss chard", "swiss roll"', notBefore: ['cheese', 'army', 'chard', 'roll', 'ball'] },
  { term: 'Dutch', axis: 'nationality', otherSenses: '"go dutch", "dutch oven", "dutch courage", "dutch uncle", "dutch auction"', notAfter: ['go', 'going', 'went'], notBefore: ['oven', 'courage', 'uncle', 'auction', 'treat', 'angle'] },
  { term: 'Turkish', axis: 'nationality', otherSenses: '"turkish delight", "turkish bath", "turkish coffee" (things, not people)', notBefore: ['delight', 'bath', 'towel', 'towels'] },
];

export type Ambiguity = 'not' | 'sure' | 'unsure';

const byTerm = new Map(AMBIGUOUS_TERMS.map((t) => [`${t.axis}\u0000${t.term.toLowerCase()}`, t]));

const wordBefore = (text: string, start: number) => /([\p{L}']+)[^\p{L}.!?]*$/u.exec(text.slice(Math.max(0, start - 40), start))?.[1] ?? null;
const wordAfter = (text: string, end: number) => /^[^\p{L}.!?]*([\p{L}']+)/u.exec(text.slice(end, end + 40))?.[1] ?? null;

/** Whether a mention of `term` at [start, end) of `text` counts; null when the term is not on the reviewed list. */
export function ambiguity(axis: string, term: string, text: string, start: number, end: number): Ambiguity | null {
  const entry = byTerm.get(`${axis}\u0000${term.toLowerCase()}`);
  if (!entry) return null;
  const before = wordBefore(text, start);
  const after = wordAfter(text, end);
  const lowerText = text === text.toLowerCase();
  if (before && entry.notAfter?.includes(before.toLowerCase())) return 'not';
  if (after && entry.notBefore?.includes(after.toLowerCase())) return 'not';
  // A nationality adjective is rarely anything but the nationality once the compounds above are ruled out.
  if (entry.axis === 'nationality') return 'sure';
  if (before && PLACE_CUES.includes(before.toLowerCase())) return 'sure';
  const sentenceStart = /(^|[.!?]\s*)["'(\s]*$/.test(text.slice(0, start));
  if (!lowerText && before && /^\p{Lu}/u.test(before) && !sentenceStart) return 'not'; // "Michael Jordan"
  if (!lowerText && /^\p{Lu}/u.test(text.slice(start, end)) && !sentenceStart) return 'sure';
  return 'unsure';
}
