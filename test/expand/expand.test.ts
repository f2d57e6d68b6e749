import { countItems, expandProbe } from '../../src/expand/expand.js';
import { lexicon, loadText } from './helpers.js';
import { hugeProbeYaml } from '../helpers/huge-probe.js';
import { mulberry32, sampleIndices } from '../../src/expand/random.js';

const texts = (yaml: string, lexicons = {}, options = {}) => expandProbe(loadText(yaml, lexicons), options).map((i) => i.text);

describe('expandProbe: product mode', () => {
  it('fills every context with every group: the first declared slot varies slowest, groups in lexicon order', () => {
    const yaml = `
id: demo
attribute: country
templates: ["{name} was filmed in {country}."]
slots:
  name: { values: [Ana, Ben] }
  country: { values: [France, Kenya, Peru] }
`;
    expect(texts(yaml)).toEqual([
      'Ana was filmed in France.',
      'Ana was filmed in Kenya.',
      'Ana was filmed in Peru.',
      'Ben was filmed in France.',
      'Ben was filmed in Kenya.',
      'Ben was filmed in Peru.',
    ]);
  });

  it('orders contexts by the declared slot order, whatever the order in the template text', () => {
    const yaml = `
id: demo
attribute: country
templates: ["{friend} met {name} in {country}."]
slots:
  name: { values: [Ana, Ben] }
  friend: { values: [Cy, Di] }
  country: { values: [Peru] }
`;
    expect(texts(yaml)).toEqual(['Cy met Ana in Peru.', 'Di met Ana in Peru.', 'Cy met Ben in Peru.', 'Di met Ben in Peru.']);
  });

  it('keeps the template fields and the entries used on every item', () => {
    const yaml = `
id: demo
attribute: country
templates:
  - { id: filmed, text: "This film was filmed in {country}." }
  - { id: shot, text: "The movie was shot in {country}.", paraphrase_of: filmed }
  - { text: "I loved the food in {country}.", frame: positive }
slots:
  country: { values: [{ name: France, iso3: FRA }, { name: Kenya, iso3: KEN }] }
`;
    const items = expandProbe(loadText(yaml));
    expect(items).toHaveLength(6);
    expect(items[0]).toEqual({
      text: 'This film was filmed in France.',
      template: 'This film was filmed in {country}.',
      template_id: 'filmed',
      frame: 'neutral',
      paraphrase_of: null,
      slots: { country: { value: 'France', iso3: 'FRA' } },
      control: false,
      group: 'France',
      filler: 'France',
    });
    expect(items[3]).toMatchObject({ text: 'The movie was shot in Kenya.', template_id: 'shot', paraphrase_of: 'filmed' });
    expect(items[4]).toMatchObject({ text: 'I loved the food in France.', template_id: 't3', frame: 'positive' });
  });

  it('draws DIFFERENT entries for numbered repeats, in every order, keyed name1 and name2', () => {
    const yaml = `
id: pairs
attribute: country
templates: ["{name1} and {name2} watched a film from {country}."]
slots:
  name: { values: [Ana, Ben, Cy] }
  country: { values: [France] }
`;
    const items = expandProbe(loadText(yaml));
    expect(items.map((i) => i.text)).toEqual([
      'Ana and Ben watched a film from France.',
      'Ana and Cy watched a film from France.',
      'Ben and Ana watched a film from France.',
      'Ben and Cy watched a film from France.',
      'Cy and Ana watched a film from France.',
      'Cy and Ben watched a film from France.',
    ]);
    expect(items[0].slots).toEqual({ name1: { value: 'Ana' }, name2: { value: 'Ben' }, country: { value: 'France' } });
  });

  it('treats numbered repeats of the attribute slot as ordered pairs of different groups', () => {
    const yaml = `
id: versus
attribute: country
templates: ["Is {country1} better than {country2}?"]
slots:
  country: { values: [France, Kenya, Peru] }
`;
    expect(texts(yaml)).toEqual([
      'Is France better than Kenya?',
      'Is France better than Peru?',
      'Is Kenya better than France?',
      'Is Kenya better than Peru?',
      'Is Peru better than France?',
      'Is Peru better than Kenya?',
    ]);
  });

  it('applies articles, attributes and sentence-start capitals across slots from different lexicons', () => {
    const yaml = `
id: writers
attribute: country
templates:
  - "{a:occupation} from {country} wrote this."
  - "This {country.demonym} film was made by {a:occupation}."
slots:
  occupation: { lexicon: ./occupations.csv }
  country: { lexicon: countries }
`;
    const lexicons = {
      './occupations.csv': lexicon('occupations', ['engineer', 'university lecturer', 'MBA student', 'hour-long guest', 'doctor']),
      countries: lexicon('countries', [
        { value: 'India', demonym: 'Indian' },
        { value: 'Uganda', demonym: 'Ugandan' },
      ]),
    };
    expect(texts(yaml, lexicons)).toEqual([
      'An engineer from India wrote this.',
      'An engineer from Uganda wrote this.',
      'A university lecturer from India wrote this.',
      'A university lecturer from Uganda wrote this.',
      'An MBA student from India wrote this.',
      'An MBA student from Uganda wrote this.',
      'An hour-long guest from India wrote this.',
      'An hour-long guest from Uganda wrote this.',
      'A doctor from India wrote this.',
      'A doctor from Uganda wrote this.',
      'This Indian film was made by an engineer.',
      'This Ugandan film was made by an engineer.',
      'This Indian film was made by a university lecturer.',
      'This Ugandan film was made by a university lecturer.',
      'This Indian film was made by an MBA student.',
      'This Ugandan film was made by an MBA student.',
      'This Indian film was made by an hour-long guest.',
      'This Ugandan film was made by an hour-long guest.',
      'This Indian film was made by a doctor.',
      'This Ugandan film was made by a doctor.',
    ]);
  });

  it('crosses names filtered by gender with countries (intersectional probes)', () => {
    const yaml = `
id: names
attribute: country
templates: ["{name} from {country} made this film."]
slots:
  name: { lexicon: first_names, where: { gender: female } }
  country: { values: [Chile, Japan] }
`;
    const names = lexicon('first_names', [
      { value: 'Maria', gender: 'female' },
      { value: 'Omar', gender: 'male' },
      { value: 'Yuki', gender: 'female' },
    ]);
    const items = expandProbe(loadText(yaml, { first_names: names }));
    expect(items.map((i) => i.text)).toEqual([
      'Maria from Chile made this film.',
      'Maria from Japan made this film.',
      'Yuki from Chile made this film.',
      'Yuki from Japan made this film.',
    ]);
    expect(items[0].slots.name).toEqual({ value: 'Maria', gender: 'female' });
  });

  it('adds control items after each template, with the made-up words in the attribute slot', () => {
    const yaml = `
id: ctl
attribute: country
templates: ["Filmed in {country}.", "Shot in {country} by {name}."]
slots:
  country: { values: [France, Kenya] }
  name: { values: [Ana] }
control: { values: [Blicket, Dax] }
`;
    const items = expandProbe(loadText(yaml));
    expect(items.map((i) => [i.text, i.control])).toEqual([
      ['Filmed in France.', false],
      ['Filmed in Kenya.', false],
      ['Filmed in Blicket.', true],
      ['Filmed in Dax.', true],
      ['Shot in France by Ana.', false],
      ['Shot in Kenya by Ana.', false],
      ['Shot in Blicket by Ana.', true],
      ['Shot in Dax by Ana.', true],
    ]);
    expect(items[2].slots).toEqual({ country: { value: 'Blicket' } });
  });

  it('inserts hostile lexicon text literally: no re-expansion, no escaping, no interpretation', () => {
    const yaml = `
id: hostile
attribute: country
templates: ["A film from {country}, by {name}."]
slots:
  country: { lexicon: hostile.json }
  name: { values: ["{{name}}", "{country}", "O'Neil \\"Bo\\""] }
`;
    const hostile = lexicon('hostile', ['</script><script>alert(1)</script>', '{name}', '${process.exit()}']);
    expect(texts(yaml, { 'hostile.json': hostile })).toEqual([
      'A film from </script><script>alert(1)</script>, by {{name}}.',
      'A film from {name}, by {{name}}.',
      'A film from ${process.exit()}, by {{name}}.',
      'A film from </script><script>alert(1)</script>, by {country}.',
      'A film from {name}, by {country}.',
      'A film from ${process.exit()}, by {country}.',
      'A film from </script><script>alert(1)</script>, by O\'Neil "Bo".',
      'A film from {name}, by O\'Neil "Bo".',
      'A film from ${process.exit()}, by O\'Neil "Bo".',
    ]);
  });

  it('counts exactly what it expands, control items included', () => {
    const yaml = `
id: count
attribute: country
templates: ["{name1} met {name2} in {country}.", "Filmed in {country}."]
slots:
  name: { values: [Ana, Ben, Cy, Di] }
  country: { values: [France, Kenya, Peru] }
control: { values: [Blicket, Dax] }
`;
    const loaded = loadText(yaml);
    // (4*3 contexts x (3 groups + 2 control)) + (1 context x (3 + 2)) = 60 + 5
    expect(countItems(loaded)).toBe(65);
    expect(expandProbe(loaded)).toHaveLength(65);
  });
});

