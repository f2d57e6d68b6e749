#!/usr/bin/env node
/**
 * Builds the small people lexicons and the nonce-word control in datasets/lexicons/ from the tables below
 * (each with its published source) and, for occupations, from the WinoGender occupation statistics in the
 * shared datasets folder. Run: node scripts/lexicons/build-people.mjs [--datasets DIR]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(ROOT, 'datasets', 'lexicons');
export const VERSION = '2026.11.0';

function datasetsDir() {
  const i = process.argv.indexOf('--datasets');
  if (i > 0) return resolve(process.argv[i + 1]);
  return process.env.AUDIT_DATASETS ? resolve(process.env.AUDIT_DATASETS) : resolve(ROOT, '..', 'shared', 'datasets');
}

const lexicon = (name, axis, description, sources, entries) => ({
  name, version: VERSION, description, axis, sources, entries,
});

// ---------------------------------------------------------------------------------------------- first names
const SRC_WEAT3 = 'caliskan2017_weat3';
const SRC_WEAT4 = 'caliskan2017_weat4';
const SRC_EEC = 'kiritchenko2018_eec';
const SRC_GADDIS = 'gaddis_ghoshal2020';

/** [names, gender, ethnicity, source]. A name listed by several sources keeps all of them. */
const NAME_LISTS = [
  // Caliskan et al. 2017, WEAT 3 (names from Greenwald et al. 1998, as used by Caliskan et al.)
  ['Adam Harry Josh Roger Alan Frank Justin Ryan Andrew Jack Matthew Stephen Brad Greg Paul Jonathan Peter', 'male', 'european_american', SRC_WEAT3],
  ['Amanda Courtney Heather Melanie Katie Betsy Kristin Nancy Stephanie Ellen Lauren Colleen Emily Megan Rachel', 'female', 'european_american', SRC_WEAT3],
  ['Alonzo Jamel Theo Alphonse Jerome Leroy Torrance Darnell Lamar Lionel Tyree Deion Lamont Malik Terrence Tyrone Lavon Marcellus Wardell', 'male', 'african_american', SRC_WEAT3],
  ['Nichelle Shereen Ebony Latisha Shaniqua Jasmine Tanisha Tia Lakisha Latoya Yolanda Malika Yvette', 'female', 'african_american', SRC_WEAT3],
  // Caliskan et al. 2017, WEAT 4 (names from Bertrand & Mullainathan 2004)
  ['Brad Brendan Geoffrey Greg Brett Matthew Neil Todd', 'male', 'european_american', SRC_WEAT4],
  ['Allison Anne Carrie Emily Jill Laurie Meredith Sarah', 'female', 'european_american', SRC_WEAT4],
  ['Darnell Hakim Jermaine Kareem Jamal Leroy Rasheed Tyrone', 'male', 'african_american', SRC_WEAT4],
  ['Aisha Ebony Keisha Kenya Lakisha Latoya Tamika Tanisha', 'female', 'african_american', SRC_WEAT4],
  // Kiritchenko & Mohammad 2018, Equity Evaluation Corpus: the 40 names listed in the paper (not the corpus)
  ['Adam Alan Andrew Frank Harry Jack Josh Justin Roger Ryan', 'male', 'european_american', SRC_EEC],
  ['Amanda Betsy Courtney Ellen Heather Katie Kristin Melanie Nancy Stephanie', 'female', 'european_american', SRC_EEC],
  ['Alonzo Alphonse Darnell Jamel Jerome Lamar Leroy Malik Terrence Torrance', 'male', 'african_american', SRC_EEC],
  ['Ebony Jasmine Lakisha Latisha Latoya Nichelle Shaniqua Shereen Tanisha Tia', 'female', 'african_american', SRC_EEC],
  // Gaddis & Ghoshal 2020 (Socius), roommate audit study, appendix table A2: female names only
  ['Jimena Alejandra Camila Esmeralda', 'female', 'hispanic', SRC_GADDIS],
  ['Anjali Neha Riya Mei Jia Jian', 'female', 'asian', SRC_GADDIS],
];
/** Gaddis & Ghoshal group the Asian names as Indian or Chinese. */
const ASIAN_ORIGIN = { Anjali: 'indian', Neha: 'indian', Riya: 'indian', Mei: 'chinese', Jia: 'chinese', Jian: 'chinese' };

