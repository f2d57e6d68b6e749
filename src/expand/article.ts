/**
 * English indefinite article for `{a:slot}`: "a" or "an", chosen by the SOUND of the next word, not its first letter.
 * The rule set is small on purpose; every rule is listed here and pinned by test/expand/article.test.ts.
 *
 *  1. Numbers as spoken: "an" for 8..., and for 11 and 18 alone or as the lead group of thousands/millions
 *     ("an 8-year-old", "an 11th", "an 18,000", "an 11,000,000"), else "a" ("a 110", "a 1,100").
 *  2. Spelled-out initialisms (all capitals, at most 3 letters or no vowel; single capital letters) go by the
 *     name of the first letter: "an MBA", "an FBI agent", "an NGO", "an LGBT", "a UN official", "a URL", "an F",
 *     "a U-turn". Longer capitalised words with a vowel are read as words ("a NATO", "an OPEC"); those starting
 *     with U say "you" ("a UNESCO", "a UNICEF").
 *  3. Silent h: "an hour", "an honest", "an honour"/"an honor", "an heir", "an heiress".
 *  4. Vowel letters sounding like "y" or "w": "a university", "a unicorn", "a union", "a unique", "a unit",
 *     "a user", "a usual", "a utensil", "a European", "a euro", "a ewe", "a one-off", "a once", "a Ugandan",
 *     "a Ukrainian", "a Uruguayan", "a Utahn", "a unanimous", "a uranium", "a urologist"
 *     ("un-" words other than these keep "an": "an uninformed", "an unidentified", "an unusual").
 *  5. Otherwise "an" before a, e, i, o, u and "a" before anything else.
 */

const SILENT_H = /^(hour|honest|hono(u)?r|heir)/;
const YOU_OR_WON = /^(uni(?![nmd])|unanim|use|usu|uten|uti|ura|uro|eu|ewe|one(?!r)|once|ugand|ukrain|urug|utah)/;
const LETTER_NAMES_WITH_VOWEL_SOUND = 'AEFHILMNORSX';

/** "a" or "an" for the given word (or phrase: only its first word counts). Lower case. */
export function indefiniteArticle(phrase: string): 'a' | 'an' {
  const word = firstWord(phrase);
  if (word === '') return 'a';
  if (/^\d/.test(word)) return numberArticle(word);
  const letters = initialism(word);
  if (letters !== null) return LETTER_NAMES_WITH_VOWEL_SOUND.includes(letters[0]) ? 'an' : 'a';
  // Capitalised acronyms read as words and starting with U say "you": "a UNESCO", "a UNICEF".
  if (/^U[A-Z]{3,}/.test(word)) return 'a';
  const lower = word.toLowerCase();
  if (SILENT_H.test(lower)) return 'an';
  if (YOU_OR_WON.test(lower)) return 'a';
  return /^[aeiou]/.test(lower) ? 'an' : 'a';
}

/** The phrase with its article in front: withArticle("engineer") === "an engineer". */
export function withArticle(phrase: string): string {
  return `${indefiniteArticle(phrase)} ${phrase}`;
}

function firstWord(phrase: string): string {
  // Skip leading quotes and brackets; a word ends at whitespace or a hyphen ("X-ray" is read from "X").
  const match = /^[\s"'“‘([]*([^\s\-–—]*)/.exec(phrase);
  return match ? match[1] : '';
}

function numberArticle(word: string): 'a' | 'an' {
  const digits = word.replace(/[,_]/g, '').match(/^\d+/)?.[0] ?? '';
  if (digits.startsWith('8')) return 'an';
  // "eleven" and "eighteen", also as the leading group of thousands: 11, 18, 11,000, 18,500,000.
  if ((digits.length - 2) % 3 === 0 && (digits.startsWith('11') || digits.startsWith('18'))) return 'an';
  return 'a';
}

/** The capital letters of a spelled-out initialism ("MBA", "U.S.", "NGOs", "F"), or null for a word. */
function initialism(word: string): string | null {
  const letters = word.replace(/[^A-Za-z]/g, '');
  const match = /^([A-Z]+)s?$/.exec(letters);
  if (!match) return null;
  const core = match[1];
  if (core.length === 1) return letters.length === 1 ? core : null;
  return core.length <= 3 || !/[AEIOU]/.test(core) ? core : null;
}
