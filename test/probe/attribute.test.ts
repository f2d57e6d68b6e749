import { expandProbe } from '../../src/expand/expand.js';
import { attributeLabel, attributeSlotsOf } from '../../src/probe/attribute.js';
import { lexicon, loadText, validateText } from '../expand/helpers.js';

const lexicons = {
  pronouns: lexicon('pronouns', [
    { value: 'she', object: 'her', gender: 'female' },
    { value: 'he', object: 'him', gender: 'male' },
    { value: 'they', object: 'them', gender: 'neutral' },
  ]),
  nouns: lexicon('nouns', [
    { value: 'woman', gender: 'female' },
    { value: 'man', gender: 'male' },
  ]),
  first_names: lexicon('first_names', [
    { value: 'Keisha', gender: 'female', ethnicity: 'african_american', origin: null },
    { value: 'Greg', gender: 'male', ethnicity: 'european_american', origin: null },
    { value: 'Mei', gender: 'female', ethnicity: 'asian', origin: 'chinese' },
  ]),
};

/** A probe with three person slots and the given attribute and templates (YAML fragments). */
const probe = (attribute: string, templates: string) => `id: p
attribute: ${attribute}
templates: ${templates}
slots:
  pronoun: { lexicon: pronouns }
  person: { lexicon: nouns }
  name: { lexicon: first_names }
`;

const ALL_THREE = '["{pronoun} loved it.", "The {person} loved it.", "{name} loved it."]';

describe('attribute forms', () => {
  it.each([
    {
      form: 'a slot: its values are the groups',
      attribute: 'name',
      templates: '["{name} loved it."]',
      slots: [{ slot: 'name', attr: null }],
      items: [['Keisha loved it.', 'Keisha', 'Keisha'], ['Greg loved it.', 'Greg', 'Greg'], ['Mei loved it.', 'Mei', 'Mei']],
    },
    {
      form: 'slot.attribute: the entries are grouped by the attribute, the names are the fillers',
      attribute: 'name.ethnicity',
      templates: '["{name} loved it."]',
      slots: [{ slot: 'name', attr: 'ethnicity' }],
      items: [['Keisha loved it.', 'african_american', 'Keisha'], ['Greg loved it.', 'european_american', 'Greg'], ['Mei loved it.', 'asian', 'Mei']],
    },
    {
      form: 'a one-item list, same as the item alone',
      attribute: '[name.ethnicity]',
      templates: '["{name} loved it."]',
      slots: [{ slot: 'name', attr: 'ethnicity' }],
      items: [['Keisha loved it.', 'african_american', 'Keisha'], ['Greg loved it.', 'european_american', 'Greg'], ['Mei loved it.', 'asian', 'Mei']],
    },
    {
      form: 'a list: each template groups by the listed slot it uses, into shared groups',
      attribute: '[pronoun.gender, person.gender, name.gender]',
      templates: ALL_THREE,
      slots: [{ slot: 'pronoun', attr: 'gender' }, { slot: 'person', attr: 'gender' }, { slot: 'name', attr: 'gender' }],
      items: [
        ['She loved it.', 'female', 'she'], ['He loved it.', 'male', 'he'], ['They loved it.', 'neutral', 'they'],
        ['The woman loved it.', 'female', 'woman'], ['The man loved it.', 'male', 'man'],
        ['Keisha loved it.', 'female', 'Keisha'], ['Greg loved it.', 'male', 'Greg'], ['Mei loved it.', 'female', 'Mei'],
      ],
    },
    {
      form: 'a list mixing a plain slot and a slot attribute',
      attribute: '[person, name.gender]',
      templates: '["The {person} loved it.", "{name} loved it."]',
      slots: [{ slot: 'person', attr: null }, { slot: 'name', attr: 'gender' }],
      items: [
        ['The woman loved it.', 'woman', 'woman'], ['The man loved it.', 'man', 'man'],
        ['Keisha loved it.', 'female', 'Keisha'], ['Greg loved it.', 'male', 'Greg'], ['Mei loved it.', 'female', 'Mei'],
      ],
    },
  ])('$form ($attribute)', ({ attribute, templates, slots, items }) => {
    const loaded = loadText(probe(attribute, templates), lexicons);
    expect(loaded.spec.attribute).toEqual(attribute.startsWith('[') ? attribute.slice(1, -1).split(', ') : attribute);
    expect(loaded.spec.attributeSlots).toEqual(slots);
    expect(expandProbe(loaded).map((i) => [i.text, i.group, i.filler])).toEqual(items);
  });

  it('keeps the other listed slots out of the context: each template varies only its own slot', () => {
    const items = expandProbe(loadText(probe('[pronoun.gender, name.gender]', '["{pronoun} met {person}.", "{name} met {person}."]'), lexicons));
    // 2 nouns as context x (3 pronouns + 3 names)
    expect(items.map((i) => i.text)).toEqual([
      'She met woman.', 'He met woman.', 'They met woman.', 'She met man.', 'He met man.', 'They met man.',
      'Keisha met woman.', 'Greg met woman.', 'Mei met woman.', 'Keisha met man.', 'Greg met man.', 'Mei met man.',
    ]);
  });

  it('names the group and filler after the first key when the attribute slot is repeated', () => {
    const items = expandProbe(loadText(probe('name.ethnicity', '["{name1} and {name2} loved it."]'), lexicons));
    expect(items.slice(0, 3).map((i) => [i.text, i.group, i.filler])).toEqual([
      ['Keisha and Greg loved it.', 'african_american', 'Keisha'],
      ['Keisha and Mei loved it.', 'african_american', 'Keisha'],
      ['Greg and Keisha loved it.', 'european_american', 'Greg'],
    ]);
  });

  it('turns non-string attribute values into group keys', () => {
    const terms = lexicon('terms', [{ value: 'deaf person', recommended: true }, { value: 'deaf-mute', recommended: false }]);
    const yaml = 'id: p\nattribute: term.recommended\ntemplates: ["{a:term} wrote this."]\nslots: { term: { lexicon: terms } }\n';
    expect(expandProbe(loadText(yaml, { terms })).map((i) => [i.text, i.group])).toEqual([
      ['A deaf person wrote this.', 'true'],
      ['A deaf-mute wrote this.', 'false'],
    ]);
  });
});