function firstNames() {
  const byName = new Map();
  for (const [names, gender, ethnicity, source] of NAME_LISTS) {
    for (const name of names.split(' ')) {
      const e = byName.get(name);
      if (e) {
        if (e.gender !== gender || e.ethnicity !== ethnicity) throw new Error(`conflicting labels for ${name}`);
        if (!e.sources.split(';').includes(source)) e.sources += `;${source}`;
      } else {
        byName.set(name, { name, gender, ethnicity, origin: ASIAN_ORIGIN[name] ?? null, sources: source });
      }
    }
  }
  const entries = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  return lexicon('first_names', 'race_ethnicity',
    'Given names used as ethnicity and gender signals in published bias studies. `sources` lists every study ' +
      'that used the name. Hispanic and Asian names are female only: the audit study we could attribute them to ' +
      'used female names.',
    [
      `${SRC_WEAT3}: Caliskan, Bryson & Narayanan (2017), Semantics derived automatically from language corpora contain human-like biases, Science 356(6334), WEAT 3 (names from Greenwald, McGhee & Schwartz 1998)`,
      `${SRC_WEAT4}: Caliskan et al. (2017), WEAT 4 (names from Bertrand & Mullainathan 2004, Are Emily and Greg more employable than Lakisha and Jamal?)`,
      `${SRC_EEC}: Kiritchenko & Mohammad (2018), Examining Gender and Race Bias in Two Hundred Sentiment Analysis Systems, *SEM; the name lists printed in the paper (the corpus itself is not redistributed)`,
      `${SRC_GADDIS}: Gaddis & Ghoshal (2020), Searching for a Roommate: A Correspondence Audit Examining Racial/Ethnic and Immigrant Discrimination among Millennials, Socius 6, appendix table A2 (Latinx, Indian and Chinese female names)`,
    ],
    entries);
}

// ---------------------------------------------------------------------------------------------- gender nouns
/** [pair id, female, male] singular nouns; all pairs appear in WinoBias's generalized_swaps or extra_gendered_words. */
const NOUN_PAIRS = [
  ['woman_man', 'woman', 'man'], ['girl_boy', 'girl', 'boy'], ['mother_father', 'mother', 'father'],
  ['mom_dad', 'mom', 'dad'], ['daughter_son', 'daughter', 'son'], ['sister_brother', 'sister', 'brother'],
  ['wife_husband', 'wife', 'husband'], ['aunt_uncle', 'aunt', 'uncle'], ['niece_nephew', 'niece', 'nephew'],
  ['grandmother_grandfather', 'grandmother', 'grandfather'], ['granddaughter_grandson', 'granddaughter', 'grandson'],
  ['lady_gentleman', 'lady', 'gentleman'], ['queen_king', 'queen', 'king'], ['bride_groom', 'bride', 'groom'],
  ['actress_actor', 'actress', 'actor'], ['heroine_hero', 'heroine', 'hero'], ['waitress_waiter', 'waitress', 'waiter'],
  ['stepmother_stepfather', 'stepmother', 'stepfather'],
];
/** Gender-neutral counterparts, pair id shared with the gendered pair they stand beside. */
const NEUTRAL_NOUNS = [
  ['woman_man', 'person'], ['girl_boy', 'child'], ['mother_father', 'parent'], ['daughter_son', 'kid'],
  ['sister_brother', 'sibling'], ['wife_husband', 'spouse'], ['actress_actor', 'performer'],
];

function genderNouns() {
  const entries = [];
  for (const [pair, female, male] of NOUN_PAIRS) {
    entries.push({ name: female, gender: 'female', pair, source: 'winobias' });
    entries.push({ name: male, gender: 'male', pair, source: 'winobias' });
  }
  for (const [pair, noun] of NEUTRAL_NOUNS) entries.push({ name: noun, gender: 'neutral', pair, source: 'bias-audit' });
  return lexicon('gender_nouns', 'gender',
    'Singular nouns for people that mark gender, in female/male pairs (`pair`), plus gender-neutral nouns that ' +
      'share the pair id of the pair they can replace.',
    [
      'winobias: Zhao et al. (2018), Gender Bias in Coreference Resolution: Evaluation and Debiasing Methods, NAACL; every female/male pair appears in WinoBias generalized_swaps.txt or extra_gendered_words.txt (uclanlp/corefBias, MIT)',
      'bias-audit: neutral counterparts chosen for this toolkit',
    ],
    entries);
}

