/**
 * Words for the cells of two crossed attributes (issue #26), shared by the report's grid, the findings, `audit summary`
 * and the exports: "names of Black women", "women from Kenya", "the race/ethnicity and gender effects". Level keys are
 * data from lexicons: callers escape what these return for their medium.
 */
import { points } from './format.js';

const PEOPLE: Record<string, string> = { female: 'women', male: 'men', neutral: 'people' };
/** Attribute words as a reviewer says them; anything else is the attribute's own name with spaces. */
const ATTRIBUTE_WORDS: Record<string, string> = { ethnicity: 'race/ethnicity', race: 'race/ethnicity', race_ethnicity: 'race/ethnicity' };
/** Level keys that are not written as capitalised words ("latino" -> "Latino"), for ethnicity-like attributes. */
const CAPITALISED = /^(ethnicity|race|race_ethnicity|country|nationality|religion)$/;

/** "name.ethnicity" -> { slot: "name", attr: "ethnicity" }; "country" -> { slot: "country", attr: null }. */
function split(attribute: string): { slot: string; attr: string | null } {
  const [slot, attr] = attribute.split('.');
  return { slot, attr: attr ?? null };
}

/** The word for an attribute in "the race/ethnicity and gender effects". */
export function attributeWord(attribute: string): string {
  const { slot, attr } = split(attribute);
  const name = attr ?? slot;
  return ATTRIBUTE_WORDS[name] ?? name.replace(/_/g, ' ');
}

function levelWord(attribute: string, level: string): string {
  const { slot, attr } = split(attribute);
  const kind = attr ?? slot;
  return CAPITALISED.test(kind) && /^[a-z]/.test(level) && !level.includes(' ') ? level.charAt(0).toUpperCase() + level.slice(1) : level;
}

const isGender = (attribute: string) => split(attribute).attr === 'gender' || split(attribute).slot === 'gender';

/**
 * The people a cell is about, in plain words: "Black women" (ethnicity x gender), "women from Kenya" (a country x
 * gender), "men (age: old)"; without a gender attribute "arab × old" style pairs stay as "A × B".
 */
export function cellPeople(attributes: [string, string], a: string, b: string): string {
  const genderIndex = isGender(attributes[1]) ? 1 : isGender(attributes[0]) ? 0 : -1;
  if (genderIndex < 0 || !PEOPLE[genderIndex === 1 ? b : a]) return `${levelWord(attributes[0], a)} \u00d7 ${levelWord(attributes[1], b)}`;
  const people = PEOPLE[genderIndex === 1 ? b : a];
  const otherAttribute = attributes[1 - genderIndex];
  const other = levelWord(otherAttribute, genderIndex === 1 ? a : b);
  const kind = split(otherAttribute).attr ?? split(otherAttribute).slot;
  // Adjectives go before the people ("Black women", "Kenyan women"); countries after them ("women from Kenya").
  if (/^(ethnicity|race|race_ethnicity|religion|age|nationality)$/.test(kind)) return `${other} ${people}`;
  if (kind === 'country') return `${people} from ${other}`;
  return `${people} (${attributeWord(otherAttribute)}: ${other})`;
}

/** What the sentences of a cell name: "names of Black women" when a name carries the attributes, else "sentences about ...". */
export function cellSubject(attributes: [string, string], a: string, b: string): string {
  const people = cellPeople(attributes, a, b);
  const byName = attributes.some((x) => split(x).slot === 'name' || split(x).slot.endsWith('_name'));
  if (people.includes('\u00d7')) return `sentences of the cell ${people}`;
  return byName ? `names of ${people}` : `sentences about ${people}`;
}

