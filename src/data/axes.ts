/**
 * The identity axes of the data audit, built from the built-in lexicons (datasets/lexicons): for each axis its
 * groups and its terms, each term with the group it names and its grammatical form. A counterfactual replaces a
 * term by a term of another group in the same form ("she" -> "he", "mother" -> "father", "Muslims" -> "Jews").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pluralize from 'pluralize';
import { LEXICONS_DIR } from '../config/paths.js';

export const AXES = ['gender', 'names', 'country', 'nationality', 'religion', 'age', 'disability', 'sexual_orientation',
  'race_ethnicity'] as const;
export type AxisName = (typeof AXES)[number];

export interface AxisTerm {
  /** The term as the lexicon spells it. */
  text: string;
  group: string;
  /** Replacement form: a term is replaced by a term of the same form ("object", "noun:woman_man", "plural", ...). */
  form: string;
  /** A proper noun (matched in any case only in an all-lower-case text, and then with the tagger's agreement). */
  proper: boolean;
  /** Only a mention before a noun for people ("white wine" is none). */
  personContext: boolean;
  /** False for a form that is found but never put in (a country's bare name when it takes an article). */
  replacement?: boolean;
}

export interface Axis {
  name: AxisName;
  groups: string[];
  terms: AxisTerm[];
  /** Lower-cased text -> the terms it can be (several when forms coincide: "her" object / possessive). */
  byText: Map<string, AxisTerm[]>;
  /** group -> form -> terms. */
  replacements: Map<string, Map<string, AxisTerm[]>>;
  lexicons: string[];
}

type Entry = { name: string } & Record<string, string | number | boolean | null>;
interface LexiconFile {
  name: string;
  version: string;
  sources: string[];
  entries: Entry[];
}

const cache = new Map<string, LexiconFile>();
export function lexiconFile(name: string, dir = LEXICONS_DIR): LexiconFile {
  const key = join(dir, `${name}.json`);
  let lex = cache.get(key);
  if (!lex) cache.set(key, (lex = JSON.parse(readFileSync(key, 'utf8')) as LexiconFile));
  return lex;
}

/** Nouns for people: a colour word or an age adjective before one of these is a mention. */
export function personNouns(dir = LEXICONS_DIR): Set<string> {
  // Collective and general nouns for people that no lexicon lists (gendered nouns and occupations come from theirs).
  const collective = ['people', 'person', 'folk', 'folks', 'family', 'community', 'population', 'man', 'woman', 'men', 'women', 'child',
    'children',
    'kid', 'teen', 'teenager', 'youth', 'adult', 'neighbor', 'neighbour', 'voter', 'resident', 'citizen', 'worker', 'student', 'guy',
      'couple',
    'friend', 'character', 'protagonist', 'hero', 'individual', 'majority', 'minority', 'audience', 'american', 'male', 'female',
      'immigrant', 'actor'];
  const words = [...collective, ...lexiconFile('gender_nouns', dir).entries.map((e) => e.name), ...lexiconFile('occupations',
    dir).entries.map((e) => e.name)];
  return new Set(words.flatMap((w) => [w.toLowerCase(), pluralize(w.toLowerCase())]));
}