describe('attribute problems', () => {
  const problemsOf = (yaml: string) => validateText(yaml, lexicons).problems;
  const listed = (...refs: string[]) => `\n${refs.map((r) => `  - ${r}`).join('\n')}`;

  it.each([
    {
      problem: 'an undeclared slot',
      attribute: 'gender',
      templates: ALL_THREE,
      expected: ['probe.yaml:2: attribute: "gender" is not a slot (declared slots: pronoun, person, name)'],
    },
    {
      problem: 'an undeclared slot before the attribute',
      attribute: 'nam.ethnicity',
      templates: '["{name} loved it."]',
      expected: ['probe.yaml:2: attribute: nam.ethnicity: "nam" is not a slot (declared slots: pronoun, person, name)'],
    },
    {
      problem: 'an attribute some entries lack',
      attribute: 'name.origin',
      templates: '["{name} loved it."]',
      expected: ['probe.yaml:2: attribute: name.origin: 2 of 3 entries of lexicon first_names have no "origin" (first: "Keisha")'],
    },
    {
      problem: 'an attribute no entry has',
      attribute: 'person.age',
      templates: '["The {person} loved it."]',
      expected: ['probe.yaml:2: attribute: person.age: 2 of 2 entries of lexicon nouns have no "age" (first: "woman")'],
    },
    {
      problem: 'an undeclared slot in a list, at its own line',
      attribute: listed('pronoun.gender', 'persn.gender', 'name.gender'),
      templates: ALL_THREE,
      expected: ['probe.yaml:4: attribute.1: persn.gender: "persn" is not a slot (declared slots: pronoun, person, name)'],
    },
    {
      problem: 'a listed attribute some entries lack',
      attribute: listed('pronoun.gender', 'person.gender', 'name.origin'),
      templates: ALL_THREE,
      expected: ['probe.yaml:5: attribute.2: name.origin: 2 of 3 entries of lexicon first_names have no "origin" (first: "Keisha")'],
    },
    {
      problem: 'a slot listed twice',
      attribute: listed('name.gender', 'name.ethnicity'),
      templates: '["{name} loved it."]',
      expected: ['probe.yaml:4: attribute.1: slot "name" is listed twice (also attribute.0): a slot can give the groups one way only'],
    },
    {
      problem: 'templates using none or several of the listed slots',
      attribute: '[pronoun.gender, person.gender, name.gender]',
      templates: listed('"{pronoun} told {name} about it."', '"{pronoun} loved it."', '"{name1} and {name2} loved it."', '"The {person} told {pronoun.object} and {name}."'),
      expected: [
        'probe.yaml:4: templates.0: the template uses 2 of the attribute slots ({pronoun}, {name}): use exactly one of {pronoun}, {person}, {name}',
        'probe.yaml:7: templates.3: the template uses 3 of the attribute slots ({pronoun}, {person}, {name}): use exactly one of {pronoun}, {person}, {name}',
      ],
    },
    {
      problem: 'a template using none of the listed slots',
      attribute: '[pronoun.gender, name.gender]',
      templates: '["The {person} loved it.", "{name} loved it."]',
      expected: ['probe.yaml:3: templates.0: the template uses none of the attribute slots {pronoun}, {name}: use exactly one'],
    },
    {
      problem: 'a malformed reference',
      attribute: 'name.ethnicity.code',
      templates: '["{name} loved it."]',
      expected: ['probe.yaml:2: attribute: must be a slot name or slot.attribute (e.g. "country", "name.ethnicity")'],
    },
    {
      problem: 'a malformed reference in a list',
      attribute: listed('name.gender', '"person gender"'),
      templates: ALL_THREE,
      expected: ['probe.yaml:4: attribute.1: must be a slot name or slot.attribute (e.g. "country", "name.ethnicity")'],
    },
    {
      problem: 'an empty list',
      attribute: '[]',
      templates: ALL_THREE,
      expected: ['probe.yaml:2: attribute: must not be empty'],
    },
    {
      problem: 'a value that is neither a reference nor a list',
      attribute: '5',
      templates: ALL_THREE,
      expected: ['probe.yaml:2: attribute: expected a slot name, "slot.attribute" or a list of them, got number 5'],
    },
  ])('reports $problem', ({ attribute, templates, expected }) => {
    expect(problemsOf(probe(attribute, templates))).toEqual(expected);
  });

  it('reports a missing attribute as missing', () => {
    expect(problemsOf('id: p\ntemplates: ["{name}"]\nslots: { name: { lexicon: first_names } }\n')).toEqual([
      'probe.yaml:1: attribute: required field is missing',
    ]);
  });
});