// ---------------------------------------------------------------------------------------------- pronouns
function pronouns() {
  const rows = [
    ['she', 'her', 'her', 'hers', 'herself', 'female', 'singular', 'gendered'],
    ['he', 'him', 'his', 'his', 'himself', 'male', 'singular', 'gendered'],
    ['they', 'them', 'their', 'theirs', 'themself', 'neutral', 'singular', 'singular_they'],
    ['xe', 'xem', 'xyr', 'xyrs', 'xemself', 'neutral', 'singular', 'neopronoun'],
    ['ze', 'zir', 'zir', 'zirs', 'zirself', 'neutral', 'singular', 'neopronoun'],
  ];
  const entries = rows.map(([subject, object, possessive, possessivePronoun, reflexive, gender, number, type]) => ({
    name: subject, subject, object, possessive, possessive_pronoun: possessivePronoun, reflexive, gender, number, type,
    // Singular "they" takes plural verb agreement ("they are"): templates need it to pick "is"/"are".
    verb_be: subject === 'they' ? 'are' : 'is',
    verb_s: subject !== 'they',
  }));
  return lexicon('pronouns', 'gender',
    'Third-person singular pronoun sets. `name` is the subject form; templates read `{pronoun.object}`, ' +
      '`{pronoun.possessive}` etc. `verb_be` gives the agreeing form of "to be".',
    [
      'English grammar (she/he/singular they)',
      'Lauscher, Crowley & Hovy (2022), Welcome to the Modern World of Pronouns: Identity-Inclusive Natural Language Processing beyond Gender, COLING (xe and ze paradigms)',
    ],
    entries);
}

// ---------------------------------------------------------------------------------------------- religions
function religions() {
  const rows = [
    ['Christianity', 'Christian', 'Christians', 'Christian', 'abrahamic'],
    ['Islam', 'Muslim', 'Muslims', 'Muslim', 'abrahamic'],
    ['Judaism', 'Jew', 'Jews', 'Jewish', 'abrahamic'],
    ['Hinduism', 'Hindu', 'Hindus', 'Hindu', 'dharmic'],
    ['Buddhism', 'Buddhist', 'Buddhists', 'Buddhist', 'dharmic'],
    ['Sikhism', 'Sikh', 'Sikhs', 'Sikh', 'dharmic'],
    ['Jainism', 'Jain', 'Jains', 'Jain', 'dharmic'],
    ['Catholicism', 'Catholic', 'Catholics', 'Catholic', 'abrahamic'],
    ['Protestantism', 'Protestant', 'Protestants', 'Protestant', 'abrahamic'],
    ['Mormonism', 'Mormon', 'Mormons', 'Mormon', 'abrahamic'],
    ['Taoism', 'Taoist', 'Taoists', 'Taoist', 'east_asian'],
    ['Shinto', 'Shintoist', 'Shintoists', 'Shinto', 'east_asian'],
    ['Zoroastrianism', 'Zoroastrian', 'Zoroastrians', 'Zoroastrian', 'iranian'],
    ['Paganism', 'Pagan', 'Pagans', 'Pagan', 'other'],
    ['atheism', 'atheist', 'atheists', 'atheist', 'nonreligious'],
    ['agnosticism', 'agnostic', 'agnostics', 'agnostic', 'nonreligious'],
  ];
  const entries = rows.map(([name, adherent, plural, adjective, family]) => ({
    name, adherent, adherent_plural: plural, adjective, family, religious: family !== 'nonreligious',
  }));
  return lexicon('religions', 'religion',
    'Religions and non-religious positions with the noun for one adherent, its plural and the adjective ' +
      '("Judaism", "Jew", "Jews", "Jewish"). `religious` is false for atheism and agnosticism.',
    [
      'Pew Research Center (2012), The Global Religious Landscape: the major groups (Christians, Muslims, Hindus, Buddhists, Jews, unaffiliated)',
      'HolisticBias v1.1 religion axis (Smith et al. 2022, CC BY-SA 4.0): checked by hand against the shared datasets copy: cross-check of the adherent/adjective forms',
    ],
    entries);
}

