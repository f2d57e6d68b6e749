import type { SlotValue } from '../../src/result/index.js';
import { capitaliseFirst, parseTemplate, renderTemplate } from '../../src/expand/template.js';

const france: SlotValue = { value: 'France', demonym: 'French', iso3: 'FRA', numeric: 250 };
const engineer: SlotValue = { value: 'engineer' };
const doctor: SlotValue = { value: 'doctor' };
const ana: SlotValue = { value: 'Ana' };
const ben: SlotValue = { value: 'Ben' };

function fill(template: string, values: Record<string, SlotValue>): string {
  const parsed = parseTemplate(template);
  expect(parsed.problems).toEqual([]);
  return renderTemplate(parsed.parts, values);
}

describe('parseTemplate', () => {
  it('splits text and slots and lists each key once, in order of appearance', () => {
    const parsed = parseTemplate('{name} from {country} met {name}.');
    expect(parsed.keys).toEqual(['name', 'country']);
    expect(parsed.parts).toEqual([
      { kind: 'slot', key: 'name', attr: null, article: false },
      { kind: 'text', text: ' from ' },
      { kind: 'slot', key: 'country', attr: null, article: false },
      { kind: 'text', text: ' met ' },
      { kind: 'slot', key: 'name', attr: null, article: false },
      { kind: 'text', text: '.' },
    ]);
  });

  it('reads attributes, articles and numbered keys', () => {
    expect(parseTemplate('{a:occupation.title} {country.demonym} {name2}').parts).toEqual([
      { kind: 'slot', key: 'occupation', attr: 'title', article: true },
      { kind: 'text', text: ' ' },
      { kind: 'slot', key: 'country', attr: 'demonym', article: false },
      { kind: 'text', text: ' ' },
      { kind: 'slot', key: 'name2', attr: null, article: false },
    ]);
  });

  it('reads {{ and }} as literal braces, not slots', () => {
    const parsed = parseTemplate('Use {{country}} for {country}.');
    expect(parsed.keys).toEqual(['country']);
    expect(parsed.parts[0]).toEqual({ kind: 'text', text: 'Use {country} for ' });
  });

  it.each([
    ['This film was filmed in {country.', ['unclosed "{" at column 25 (write "{{" for a literal brace)']],
    ['Braces } alone', ['stray "}" at column 8 (write "}}" for a literal brace)']],
    ['{ country }', ['"{ country }" at column 1 is not a slot: write {name}, {name.attribute} or {a:name}']],
    ['{}', ['"{}" at column 1 is not a slot: write {name}, {name.attribute} or {a:name}']],
    ['{the:country}', ['"{the:country}" at column 1 is not a slot: write {name}, {name.attribute} or {a:name}']],
    ['{a{country}', ['unclosed "{" at column 1 (write "{{" for a literal brace)']],
  ])('reports the syntax problem in %j', (template, problems) => {
    expect(parseTemplate(template).problems).toEqual(problems);
  });
});

describe('renderTemplate', () => {
  it.each([
    ['This film was filmed in {country}.', { country: france }, 'This film was filmed in France.'],
    ['The {country.demonym} film ({country.iso3}, {country.numeric}).', { country: france }, 'The French film (FRA, 250).'],
    ['She is {a:occupation}.', { occupation: engineer }, 'She is an engineer.'],
    ['She is {a:occupation}.', { occupation: doctor }, 'She is a doctor.'],
    ['{name1} and {name2} met.', { name1: ana, name2: ben }, 'Ana and Ben met.'],
    ['{{literal}} {country}', { country: france }, '{literal} France'],
  ])('fills %j', (template, values, expected) => {
    expect(fill(template, values)).toBe(expected);
  });

  it.each([
    ['{a:occupation} from {country} wrote this.', 'An engineer from France wrote this.'],
    ['{occupation} here.', 'Engineer here.'],
    ['  "{occupation}", she said.', '  "Engineer", she said.'],
    ['It rained. {occupation} stayed in.', 'It rained. Engineer stayed in.'],
    ['Really? ({a:occupation}) came.', 'Really? (An engineer) came.'],
    ['Really?! "{occupation}" came.', 'Really?! "Engineer" came.'],
    ['The {occupation} came.', 'The engineer came.'],
    ['e.g.{occupation}', 'e.g.engineer'],
    ['I met {a:occupation}. {a:occupation} met me.', 'I met an engineer. An engineer met me.'],
  ])('capitalises a slot that starts a sentence: %j', (template, expected) => {
    expect(fill(template, { occupation: engineer, country: france })).toBe(expected);
  });

  it('inserts hostile values literally and never expands braces inside them', () => {
    const hostile: SlotValue = { value: '</script><script>alert("x")</script> {country} {{y}} ${1}', note: "it's" };
    expect(fill('Filmed in {country}; {country.note}.', { country: hostile })).toBe(
      'Filmed in </script><script>alert("x")</script> {country} {{y}} ${1}; it\'s.',
    );
  });

  it('renders a plain key (a control word) itself for {key.attr}, keeping articles and capitals', () => {
    const parsed = parseTemplate('{a:country.demonym} film from {country.iso3}. {country.demonym} food, {friend.demonym}.');
    const values = { country: { value: 'blicket', pieces: 3 }, friend: france };
    expect(renderTemplate(parsed.parts, values, new Set(['country']))).toBe('A blicket film from blicket. Blicket food, French.');
  });

  it('refuses an entry that lacks the attribute instead of writing "undefined"', () => {
    const parsed = parseTemplate('{country.demonym}');
    expect(() => renderTemplate(parsed.parts, { country: { value: 'Atlantis' } })).toThrow('entry "Atlantis" has no attribute "demonym"');
  });
});

describe('capitaliseFirst', () => {
  it('upper-cases the first code point only', () => {
    expect(capitaliseFirst('éclair au chocolat')).toBe('Éclair au chocolat');
    expect(capitaliseFirst('iPhone')).toBe('IPhone');
    expect(capitaliseFirst('')).toBe('');
  });
});