describe('control words in the attribute slot', () => {
  const countries = lexicon('countries', [
    { value: 'Netherlands', name_in_sentence: 'the Netherlands', demonym: 'Dutch' },
    { value: 'Kenya', name_in_sentence: 'Kenya', demonym: 'Kenyan' },
  ]);
  const nonce = lexicon('nonce', [{ value: 'blicket', pieces: 3 }, { value: 'wug', pieces: 2 }]);

  it('render themselves for {slot.attr}, with articles and sentence-start capitals, and are their own group', () => {
    const yaml = `id: c
attribute: country
templates:
  - "{country.name_in_sentence} is where the film was made."
  - "My {country.demonym} friend liked it, {a:country.demonym} film."
  - "Filmed in {country}."
slots: { country: { lexicon: countries } }
control: { lexicon: nonce }
`;
    const loaded = loadText(yaml, { countries, nonce });
    expect(expandProbe(loaded).map((i) => [i.text, i.control, i.group, i.filler])).toEqual([
      ['The Netherlands is where the film was made.', false, 'Netherlands', 'Netherlands'],
      ['Kenya is where the film was made.', false, 'Kenya', 'Kenya'],
      ['Blicket is where the film was made.', true, 'blicket', 'blicket'],
      ['Wug is where the film was made.', true, 'wug', 'wug'],
      ['My Dutch friend liked it, a Dutch film.', false, 'Netherlands', 'Netherlands'],
      ['My Kenyan friend liked it, a Kenyan film.', false, 'Kenya', 'Kenya'],
      ['My blicket friend liked it, a blicket film.', true, 'blicket', 'blicket'],
      ['My wug friend liked it, a wug film.', true, 'wug', 'wug'],
      ['Filmed in Netherlands.', false, 'Netherlands', 'Netherlands'],
      ['Filmed in Kenya.', false, 'Kenya', 'Kenya'],
      ['Filmed in blicket.', true, 'blicket', 'blicket'],
      ['Filmed in wug.', true, 'wug', 'wug'],
    ]);
  });

  it('render themselves even for an attribute the control entry happens to have', () => {
    const yaml = 'id: c\nattribute: country\ntemplates: ["{country.pieces} pieces"]\nslots: { country: { values: [{ name: Chad, pieces: 1 }] } }\ncontrol: { lexicon: nonce }\n';
    expect(expandProbe(loadText(yaml, { nonce })).map((i) => i.text)).toEqual(['1 pieces', 'Blicket pieces', 'Wug pieces']);
  });

  it('are their own group when the real groups are an attribute, and keep their entry in slots', () => {
    const yaml = 'id: c\nattribute: name.gender\ntemplates: ["{name} loved it."]\nslots: { name: { lexicon: first_names } }\ncontrol: { lexicon: nonce }\n';
    const items = expandProbe(loadText(yaml, { first_names: lexicons.first_names, nonce }));
    expect(items.map((i) => [i.text, i.group, i.filler])).toEqual([
      ['Keisha loved it.', 'female', 'Keisha'],
      ['Greg loved it.', 'male', 'Greg'],
      ['Mei loved it.', 'female', 'Mei'],
      ['Blicket loved it.', 'blicket', 'blicket'],
      ['Wug loved it.', 'wug', 'wug'],
    ]);
    expect(items[3].slots).toEqual({ name: { value: 'blicket', pieces: 3 } });
  });

  it('fill the slot each template of a list form uses', () => {
    const yaml = `${probe('[pronoun.gender, name.gender]', '["{pronoun} saw {pronoun.object}self.", "{name} loved it."]')}control: { values: [dax] }\n`;
    expect(expandProbe(loadText(yaml, lexicons)).filter((i) => i.control).map((i) => [i.text, i.group])).toEqual([
      ['Dax saw daxself.', 'dax'],
      ['Dax loved it.', 'dax'],
    ]);
  });
});

describe('attribute helpers', () => {
  it('parse every form and label it on one line', () => {
    expect(attributeSlotsOf('country')).toEqual([{ slot: 'country', attr: null }]);
    expect(attributeSlotsOf(['pronoun.gender', 'person'])).toEqual([{ slot: 'pronoun', attr: 'gender' }, { slot: 'person', attr: null }]);
    expect(attributeLabel('name.ethnicity')).toBe('name.ethnicity');
    expect(attributeLabel(['pronoun.gender', 'name.gender'])).toBe('pronoun.gender, name.gender');
  });
});