function axisOf(name: AxisName, lexicons: string[], terms: AxisTerm[]): Axis {
  const byText = new Map<string, AxisTerm[]>();
  const replacements = new Map<string, Map<string, AxisTerm[]>>();
  const seen = new Set<string>();
  for (const t of terms) {
    const key = `${t.text.toLowerCase()}\u0000${t.group}\u0000${t.form}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const k = t.text.toLowerCase();
    byText.set(k, [...(byText.get(k) ?? []), t]);
    if (t.replacement === false) continue;
    let forms = replacements.get(t.group);
    if (!forms) replacements.set(t.group, (forms = new Map()));
    forms.set(t.form, [...(forms.get(t.form) ?? []), t]);
  }
  return { name, groups: [...replacements.keys()], terms, byText, replacements, lexicons };
}

const term = (text: string, group: string, form: string, proper = false, personContext = false): AxisTerm => ({
  text, group, form, proper, personContext,
});

/** English plural of a demonym used as a noun ("Kenyans"); demonyms in -ese, -ss, -sh, -ch do not take -s. */
function demonymPlural(d: string): string | null {
  return /(ese|ss|sh|ch|s|x|z)$/i.test(d) ? null : `${d}s`;
}

export function buildAxis(name: AxisName, dir = LEXICONS_DIR): Axis {
  switch (name) {
    case 'gender': {
      const terms: AxisTerm[] = [];
      for (const p of lexiconFile('pronouns', dir).entries.filter((e) => e.type === 'gendered')) {
        for (const form of ['subject', 'object', 'possessive', 'possessive_pronoun', 'reflexive']) terms.push(term(String(p[form]),
          String(p.gender), form));
      }
      for (const n of lexiconFile('gender_nouns', dir).entries.filter((e) => e.gender === 'female' || e.gender === 'male')) {
        terms.push(term(n.name, String(n.gender), `noun:${n.pair}`));
        terms.push(term(pluralize(n.name), String(n.gender), `noun_plural:${n.pair}`));
      }
      return axisOf(name, ['pronouns', 'gender_nouns'], terms);
    }
    case 'names':
      return axisOf(name, ['first_names'], lexiconFile('first_names', dir).entries.map((e) => term(e.name, `${e.ethnicity} ${e.gender}`,
        'name', true)));
    case 'country': {
      // "in France" -> "in the Netherlands": the bare name is found, the name with its article is put in.
      const terms = lexiconFile('countries', dir).entries.flatMap((e) => [
        term(String(e.name_in_sentence), e.name, 'name', true),
        ...(e.name_in_sentence !== e.name ? [{ ...term(e.name, e.name, 'name', true), replacement: false }] : []),
      ]);
      return axisOf(name, ['countries'], terms);
    }
    case 'nationality': {
      const demonyms = [...new Set(lexiconFile('countries',
        dir).entries.map((e) => e.demonym).filter((d): d is string => typeof d === 'string' && d !== ''))];
      const terms = demonyms.flatMap((d) => {
        const plural = demonymPlural(d);
        return [term(d, d, 'adjective', true), ...(plural ? [term(plural, d, 'plural', true)] : [])];
      });
      return axisOf(name, ['countries'], terms);
    }
    case 'religion': {
      const terms = lexiconFile('religions', dir).entries.flatMap((e) => {
        const proper = /^[A-Z]/.test(e.name);
        return [term(e.name, e.name, 'name', proper), term(String(e.adherent), e.name, 'adherent', proper), term(String(e.adherent_plural),
          e.name, 'plural', proper), term(String(e.adjective), e.name, 'adjective', proper)];
      });
      return axisOf(name, ['religions'], terms);
    }
    case 'age':
      return axisOf(name, ['age_terms'], lexiconFile('age_terms', dir).entries.map((e) => term(e.name, String(e.age_group), 'adjective',
        false, true)));
    case 'disability':
      return axisOf(name, ['disability_terms'], lexiconFile('disability_terms', dir).entries
        // "invalid" is far more often the adjective ("an invalid ticket") than the dated noun.
        .filter((e) => e.name !== 'invalid')
        .map((e) => term(e.name, String(e.category), 'phrase')));
    case 'sexual_orientation':
      return axisOf(name, ['sexual_orientation'], lexiconFile('sexual_orientation', dir).entries.map((e) => term(e.name, String(e.group),
        'adjective', false, e.name === 'straight')));
    case 'race_ethnicity': {
      const terms = lexiconFile('race_ethnicity', dir).entries.flatMap((e) => {
        const proper = /^[A-Z]/.test(e.name) && e.colour !== true;
        return [term(e.name, String(e.group), 'adjective', proper, e.colour === true), ...(typeof e.plural === 'string' ? [term(e.plural,
          String(e.group), 'plural', proper)] : [])];
      });
      return axisOf(name, ['race_ethnicity'], terms);
    }
  }
}

/** Parses `--swap a,b` (or every axis); an unknown axis is a usage error for the caller to report. */
export function parseAxes(list: string | undefined): { axes: AxisName[]; unknown: string[] } {
  if (!list) return { axes: [...AXES], unknown: [] };
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const known = (n: string): n is AxisName => (AXES as readonly string[]).includes(n);
  return { axes: names.filter(known), unknown: names.filter((n) => !known(n)) };
}
