import { lexicon, validateText } from '../expand/helpers.js';

/** The problem lines for a probe written inline (its first line is line 1). */
const problemsOf = (yaml: string, lexicons = {}) => validateText(yaml.replace(/^\n/, ''), lexicons).problems;

const countries = lexicon('countries', [
  { value: 'France', demonym: 'French' },
  { value: 'Kenya', demonym: 'Kenyan' },
  { value: 'Kosovo', demonym: null },
]);

describe('validateProbe', () => {
  it('accepts a valid probe and normalizes it (defaults filled in)', () => {
    const result = validateText(`
id: ok
attribute: country
templates: ["Filmed in {country}."]
slots: { country: { lexicon: countries } }
`, { countries });
    expect(result.problems).toEqual([]);
    expect(result.loaded?.spec).toEqual({
      id: 'ok',
      title: 'ok',
      description: '',
      attribute: 'country',
      attributeSlots: [{ slot: 'country', attr: null }],
      expectation: { type: 'invariant' },
      templates: [{ id: 't1', text: 'Filmed in {country}.', frame: 'neutral', paraphrase_of: null }],
      slots: { country: { lexicon: 'countries', where: null } },
      control: null,
      sampling: { mode: 'product', max: 50000 },
      file: 'probe.yaml',
    });
  });

  it('reports an unknown slot, a template without slots and one without the attribute slot', () => {
    expect(problemsOf(`
id: p
attribute: country
templates:
  - "Filmed in {contry}."
  - "A film."
  - "Made by {name}."
slots:
  country: { values: [France] }
  name: { values: [Ana] }
`)).toEqual([
      'probe.yaml:4: templates.0: unknown slot {contry} (declared slots: country, name)',
      'probe.yaml:5: templates.1: the template has no slot: it would give the same sentence for every group',
      'probe.yaml:6: templates.2: the template does not use the attribute slot {country}',
    ]);
  });

  it('reports template syntax problems with their columns', () => {
    expect(problemsOf(`
id: p
attribute: country
templates:
  - { id: a, text: "Filmed in {country." }
  - { id: b, text: "Filmed} in {country}." }
slots: { country: { values: [France] } }
`)).toEqual([
      'probe.yaml:4: templates.0.text: unclosed "{" at column 11 (write "{{" for a literal brace)',
      'probe.yaml:5: templates.1.text: stray "}" at column 7 (write "}}" for a literal brace)',
    ]);
  });

  it('reports duplicate template ids and texts, and paraphrases of unknown templates', () => {
    expect(problemsOf(`
id: p
attribute: country
templates:
  - { id: filmed, text: "Filmed in {country}." }
  - { id: filmed, text: "Shot in {country}." }
  - "Filmed in {country}."
  - { id: made, text: "Made in {country}.", paraphrase_of: shoot }
  - { id: self, text: "Set in {country}.", paraphrase_of: self }
slots: { country: { values: [France] } }
`)).toEqual([
      'probe.yaml:5: templates.1.id: duplicate template id "filmed" (also templates.0)',
      'probe.yaml:6: templates.2: duplicate template text (same as templates.0)',
      'probe.yaml:7: templates.3.paraphrase_of: unknown template id "shoot" (template ids: filmed, t3, made, self)',
      'probe.yaml:8: templates.4.paraphrase_of: a template cannot paraphrase itself',
    ]);
  });

  it('reports an attribute that is not a slot', () => {
    expect(problemsOf(`
id: p
attribute: nationality
templates: ["Filmed in {country}."]
slots: { country: { values: [France] } }
`)).toEqual(['probe.yaml:2: attribute: "nationality" is not a slot (declared slots: country)']);
  });

  it('reports a missing built-in lexicon and a duplicate inline value', () => {
    const jobs = lexicon('jobs', ['nurse', 'doctor']);
    const problems = validateText(
      `id: p
attribute: country
templates: ["{name} from {country} met {a:job}."]
slots:
  country: { lexicon: countries }
  name: { values: [Ana, Ben, Ana] }
  job: { lexicon: jobs }
`,
      { jobs },
    ).problems;
    expect(problems).toEqual([
      'probe.yaml:5: slots.country.lexicon: lexicon countries: no built-in lexicon of that name (looked for datasets/lexicons/countries.json)',
      'probe.yaml:6: slots.name.values.2: duplicate entry "Ana" (first at index 0)',
    ]);
  });

  it('reports attributes that some entries of a slot lack, but not the control words, which render themselves', () => {
    expect(problemsOf(`
id: p
attribute: country
templates: ["A {country.demonym} film."]
slots: { country: { lexicon: countries } }
control: { values: [Blicket] }
`, { countries })).toEqual([
      'probe.yaml:3: templates.0: {country.demonym}: 1 of 3 entries of lexicon countries have no "demonym" (first: "Kosovo")',
    ]);
  });

  it('reports a where filter on a missing attribute, and one that keeps no entry', () => {
    const names = lexicon('names', [{ value: 'Ana', gender: 'female' }]);
    expect(problemsOf(`
id: p
attribute: country
templates: ["{name} from {country}, {friend}."]
slots:
  country: { values: [France] }
  name: { lexicon: names, where: { gender: male } }
  friend: { lexicon: names, where: { age: 30 } }
`, { names })).toEqual([
      'probe.yaml:6: slots.name.where: no entry of lexicon names matches (gender: male)',
      'probe.yaml:7: slots.friend.where.age: no entry of lexicon names has the attribute "age"',
    ]);
  });

  it('reports numbered repeats that need more entries than the slot has, and {x} mixed with {x1}', () => {
    expect(problemsOf(`
id: p
attribute: country
templates:
  - "{name1}, {name2} and {name3} in {country}."
  - "{name} and {name1} in {country}."
slots:
  country: { values: [France] }
  name: { values: [Ana, Ben] }
`)).toEqual([
      'probe.yaml:4: templates.0: {name1}, {name2}, {name3} need 3 different entries but slot name has 2',
      'probe.yaml:5: templates.1: {name} and numbered {name1} in one template: number every use ({name1}, {name2})',
    ]);
  });

  it('reports unknown fields where they are written, with a hint', () => {
    expect(problemsOf(`
id: p
atribute: country
templates:
  - { txt: "Filmed in {country}.", text: "Filmed in {country}." }
slots:
  country: { values: [France], wher: { a: b } }
sampling: { mode: product, max: 10, seeds: 3 }
colour: blue
`)).toEqual([
      'probe.yaml:1: attribute: required field is missing',
      'probe.yaml:2: atribute: unknown field (did you mean "attribute"?)',
      'probe.yaml:4: templates.0.txt: unknown field (did you mean "text"?)',
      'probe.yaml:6: slots.country.wher: unknown field (did you mean "where"?)',
      'probe.yaml:7: sampling.seeds: unknown field (did you mean "seed"?)',
      'probe.yaml:8: colour: unknown field (allowed: id, title, description, attribute, attributes, expectation, templates, slots, control, sampling)',
    ]);
  });

  it('reports wrong types and values with what was found', () => {
    expect(problemsOf(`
id: 42
title: [not, a, string]
attribute: country
expectation: { type: directional, direction: sideways }
templates:
  - { text: "Filmed in {country}.", frame: happy }
  - 17
slots:
  country: { lexicon: 5 }
  Bad-Name: { values: [x] }
  city: {}
sampling: { mode: sample, n: 2.5 }
`)).toEqual([
      'probe.yaml:1: id: expected a string, got number 42',
      'probe.yaml:2: title: expected a string, got a list',
      'probe.yaml:4: expectation.direction: must be one of "up", "down" (got "sideways")',
      'probe.yaml:6: templates.0.frame: must be one of "neutral", "positive", "negative" (got "happy")',
      'probe.yaml:7: templates.1: expected a template string or {id?, text, frame?, paraphrase_of?}, got number 17',
      'probe.yaml:9: slots.country.lexicon: expected a string, got number 5',
      'probe.yaml:10: slots.Bad-Name: slot name "Bad-Name": slot names use letters, digits and "_" and start with a letter',
      'probe.yaml:11: slots.city: expected either {lexicon, where?} or {values}, got a mapping',
      'probe.yaml:12: sampling.n: expected a whole number, got number 2.5',
    ]);
  });

  it('reports missing required fields and an unknown discriminator', () => {
    expect(problemsOf(`
title: No id
expectation: { type: neutral }
sampling: { max: 3 }
`)).toEqual([
      'probe.yaml:1: id: required field is missing',
      'probe.yaml:1: templates: required field is missing',
      'probe.yaml:1: slots: required field is missing',
      'probe.yaml:1: attribute: required field is missing',
      'probe.yaml:2: expectation.type: must be one of "invariant", "directional" (got "neutral")',
      'probe.yaml:3: sampling.mode: required field is missing',
    ]);
  });

  it('reports an empty template list and an empty slot map', () => {
    expect(problemsOf(`
id: p
attribute: country
templates: []
slots: {}
`)).toEqual([
      'probe.yaml:2: attribute: "country" is not a slot (declared slots: )',
      'probe.yaml:3: templates: must not be empty',
      'probe.yaml:4: slots: must declare at least one slot',
    ]);
  });

  it('reports an expansion above the cap, pointing at sampling (or at templates without it)', () => {
    const many = lexicon('many', Array.from({ length: 300 }, (_, i) => `w${i}`));
    expect(problemsOf(`
id: p
attribute: country
templates: ["{name} in {country}."]
slots:
  country: { lexicon: many }
  name: { lexicon: many }
`, { many })).toEqual([
      'probe.yaml:3: templates: the probe expands to 90,000 sentences, above the cap of 50,000: use sampling: {mode: sample, n: ...} or raise sampling.max',
    ]);
    expect(problemsOf(`
id: p
attribute: country
templates: ["{name} in {country}."]
slots:
  country: { lexicon: many }
  name: { lexicon: many }
control: { values: [a, b] }
sampling: { mode: sample, n: 500, max: 300 }
`, { many })).toEqual([
      // floor(500 / 300 groups) = 1 context, x (300 groups + 2 control words)
      'probe.yaml:8: sampling: the probe expands to 302 sentences, above the cap of 300: lower sampling.n or raise sampling.max',
    ]);
  });

  it('reports malformed YAML with its line, and a hint for an unquoted template', () => {
    expect(problemsOf(`
id: p
templates:
  - {country} was filmed here.
slots: [
`)).toEqual([
      'probe.yaml:3: (yaml): Unexpected scalar at node end (a template that starts with "{" must be quoted)',
      // yaml notices the unclosed "[" at the end of the input
      'probe.yaml:5: (yaml): Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports a key written twice as a YAML problem', () => {
    expect(problemsOf(`
id: p
attribute: country
id: q
`)).toEqual(['probe.yaml:3: (yaml): Map keys must be unique']);
  });

  it('explains a template that YAML read as a mapping', () => {
    expect(problemsOf(`
id: p
attribute: country
templates:
  - {country}
slots: { country: { values: [France] } }
`)).toEqual(['probe.yaml:4: templates.0: read as a mapping: quote a template that starts with "{", e.g. - "{country} is ..."']);
  });

  it('reports a file that is empty or not a mapping', () => {
    expect(problemsOf('')).toEqual(['probe.yaml:1: (root): the probe file is empty']);
    expect(problemsOf('- a\n- b\n')).toEqual(['probe.yaml:1: (root): expected a mapping with id, attribute, templates and slots, got a list']);
  });

  it('gives JSON probe files line numbers too', () => {
    expect(problemsOf(`
{
  "id": "p",
  "attribute": "country",
  "templates": ["Filmed in {country}.", "Shot in {place}."],
  "slots": { "country": { "values": ["France"] } },
  "extra": 1
}
`)).toEqual([
      'probe.yaml:4: templates.1: unknown slot {place} (declared slots: country)',
      'probe.yaml:6: extra: unknown field (allowed: id, title, description, attribute, attributes, expectation, templates, slots, control, sampling)',
    ]);
  });
});