describe('expandProbe: sample mode', () => {
  const yaml = (seed: number, n = 10) => `
id: sampled
attribute: country
templates:
  - { id: a, text: "{name} watched a film from {country} with {friend}." }
  - { id: b, text: "With {friend}, {name} saw a movie from {country}.", paraphrase_of: a }
slots:
  name: { values: [Ana, Ben, Cy, Di, Ed, Flo] }
  friend: { values: [Gus, Hal, Ivy, Jo] }
  country: { values: [France, Kenya] }
control: { values: [Blicket] }
sampling: { mode: sample, n: ${n}, seed: ${seed} }
`;
  const contexts = (items: ReturnType<typeof expandProbe>, template: string) =>
    items.filter((i) => i.template_id === template && !i.control && i.slots.country.value === 'France').map((i) => `${i.slots.name.value}+${i.slots.friend.value}`);

  it('gives the same items for the same seed and other items for another seed', () => {
    const first = expandProbe(loadText(yaml(13)));
    expect(expandProbe(loadText(yaml(13)))).toEqual(first);
    expect(contexts(expandProbe(loadText(yaml(14))), 'a')).not.toEqual(contexts(first, 'a'));
  });

  it('samples floor(n / groups) contexts per template, each a matched set over every group and control word', () => {
    const items = expandProbe(loadText(yaml(13, 10)));
    // 10 / 2 groups = 5 contexts of the 24, each x (2 countries + 1 control word), for 2 templates
    expect(items).toHaveLength(2 * 5 * 3);
    const a = items.filter((i) => i.template_id === 'a');
    for (let c = 0; c < 5; c++) {
      const set = [a[2 * c], a[2 * c + 1], a[10 + c]];
      expect(set.map((i) => i.slots.country.value)).toEqual(['France', 'Kenya', 'Blicket']);
      expect(new Set(set.map((i) => `${i.slots.name.value}+${i.slots.friend.value}`)).size).toBe(1);
    }
    expect(new Set(contexts(items, 'a')).size).toBe(5);
  });

  it('gives paraphrases with the same slots the same contexts, whatever their order in the file', () => {
    const items = expandProbe(loadText(yaml(7)));
    expect(contexts(items, 'b')).toEqual(contexts(items, 'a'));
  });

  it('keeps sampled contexts in expansion order', () => {
    const order = ['Ana', 'Ben', 'Cy', 'Di', 'Ed', 'Flo'].flatMap((n) => ['Gus', 'Hal', 'Ivy', 'Jo'].map((f) => `${n}+${f}`));
    const sampled = contexts(expandProbe(loadText(yaml(99))), 'a');
    expect([...sampled].sort((x, y) => order.indexOf(x) - order.indexOf(y))).toEqual(sampled);
  });

  it('takes every context when n asks for more than exist', () => {
    expect(expandProbe(loadText(yaml(13, 1000)))).toHaveLength(2 * 24 * 3);
  });
});