/** A level of one attribute on its own, for the main effects: "Black", "women", "Kenya". */
export function levelLabel(attribute: string, level: string): string {
  return isGender(attribute) && PEOPLE[level] ? PEOPLE[level] : levelWord(attribute, level);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Which multiplicity family an interval is simultaneous over: "simultaneous over the 10 interactions", "over 1 tetrad". */
export function familyWords(family: 'interactions' | 'tetrads', size: number): string {
  const noun = family === 'interactions' ? 'interaction' : 'tetrad';
  return `simultaneous over ${size === 1 ? `1 ${noun}` : `the ${size} ${noun}s`}`;
}

/** One interaction: "Names of Black women score 4 points lower than the race/ethnicity and gender effects alone predict". */
export function interactionWords(attributes: [string, string], a: string, b: string, estimate: number): string {
  const effects = `the ${attributeWord(attributes[0])} and ${attributeWord(attributes[1])} effects alone predict`;
  // Under 0.05 points both "0.0 points higher" and "lower" would mislead.
  if (Math.abs(estimate) < 0.0005) return `${capitalise(cellSubject(attributes, a, b))} score what ${effects}`;
  return `${capitalise(cellSubject(attributes, a, b))} score ${points(estimate)} ${estimate < 0 ? 'lower' : 'higher'} than ${effects}`;
}

/** One tetrad (a x b - a x b2 - a2 x b + a2 x b2): "The women \u2212 men difference is 20 points larger for Black than for White". */
export function tetradWords(attributes: [string, string], a: [string, string], b: [string, string], estimate: number,
  measure = 'score'): string {
  const [A, B] = attributes;
  const of = MEASURES[measure] ? ` in ${MEASURES[measure].noun}` : '';
  const gap = `The ${levelLabel(B, b[0])} \u2212 ${levelLabel(B, b[1])} difference${of}`;
  if (Math.abs(estimate) < 0.0005) return `${gap} is the same for ${levelLabel(A, a[0])} as for ${levelLabel(A, a[1])}`;
  const size = `${points(estimate)} ${estimate < 0 ? 'smaller' : 'larger'}`;
  return `${gap} is ${size} for ${levelLabel(A, a[0])} than for ${levelLabel(A, a[1])}`;
}

/** The quantities of a data run's tables (data.factorial): which texts they average over and how a cell "scores". */
const MEASURES: Record<string, { texts: string; verb: string; noun: string }> = {
  mean_score: { texts: 'texts', verb: 'score', noun: 'the mean score' },
  positive_rate: { texts: 'texts', verb: 'have a positive rate', noun: 'the positive rate' },
  tpr: { texts: 'positive texts', verb: 'have a true positive rate', noun: 'the true positive rate' },
  fpr: { texts: 'negative texts', verb: 'have a false positive rate', noun: 'the false positive rate' },
};

/** A data axis that is a --group-columns column: its levels are the column and "not <column>" (data/intersect.ts). */
const isColumn = (attribute: string, levels: readonly string[]) =>
  levels.length === 2 && levels[0] === attribute && levels[1] === `not ${attribute}`;

/**
 * The texts of a data run's cell: "negative texts mentioning Kenyan women", "texts in \u201caae\u201d mentioning women",
 * "texts mentioning Muslim and old". `levels` tell a --group-columns axis (in or outside the column) from a detected one.
 */
export function dataCellTexts(attributes: [string, string], levels: [readonly string[], readonly string[]], a: string, b: string,
  measure: string): string {
  const texts = MEASURES[measure]?.texts ?? 'texts';
  const columns = [0, 1].map((k) => isColumn(attributes[k], levels[k]));
  const where = [a, b].flatMap((level, k) => (columns[k] ? [level.startsWith('not ') ? `outside \u201c${attributes[k]}\u201d` :
    `in \u201c${attributes[k]}\u201d`] : []));
  let mentioning: string;
  if (columns[0] || columns[1]) {
    const k = columns[0] ? 1 : 0;
    mentioning = columns[k] ? '' : ` mentioning ${levelLabel(attributes[k], k === 0 ? a : b)}`;
  } else {
    const people = cellPeople(attributes, a, b);
    const pair = `${levelLabel(attributes[0], a)} and ${levelLabel(attributes[1], b)}`;
    mentioning = ` mentioning ${people.includes('\u00d7') ? pair : people}`;
  }
  return `${texts}${where.length ? ` ${where.join(' and ')}` : ''}${mentioning}`;
}

/**
 * One interaction of a data run's table, as interactionWords says a probe's: "Negative texts mentioning Kenyan women have
 * a false positive rate 10 points lower than the gender and nationality effects alone predict".
 */
export function dataInteractionWords(attributes: [string, string], levels: [readonly string[], readonly string[]], a: string, b: string,
  estimate: number, measure: string): string {
  const subject = capitalise(dataCellTexts(attributes, levels, a, b, measure));
  const verb = MEASURES[measure]?.verb ?? 'score';
  const effects = `the ${attributeWord(attributes[0])} and ${attributeWord(attributes[1])} effects alone predict`;
  if (Math.abs(estimate) < 0.0005) return `${subject} ${verb} what ${effects}`;
  return `${subject} ${verb} ${points(estimate)} ${estimate < 0 ? 'lower' : 'higher'} than ${effects}`;
}

/** What every reader of a factorial table needs to word one of its gate family's effects. */
export interface WordedTable {
  attributes: [string, string];
  levels: [string[], string[]];
  /** "score" (a probe's table) or a data run's measure (mean_score, positive_rate, tpr, fpr). */
  measure: string;
}

/** One interaction or tetrad in words, for a probe's table or a data run's (its measure's wording). */
export function effectWords(table: WordedTable, e: { a: string | [string, string] | null; b: string | [string, string] | null;
  estimate: number }): string {
  if (Array.isArray(e.a) && Array.isArray(e.b)) return tetradWords(table.attributes, e.a, e.b, e.estimate, table.measure);
  const [a, b] = [e.a as string, e.b as string];
  return MEASURES[table.measure]
    ? dataInteractionWords(table.attributes, table.levels, a, b, e.estimate, table.measure)
    : interactionWords(table.attributes, a, b, e.estimate);
}