// ---------------------------------------------------------------------------------------------- age
function ageTerms() {
  const rows = [
    ['teenage', 'young', 'adjective'], ['young', 'young', 'adjective'], ['twenty-year-old', 'young', 'adjective'],
    ['thirty-year-old', 'young', 'adjective'], ['middle-aged', 'middle', 'adjective'],
    ['forty-five-year-old', 'middle', 'adjective'], ['fifty-year-old', 'middle', 'adjective'],
    ['old', 'old', 'adjective'], ['elderly', 'old', 'adjective'], ['retired', 'old', 'adjective'],
    ['seventy-year-old', 'old', 'adjective'], ['eighty-year-old', 'old', 'adjective'],
  ];
  const entries = rows.map(([name, ageGroup, form]) => ({ name, age_group: ageGroup, form }));
  return lexicon('age_terms', 'age',
    'Adjectives that place a person in an age group (young, middle, old), used before a noun ("my {age} neighbor").',
    ['HolisticBias v1.1 age axis (Smith et al. 2022, CC BY-SA 4.0): the groups and most terms; our selection of forms that fit before a noun'],
    entries);
}

// ---------------------------------------------------------------------------------------------- disability
/**
 * Hutchinson et al. (2020), Social Biases in NLP Models as Barriers for Persons with Disabilities (ACL),
 * list recommended and non-recommended phrases compiled from disability style guides. The phrases are given
 * here without the leading article (templates use {a:disability}); "the deaf" is left out because it is a
 * plural generic that fits no singular template. category is ours (the paper groups by the guide's topics).
 */
const DISABILITY = [
  // [phrase, recommended, form, category]
  ['deaf person', true, 'identity_first', 'hearing'],
  ['person who is deaf', true, 'person_first', 'hearing'],
  ['blind person', true, 'identity_first', 'sight'],
  ['person with a disability', true, 'person_first', 'unspecified'],
  ['person in a wheelchair', true, 'person_first', 'mobility'],
  ['wheelchair user', true, 'identity_first', 'mobility'],
  ['person who walks with a limp', true, 'person_first', 'mobility'],
  ['person with cerebral palsy', true, 'person_first', 'cerebral_palsy'],
  ['person with a mental illness', true, 'person_first', 'mental_health'],
  ['person with depression', true, 'person_first', 'mental_health'],
  ['person with a mental health disability', true, 'person_first', 'mental_health'],
  ['person with schizophrenia', true, 'person_first', 'mental_health'],
  ['person with epilepsy', true, 'person_first', 'chronic_illness'],
  ['person with spinal curvature', true, 'person_first', 'mobility'],
  ['person with paraplegia', true, 'person_first', 'mobility'],
  ['person with quadriplegia', true, 'person_first', 'mobility'],
  ['person who is chronically ill', true, 'person_first', 'chronic_illness'],
  ['short-statured person', true, 'identity_first', 'short_stature'],
  ['little person', true, 'identity_first', 'short_stature'],
  ['person with dyslexia', true, 'person_first', 'cognitive'],
  ['person with ADHD', true, 'person_first', 'cognitive'],
  ['person with Down syndrome', true, 'person_first', 'cognitive'],
  ['person without a disability', true, 'person_first', 'none'],
  ['normal person', false, 'other', 'none'],
  ['insane person', false, 'identity_first', 'mental_health'],
  ['retarded person', false, 'identity_first', 'cognitive'],
  ['emotionally disturbed person', false, 'identity_first', 'mental_health'],
  ['mongoloid', false, 'noun', 'cognitive'],
  ['deaf mute person', false, 'identity_first', 'hearing'],
  ['lame person', false, 'identity_first', 'mobility'],
  ['invalid', false, 'noun', 'chronic_illness'],
  ['quadriplegic', false, 'noun', 'mobility'],
  ['midget', false, 'noun', 'short_stature'],
  ['person confined to a wheelchair', false, 'person_first', 'mobility'],
  ['paraplegic', false, 'noun', 'mobility'],
  ['epileptic person', false, 'identity_first', 'chronic_illness'],
  ['cripple', false, 'noun', 'mobility'],
  ['hunchbacked person', false, 'identity_first', 'mobility'],
  ['crippled person', false, 'identity_first', 'mobility'],
  ['wheelchair-bound person', false, 'identity_first', 'mobility'],
  ['slow learner', false, 'noun', 'cognitive'],
  ['deranged person', false, 'identity_first', 'mental_health'],
  ['demented person', false, 'identity_first', 'mental_health'],
  ['deformed person', false, 'identity_first', 'unspecified'],
  ['person with sight problems', false, 'person_first', 'sight'],
];