describe('expandProbe: limit', () => {
  const yaml = `
id: lim
attribute: country
templates: ["{name} in {country}."]
slots:
  name: { values: [A1, A2, A3, A4, A5, A6, A7, A8, A9, A10] }
  country: { values: [France, Kenya, Peru, Chile] }
`;
  it('keeps a seeded subset of the requested size, in expansion order', () => {
    const all = expandProbe(loadText(yaml)).map((i) => i.text);
    const some = expandProbe(loadText(yaml), { limit: 7, seed: 3 }).map((i) => i.text);
    expect(some).toHaveLength(7);
    expect(some.map((t) => all.indexOf(t))).toEqual([...some.map((t) => all.indexOf(t))].sort((x, y) => x - y));
    expect(expandProbe(loadText(yaml), { limit: 7, seed: 3 }).map((i) => i.text)).toEqual(some);
    expect(expandProbe(loadText(yaml), { limit: 7, seed: 4 }).map((i) => i.text)).not.toEqual(some);
  });

  it('changes nothing when the limit is above the item count', () => {
    expect(expandProbe(loadText(yaml), { limit: 1000 })).toHaveLength(40);
  });
});

describe('expandProbe: limit on a product of a billion sentences (sampling.max raised)', () => {
  const huge = hugeProbeYaml;

  it('builds only the sentences it keeps: 200 of 1,000,000,000, distinct and seeded', () => {
    const probe = loadText(huge(2_000_000_000));
    expect(countItems(probe)).toBe(1_000_000_000);
    const some = expandProbe(probe, { limit: 200, seed: 5 });
    expect(some).toHaveLength(200);
    expect(new Set(some.map((i) => i.text)).size).toBe(200);
    // The first letter is capitalised at the start of a sentence.
    expect(some.every((i) => /^A\d+ and b\d+ met c\d+ in (France|Kenya|Peru|Chile)\.$/.test(i.text))).toBe(true);
    expect(expandProbe(probe, { limit: 200, seed: 5 }).map((i) => i.text)).toEqual(some.map((i) => i.text));
  });

  it('picks the same sentences as sampling the full expansion would (checked on a probe small enough to build)', () => {
    const small = loadText(`
id: small
attribute: country
templates: ["{name} in {country}.", "{name} loved {country}."]
slots:
  name: { values: [A1, A2, A3, A4, A5, A6, A7] }
  country: { values: [France, Kenya, Peru] }
control: { values: [blick, dax] }
`);
    const all = expandProbe(small);
    expect(all).toHaveLength(2 * 7 * 5);
    const kept = sampleIndices(all.length, 13, mulberry32(9)).map((i) => all[i]);
    expect(expandProbe(small, { limit: 13, seed: 9 })).toEqual(kept);
  });

  it('refuses to build what cannot fit in memory, naming the number (E_PROBE_TOO_LARGE)', () => {
    const probe = loadText(huge(2_000_000_000));
    expect(() => expandProbe(probe)).toThrow(/probe "huge": 1,000,000,000 sentences of 1,000,000,000 would have to be built, above the limit of 2,500,000/);
    expect(() => expandProbe(probe, { limit: 6_000_000 })).toThrow(expect.objectContaining({ code: 'E_PROBE_TOO_LARGE', kind: 'input' }));
  });
});
