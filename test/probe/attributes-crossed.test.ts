import { expandProbe } from '../../src/expand/expand.js';
import { lexicon, loadText, validateText } from '../expand/helpers.js';

const lexicons = {
  first_names: lexicon('first_names', [
    { value: 'Keisha', gender: 'female', ethnicity: 'black', origin: null },
    { value: 'Jamal', gender: 'male', ethnicity: 'black', origin: null },
    { value: 'Emily', gender: 'female', ethnicity: 'white', origin: null },
    { value: 'Greg', gender: 'male', ethnicity: 'white', origin: 'english' },
  ]),
  countries: lexicon('countries', [{ value: 'Kenya' }, { value: 'Norway' }]),
};

/** A probe with a name and a country slot, the given attribute lines and templates (YAML fragments). */
const probe = (attributeLines: string, templates: string) => `id: p
${attributeLines}
templates: ${templates}
slots:
  name: { lexicon: first_names }
  country: { lexicon: countries }
`;

describe('a probe that crosses two attributes', () => {
  it('of one slot keeps the first as the ordinary attribute and expands every name once per template', () => {
    const loaded = loadText(probe('attributes: [name.ethnicity, name.gender]', '["{name} wrote this."]'), lexicons);
    expect(loaded.spec.attributes).toEqual(['name.ethnicity', 'name.gender']);
    expect(loaded.spec.attribute).toBe('name.ethnicity');
    const items = expandProbe(loaded);
    expect(items.map((i) => [i.group, i.slots.name.gender])).toEqual([['black', 'female'], ['black', 'male'], ['white', 'female'],
      ['white', 'male']]);
  });

  it('of two slots expands every (country, name) pair, each record carrying both slots\' entries', () => {
    const loaded = loadText(probe('attributes: [country, name.gender]', '["{name} from {country} wrote this."]'), lexicons);
    expect(loaded.spec.attribute).toBe('country');
    const items = expandProbe(loaded);
    expect(items).toHaveLength(8);
    expect(items.every((i) => i.slots.country !== undefined && typeof i.slots.name.gender === 'string')).toBe(true);
  });

  it('leaves `attributes` out of the spec of a probe with one attribute', () => {
    expect(loadText(probe('attribute: name.gender', '["{name} wrote this."]'), lexicons).spec.attributes).toBeUndefined();
  });
});

describe('crossed attribute problems', () => {
  const problemsOf = (yaml: string) => validateText(yaml, lexicons).problems;

  it.each([
    {
      problem: 'an unknown slot',
      lines: 'attributes: [name.gender, place]',
      templates: '["{name} wrote this."]',
      expected: ['probe.yaml:2: attributes.1: place: "place" is not a slot (declared slots: name, country)'],
    },
    {
      problem: 'an attribute some entries lack',
      lines: 'attributes: [name.gender, name.origin]',
      templates: '["{name} wrote this."]',
      expected: ['probe.yaml:2: attributes.1: name.origin: 3 of 4 entries of lexicon first_names have no "origin" (first: "Keisha")'],
    },
    {
      problem: 'a cross of more than two',
      lines: 'attributes: [name.gender, name.ethnicity, country]',
      templates: '["{name} from {country} wrote this."]',
      expected: ['probe.yaml:2: attributes: crosses two attributes at most (a cross of more than two has too few sentences per cell)'],
    },
    {
      problem: 'a single attribute listed',
      lines: 'attributes: [name.gender]',
      templates: '["{name} wrote this."]',
      expected: ['probe.yaml:2: attributes: crosses two attributes: list two (e.g. [name.ethnicity, name.gender])'],
    },
    {
      problem: 'both attribute and attributes',
      lines: 'attribute: name.gender\nattributes: [name.ethnicity, name.gender]',
      templates: '["{name} wrote this."]',
      expected: ['probe.yaml:3: attributes: give either attribute (one) or attributes (two crossed), not both'],
    },
    {
      problem: 'neither attribute nor attributes',
      lines: 'title: P',
      templates: '["{name} wrote this."]',
      expected: ['probe.yaml:1: attribute: required field is missing'],
    },
    {
      problem: 'an attribute crossed with itself',
      lines: 'attributes: [name.gender, name.gender]',
      templates: '["{name} wrote this."]',
      expected: ['probe.yaml:2: attributes.1: name.gender crossed with name.gender: cross two different attributes (of one slot, e.g. ' +
        '[name.ethnicity, name.gender], or of two slots)'],
    },
    {
      problem: 'a template without the second slot',
      lines: 'attributes: [country, name.gender]',
      templates: '["{name} from {country} wrote this.", "They loved {country}."]',
      expected: ['probe.yaml:3: templates.1: the template does not use the crossed attribute slot {name}'],
    },
  ])('reports $problem', ({ lines, templates, expected }) => {
    expect(problemsOf(probe(lines, templates))).toEqual(expected);
  });
});