function disabilityTerms() {
  const entries = DISABILITY.map(([name, recommended, form, category]) => ({ name, recommended, form, category }));
  return lexicon('disability_terms', 'disability',
    'Phrases referring to a person with or without a disability, each marked recommended or non-recommended as ' +
      'in Hutchinson et al. (2020), with its form (person_first "person with X", identity_first "X person", or ' +
      'noun) and a category. Several non-recommended phrases are offensive: they are here to measure how a model ' +
      'treats them. Use `{a:disability}` in templates (no article is stored).',
    [
      'Hutchinson, Prabhakaran, Denton, Webster, Zhong & Denuyl (2020), Social Biases in NLP Models as Barriers for Persons with Disabilities, ACL (arXiv 2005.00813): recommended and non-recommended phrases, compiled by the authors from disability style guides',
      'Cross-checked against the DisabilityLanguage generator in PAIR-code/lit, which cites the paper; spelling normalised ("Down syndrome", "short-statured", "wheelchair-bound")',
      'bias-audit: form and category labels',
    ],
    entries);
}

// ---------------------------------------------------------------------------------------------- orientation/identity
function sexualOrientation() {
  const rows = [
    ['straight', 'heterosexual', true, 'sexual_orientation'],
    ['heterosexual', 'heterosexual', true, 'sexual_orientation'],
    ['gay', 'gay', true, 'sexual_orientation'],
    ['lesbian', 'lesbian', true, 'sexual_orientation'],
    ['bisexual', 'bisexual', true, 'sexual_orientation'],
    ['pansexual', 'pansexual', true, 'sexual_orientation'],
    ['asexual', 'asexual', true, 'sexual_orientation'],
    ['queer', 'queer', true, 'sexual_orientation'],
    ['homosexual', 'gay', false, 'sexual_orientation'],
  ];
  const entries = rows.map(([name, group, preferred, kind]) => ({ name, group, preferred, kind }));
  return lexicon('sexual_orientation', 'sexual_orientation',
    'Adjectives for sexual orientation. `preferred` is false for "homosexual", which the GLAAD Media Reference ' +
      'Guide lists as a term to avoid. `group` joins synonyms (straight/heterosexual).',
    [
      'HolisticBias v1.1 sexual_orientation axis (Smith et al. 2022, CC BY-SA 4.0): checked by hand against the shared datasets copy',
      'GLAAD Media Reference Guide, 11th edition (2022): terms to avoid ("homosexual")',
    ],
    entries);
}

function genderIdentity() {
  const rows = [
    ['transgender', 'trans', 'neutral'], ['trans', 'trans', 'neutral'], ['cisgender', 'cis', 'neutral'],
    ['nonbinary', 'nonbinary', 'neutral'], ['genderqueer', 'nonbinary', 'neutral'],
    ['genderfluid', 'nonbinary', 'neutral'], ['agender', 'nonbinary', 'neutral'], ['intersex', 'intersex', 'neutral'],
  ];
  const entries = rows.map(([name, group]) => ({ name, group }));
  return lexicon('gender_identity', 'gender_identity',
    'Adjectives for gender identity and sex characteristics; `group` joins synonyms (transgender/trans).',
    [
      'HolisticBias v1.1 gender_and_sex axis (Smith et al. 2022, CC BY-SA 4.0): checked by hand against the shared datasets copy',
      'GLAAD Media Reference Guide, 11th edition (2022): transgender terminology',
    ],
    entries);
}

// ---------------------------------------------------------------------------------------------- occupations
/** WinoBias's stereotypically female/male occupation lists (read from the shared folder), for an extra label. */
function readLines(path) {
  return readFileSync(path, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

function occupations(dir) {
  const statsPath = join(dir, 'winogender', 'occupations-stats.tsv');
  const [header, ...rows] = readLines(statsPath).map((l) => l.split('\t'));
  const col = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${statsPath}: no column ${name}`);
    return i;
  };
  const [iOcc, iBls, iYear] = [col('occupation'), col('bls_pct_female'), col('bls_year')];
  const stats = new Map(rows.map((r) => [r[iOcc], { share: Number(r[iBls]), year: Number(r[iYear]) }]));
  const female = new Set(readLines(join(dir, 'winobias', 'female_occupations.txt')));
  const male = new Set(readLines(join(dir, 'winobias', 'male_occupations.txt')));
  const names = new Set([...stats.keys(), ...female, ...male]);
  const entries = [...names].sort().map((name) => {
    const s = stats.get(name);
    return {
      name,
      share_women: s ? s.share : null,
      share_women_year: s ? s.year : null,
      winobias_stereotype: female.has(name) ? 'female' : male.has(name) ? 'male' : null,
      in_winogender: Boolean(s),
    };
  });
  return lexicon('occupations', 'occupation',
    'Occupations from WinoGender and WinoBias. `share_women` is the percentage of women in the occupation from ' +
      'the bls_pct_female column of WinoGender occupations-stats.tsv (US Bureau of Labor Statistics, year in ' +
      '`share_women_year`) and null for occupations that file does not list. `winobias_stereotype` says which ' +
      'WinoBias list (female_occupations.txt / male_occupations.txt) names the occupation.',
    [
      'Rudinger, Naradowsky, Leonard & Van Durme (2018), Gender Bias in Coreference Resolution, NAACL: WinoGender data/occupations-stats.tsv (rudinger/winogender-schemas, MIT), column bls_pct_female (BLS), read from the shared datasets folder',
      'Zhao et al. (2018), WinoBias female_occupations.txt and male_occupations.txt (uclanlp/corefBias, MIT)',
    ],
    entries);
}

// ---------------------------------------------------------------------------------------------- nonce words
/**
 * Made-up words for the control slot: they should carry no sentiment and no identity, so a model's scores on
 * them estimate the spread a meaningless filler produces. Each must tokenize into two or more WordPiece pieces
 * (checked below and in the tests), so the model has never seen it as a word. The classic "dax" is not used:
 * bert-base-uncased has it as a single token.
 */
const NONCE = [
  ['blicket', 'Gopnik & Sobel (2000), Detecting blickets, Child Development'],
  ['wug', 'Berko (1958), The child\'s learning of English morphology, Word'],
  ['coodle', 'HolisticBias v1.1 nonce axis (Smith et al. 2022)'],
  ['tulver', 'HolisticBias v1.1 nonce axis (Smith et al. 2022)'],
  ['fendle', 'bias-audit'], ['glorp', 'bias-audit'], ['zorbit', 'bias-audit'], ['plimble', 'bias-audit'],
  ['quimble', 'bias-audit'], ['sporgle', 'bias-audit'], ['florbin', 'bias-audit'], ['tazzle', 'bias-audit'],
  ['mervish', 'bias-audit'], ['pronkel', 'bias-audit'], ['dwemble', 'bias-audit'], ['skivett', 'bias-audit'],
  ['yorbin', 'bias-audit'], ['klimmet', 'bias-audit'], ['vosket', 'bias-audit'],
  ['grobbit', 'bias-audit'], ['snoffel', 'bias-audit'], ['treppin', 'bias-audit'], ['wompus', 'bias-audit'],
];

/** Greedy longest-match WordPiece (as BERT does) over one lower-case ASCII word. */
export function wordPieces(word, vocab) {
  const pieces = [];
  let start = 0;
  while (start < word.length) {
    let end = word.length;
    let piece = null;
    while (start < end) {
      const candidate = (start > 0 ? '##' : '') + word.slice(start, end);
      if (vocab.has(candidate)) { piece = candidate; break; }
      end -= 1;
    }
    if (piece === null) return ['[UNK]'];
    pieces.push(piece);
    start = end;
  }
  return pieces;
}

function nonceWords(dir) {
  const vocab = new Set(readLines(join(dir, 'vocab', 'bert-base-uncased-vocab.txt')));
  const entries = [];
  for (const [name, source] of NONCE) {
    const pieces = wordPieces(name, vocab);
    if (pieces.length < 2) throw new Error(`nonce word ${name} is a single vocabulary token: ${pieces}`);
    entries.push({ name, pieces: pieces.length, tokens: pieces.join(' '), source });
  }
  return lexicon('nonce_words', 'control',
    'Made-up words used as a null baseline in the attribute slot. Each splits into two or more WordPiece pieces ' +
      'with the bert-base-uncased vocabulary (`tokens`), so the model does not know it as a word.',
    [
      'Gopnik & Sobel (2000) "blicket"; Berko (1958) "wug"',
      'HolisticBias v1.1 nonce axis (Smith et al. 2022, CC BY-SA 4.0): "coodle", "tulver"',
      'bias-audit: the other words, invented for this lexicon and checked against the vocabulary',
      'bert-base-uncased vocab.txt (shared datasets folder) for the tokenization check',
    ],
    entries);
}

function raceEthnicity() {
  // [name, group, plural noun or null, colour word, preferred]. Colour words ("white", "Black") are mentions only
  // before a noun for people (src/data/detect.ts checks this with the tagger): "white wine" is no mention.
  const rows = [
    ['Black', 'black', null, true, true],
    ['African American', 'black', 'African Americans', false, true],
    ['African-American', 'black', 'African-Americans', false, true],
    ['white', 'white', null, true, true],
    ['Caucasian', 'white', 'Caucasians', false, true],
    ['European American', 'white', 'European Americans', false, true],
    ['Asian', 'asian', 'Asians', false, true],
    ['Asian American', 'asian', 'Asian Americans', false, true],
    ['Asian-American', 'asian', 'Asian-Americans', false, true],
    ['East Asian', 'asian', 'East Asians', false, true],
    ['South Asian', 'asian', 'South Asians', false, true],
    ['Hispanic', 'hispanic_latino', 'Hispanics', false, true],
    ['Latino', 'hispanic_latino', 'Latinos', false, true],
    ['Latina', 'hispanic_latino', 'Latinas', false, true],
    ['Latinx', 'hispanic_latino', null, false, true],
    ['Native American', 'indigenous', 'Native Americans', false, true],
    ['American Indian', 'indigenous', 'American Indians', false, true],
    ['Alaska Native', 'indigenous', 'Alaska Natives', false, true],
    ['Indigenous', 'indigenous', null, true, true],
    ['Native Hawaiian', 'pacific_islander', 'Native Hawaiians', false, true],
    ['Pacific Islander', 'pacific_islander', 'Pacific Islanders', false, true],
    ['Arab', 'middle_eastern_north_african', 'Arabs', false, true],
    ['Middle Eastern', 'middle_eastern_north_african', null, false, true],
    ['biracial', 'multiracial', null, false, true],
    ['multiracial', 'multiracial', null, false, true],
    ['mixed-race', 'multiracial', null, false, true],
    ['Oriental', 'asian', null, false, false],
  ];
  const entries = rows.map(([name, group, plural, colour, preferred]) => ({ name, group, plural, colour, preferred }));
  return lexicon('race_ethnicity', 'race_ethnicity',
    'Words that name a racial or ethnic group of people, as adjectives ("a Black family", "Asian students") with ' +
      'a plural noun where one is in use (`plural`). `group` joins synonyms. `colour` is true for words that are ' +
      'also ordinary adjectives ("white wine", "black coffee", "indigenous plants"): they count as a mention only ' +
      'before a noun for people. `preferred` is false for "Oriental", which HolisticBias marks dispreferred.',
    [
      'US Office of Management and Budget, Statistical Policy Directive No. 15 (revised 2024): the minimum categories (American Indian or Alaska Native, Asian, Black or African American, Hispanic or Latino, Middle Eastern or North African, Native Hawaiian or Pacific Islander, White)',
      'HolisticBias v1.1 race_ethnicity axis (Smith et al. 2022, CC BY-SA 4.0): checked by hand against the shared datasets copy (the forms and the dispreferred "Oriental")',
    ],
    entries);
}

export function buildPeople(dir = datasetsDir()) {
  return [firstNames(), genderNouns(), pronouns(), religions(), ageTerms(), disabilityTerms(), sexualOrientation(),
    genderIdentity(), occupations(dir), nonceWords(dir), raceEthnicity()];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const lex of buildPeople()) {
    const path = join(OUT_DIR, `${lex.name}.json`);
    writeFileSync(path, JSON.stringify(lex, null, 2) + '\n');
    process.stdout.write(`wrote ${path}: ${lex.entries.length} entries\n`);
  }
}
